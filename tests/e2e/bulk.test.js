// bulk.test.js: selection and bulk actions against the reference server, with real mouse and
// keyboard at item rectangles: checkboxes, Ctrl+click, Shift+click, bulk stage change with one
// account deleted through the API meanwhile and one request dropped by the network, "Retry failed",
// "select all N matching" on a filter, cleared by a filter change, and bulk delete with the list
// and counts updated.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 120 }, (s) => ({ server, browser } = s));

// The API as a second client ("someone else", and the source of truth).
const api = (method, p, body) => h.api(server, method, p, body);

const signedIn = (deviceScaleFactor = 1) => h.openSignedIn(browser, server.origin, server.token, { deviceScaleFactor });

async function clickAt(page, it, modifiers = []) {
  for (const k of modifiers) await page.keyboard.down(k);
  await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  for (const k of modifiers) await page.keyboard.up(k);
  await h.waitFrames(page, 2);
}

// An idle console draws no frames: ask for some so items() shows what the model now holds.
async function item(page, label) {
  await h.waitFrames(page, 3);
  return h.findItem(page, label);
}

// The last item with this label (a popup's items come after the list's).
async function lastItem(page, label) {
  await item(page, label);
  const all = (await h.items(page)).filter((it) => it.label === label && it.w > 0 && it.h > 0);
  return all[all.length - 1];
}

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`bulk stage change: checkbox, Ctrl and Shift clicks; a deleted account and a dropped request fail; retry sends only those${h.atDpr(dpr)}`, async () => {
    const page = await signedIn(dpr);
    const rows = (await h.model(page)).list.rows;
    const target = 'customer';
    // Checkboxes on rows 0-2, Ctrl+click on row 4's name, Shift+click on row 6's name: 0,1,2,4,5,6.
    for (const r of rows.slice(0, 3)) await clickAt(page, await item(page, 'select:' + r.id));
    await clickAt(page, await item(page, rows[4].name), ['Control']);
    await clickAt(page, await item(page, rows[6].name), ['Shift']);
    const chosen = [0, 1, 2, 4, 5, 6].map((i) => rows[i]);
    let m = await h.model(page);
    assert.deepEqual([...m.selection.ids].sort(), chosen.map((r) => r.id).sort());
    assert.equal(m.selectedId, '', 'Ctrl/Shift clicks select for bulk and open nothing');
    const box = (await h.items(page)).find((it) => it.label === 'select:' + rows[5].id);
    assert.equal(box.checked, true, 'the range shows as checked');

    // Someone deletes one of them meanwhile; the network drops another one's first PATCH.
    const deleted = chosen[1];
    assert.equal((await api('DELETE', `/api/accounts/${deleted.id}/`)).status, 204);
    const flaky = chosen.find((r) => r.id !== deleted.id && r.stage !== target);
    assert.ok(flaky, 'a chosen account that is not a customer yet');
    let dropped = 0;
    const open = new Set();   // PATCHes sent and not answered yet (see below)
    await page.route(`**/api/accounts/${flaky.id}/`, (route) => {
      if (route.request().method() === 'PATCH' && dropped === 0) {
        dropped++;
        open.delete(route.request());   // answered now, before the page can learn it and send another
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    const patches = [];
    page.on('request', (req) => { if (req.method() === 'PATCH') patches.push(req.url()); });
    // Concurrency counted on the network side: PATCHes sent and not yet answered (an answer's
    // headers come before the page can read it and send the next one).
    let mostOpen = 0;
    page.on('request', (req) => { if (req.method() === 'PATCH') { open.add(req); mostOpen = Math.max(mostOpen, open.size); } });
    page.on('response', (res) => open.delete(res.request()));
    page.on('requestfailed', (req) => open.delete(req));

    await clickAt(page, await item(page, 'Change stage'));
    await clickAt(page, await lastItem(page, 'Customer'));
    await h.waitForModel(page, 'm.bulk.phase === "confirm" && m.bulk.total === 6');
    await clickAt(page, await item(page, 'Change 6 accounts'));
    await h.waitForModel(page, 'm.bulk.phase === "done"');
    m = await h.model(page);
    assert.equal(m.bulk.succeeded, 4);
    assert.equal(mostOpen, 4, `6 changes go out 4 at a time (at most ${mostOpen} were in flight)`);
    assert.equal(m.bulk.maxInFlight, 4);
    const byId = Object.fromEntries(m.bulk.failures.map((f) => [f.id, f]));
    assert.deepEqual(Object.keys(byId).sort(), [deleted.id, flaky.id].sort());
    assert.equal(byId[deleted.id].httpStatus, 404);
    assert.equal(byId[deleted.id].name, deleted.name);
    assert.equal(byId[deleted.id].message, 'Not found: the account was deleted meanwhile.');
    assert.equal(byId[flaky.id].code, 'api.network');
    assert.equal(patches.length, 6);
    for (const r of chosen) {
      if (r.id === deleted.id || r.id === flaky.id) continue;
      assert.equal((await api('GET', `/api/accounts/${r.id}/`)).json.stage, target);
    }
    assert.equal(dropped, 1);
    assert.equal((await api('GET', `/api/accounts/${flaky.id}/`)).json.stage, flaky.stage, 'the dropped PATCH changed nothing');

    patches.length = 0;
    await clickAt(page, await item(page, 'Retry failed'));
    await h.waitForModel(page, 'm.bulk.phase === "done" && m.bulk.attempt === 2');
    m = await h.model(page);
    assert.deepEqual(patches.map((u) => u.split('/').slice(-2, -1)[0]).sort(), [deleted.id, flaky.id].sort(),
      'the retry sends only the failed ids');
    assert.equal(m.bulk.succeeded, 1);
    assert.deepEqual(m.bulk.failures.map((f) => f.id), [deleted.id]);
    assert.equal((await api('GET', `/api/accounts/${flaky.id}/`)).json.stage, target);
    await clickAt(page, await item(page, 'Close'));
    await h.waitForModel(page, 'm.bulk.phase === "idle" && m.list.status === "loaded"');
    m = await h.model(page);
    assert.deepEqual(m.selection.ids, [deleted.id], 'what failed stays selected');
    assert.deepEqual(page.errors, []);
  });
}

test('select all N matching on a filter; a filter change clears it; bulk delete updates the list and counts', async () => {
  const page = await signedIn();
  await h.waitForModel(page, 'Object.values(m.list.stageCounts).every((c) => c !== null)');
  const stage = 'prospect';
  const before = await api('GET', `/api/accounts/?limit=1&stage=${stage}`);
  assert.ok(before.json.count > 25, 'more prospects than one page');
  const chip = (await h.items(page)).find((it) => it.label.startsWith('Prospect '));
  await clickAt(page, chip);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === arg', stage);
  await h.waitFrames(page);

  await clickAt(page, await item(page, 'Select page'));
  await h.waitForModel(page, 'm.selection.count === 25 && m.selection.offersAllMatching');
  await clickAt(page, await item(page, `Select all ${before.json.count} matching`));
  await h.waitForModel(page, 'm.selection.allMatching && !m.selection.collecting');
  let m = await h.model(page);
  assert.equal(m.selection.count, before.json.count);
  const all = await api('GET', `/api/accounts/?limit=100&stage=${stage}`);
  assert.deepEqual([...m.selection.ids].sort(), all.json.results.map((r) => r.id).sort());

  // Another filter: the selection is gone.
  await clickAt(page, chip);
  await h.waitForModel(page, 'm.list.query.stage === "" && m.selection.count === 0');

  // Back on the filter: select the page and delete it.
  await clickAt(page, (await h.items(page)).find((it) => it.label.startsWith('Prospect ')));
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === arg && m.list.rows.length === 25', stage);
  await h.waitFrames(page);
  const doomed = (await h.model(page)).list.rows.map((r) => r.id);
  const totalBefore = (await api('GET', '/api/accounts/?limit=1')).json.count;
  await clickAt(page, await item(page, 'Select page'));
  await h.waitForModel(page, 'm.selection.count === 25');
  await clickAt(page, await item(page, 'Delete selected'));
  await h.waitForModel(page, 'm.bulk.phase === "confirm"');
  await clickAt(page, await item(page, 'Delete 25 accounts'));
  await h.waitForModel(page, 'm.bulk.phase === "done"');
  m = await h.model(page);
  assert.equal(m.bulk.succeeded, 25);
  assert.deepEqual(m.bulk.failures, []);
  console.log(`# bulk delete of 25 accounts: ${m.bulk.elapsedMs.toFixed(0)} ms (frame clock)`);
  await clickAt(page, await item(page, 'Close'));
  const after = await api('GET', `/api/accounts/?limit=1&stage=${stage}`);
  assert.equal(after.json.count, before.json.count - 25);
  for (const id of doomed.slice(0, 3)) assert.equal((await api('GET', `/api/accounts/${id}/`)).status, 404);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.count === arg.n && m.list.stageCounts.prospect === arg.n && m.list.stageCounts.all === arg.all',
    { n: after.json.count, all: totalBefore - 25 });
  m = await h.model(page);
  assert.ok(m.list.rows.every((r) => !doomed.includes(r.id)), 'no deleted row is shown');
  assert.equal(m.selection.count, 0);
  assert.deepEqual(page.errors, []);
});
