// list.test.js: the accounts list screen in the browser, against the reference server: sort by header,
// stage chips, keyboard search (debounced), paging, page size, clear filters, back button, deep link,
// keyboard navigation. Every action is a real mouse or keyboard event at an item's rectangle.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 240 }, (s) => ({ server, browser } = s));

// The reference server's own answer for a query string, to compare the console's rows with.
async function api(query) {
  const r = await fetch(`${server.origin}/api/accounts/?${query}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(r.status, 200);
  return r.json();
}

async function openSignedIn(hash = '', viewport, deviceScaleFactor = 1) {
  // bypassCSP: the harness evaluates strings in the page, which the server's CSP forbids (see csp.test.js).
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 800 }, deviceScaleFactor, bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${server.origin}/${hash}`);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded"');
  await h.waitFrames(page);
  return page;
}

// Items whose label starts with a prefix (chips carry their count: "Customer 62").
async function findByPrefix(page, prefix) {
  for (let i = 0; i < 100; ++i) {
    const it = (await h.items(page)).find((x) => x.label.startsWith(prefix) && x.w > 0);
    if (it) return it;
    await page.waitForTimeout(50);
  }
  throw new Error(`no item starting with ${JSON.stringify(prefix)}`);
}

const clickAt = h.hoverClick;
const click = async (page, label) => clickAt(page, await h.findItem(page, label));

// Gives the canvas keyboard focus by clicking an empty spot of the filter row.
// Gives the canvas keyboard focus without clicking a widget (the top bar's layout varies with the
// active filters and the records toolbar, so a click "beside" a widget can land in a text field).
async function focusCanvas(page) {
  await page.locator('#canvas').focus();
  await h.waitFrames(page);
}

const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`clicking a header sorts through the API (asc, desc, default); the back button restores each query${h.atDpr(dpr)}`, async () => {
    const page = await openSignedIn('', undefined, dpr);
    const requests = [];
    page.on('request', (r) => { if (r.url().includes('/api/accounts/') && r.url().includes('limit=25')) requests.push(r.url()); });
    await click(page, 'col:Name');
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "name"');
    const expected = await api('page=1&limit=25&ordering=name');
    assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), expected.results.map((r) => r.id));
    assert.ok(requests.some((u) => u.includes('ordering=name')), 'the sort went to the server');
    assert.match(hashOf(page), /ordering=name/);

    await h.waitFrames(page);
    await click(page, 'col:Name');
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "-name"');
    const desc = await api('page=1&limit=25&ordering=-name');
    assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), desc.results.map((r) => r.id));

    await h.waitFrames(page);
    await click(page, 'col:Name');
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === ""');
    const def = await api('page=1&limit=25');
    assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), def.results.map((r) => r.id));

    // The back button walks the same queries backwards.
    await page.goBack();
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "-name"');
    assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), desc.results.map((r) => r.id));
    await page.goBack();
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "name"');
    assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), expected.results.map((r) => r.id));
    assert.deepEqual(page.errors, []);
  });
}

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`stage chips show the API counts; a chip click filters; measures click-to-rows time${h.atDpr(dpr)}`, async () => {
    const page = await openSignedIn('', undefined, dpr);
    await h.waitForModel(page, 'Object.values(m.list.stageCounts).every((c) => c !== null)');
    const m = await h.model(page);
    for (const stage of ['prospect', 'active', 'customer', 'partner', 'churned']) {
      const truth = await api(`page=1&limit=1&stage=${stage}`);
      assert.equal(m.list.stageCounts[stage], truth.count, `count for ${stage}`);
    }
    assert.equal(m.list.stageCounts.all, 240);

    const chip = await findByPrefix(page, 'Customer ');
    assert.equal(chip.label, `Customer ${m.list.stageCounts.customer}`);
    await page.evaluate(() => {
      window.__timing = {};
      document.getElementById('canvas').addEventListener('mouseup', () => {
        window.__timing.click = performance.now();
        const poll = () => {
          const s = window.consoleTest.model().list;
          if (s.status === 'loaded' && s.query.stage === 'customer' && s.rows.length > 0 &&
              s.rows.every((r) => r.stage === 'customer')) {
            const f = window.consoleTest.frameCount();
            const drawn = () => {
              if (window.consoleTest.frameCount() > f) { window.__timing.rows = performance.now(); return; }
              requestAnimationFrame(drawn);
            };
            requestAnimationFrame(drawn);
            return;
          }
          requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }, { once: true });
    });
    await clickAt(page, chip);
    await page.waitForFunction(() => window.__timing.rows !== undefined);
    const t = await page.evaluate(() => window.__timing.rows - window.__timing.click);
    console.log(`# chip click -> customer rows drawn: ${t.toFixed(1)} ms`);
    const after = await h.model(page);
    assert.equal(after.list.count, m.list.stageCounts.customer);
    assert.equal(after.list.query.page, 1);
    assert.match(hashOf(page), /stage=customer/);
    assert.deepEqual(page.errors, []);
  });
}

test('typing a search with the keyboard sends one debounced request and filters the rows', async () => {
  const page = await openSignedIn('#/accounts?page=3');
  const searches = [];
  page.on('request', (r) => { if (r.url().includes('/api/accounts/') && r.url().includes('limit=25')) searches.push(r.url()); });
  await focusCanvas(page);
  await page.keyboard.press('/');
  await h.waitFrames(page);
  await page.keyboard.type('helix', { delay: 30 });
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.search === "helix"');
  const m = await h.model(page);
  const truth = await api('page=1&limit=25&search=helix');
  assert.ok(truth.count > 0, 'the demo data has helix accounts');
  assert.equal(m.list.count, truth.count);
  assert.equal(m.list.query.page, 1, 'a search goes back to page 1');
  assert.ok(m.list.rows.every((r) => (r.name + r.website).toLowerCase().includes('helix')));
  const withSearch = searches.filter((u) => /[?&]search=/.test(u));
  const sent = withSearch.map((u) => new URL(u).searchParams.get('search'));
  console.log(`# typed 5 keys 30 ms apart: ${sent.length} search request(s): ${JSON.stringify(sent)}`);
  // One request for the burst, even when a frame stalls between two keys on a loaded machine (a
  // key that waited behind a slow frame restarts the wait before it can fire).
  assert.deepEqual(sent, ['helix'], 'debounced: one request for 5 keys');
  assert.match(hashOf(page), /search=helix/);
});

test('paging: next (prefetched), a page number, last, first, jump to a page, page size', async () => {
  const page = await openSignedIn();
  await h.waitForModel(page, 'm.list.prefetching === false && m.list.cachedPages >= 2');
  await click(page, 'Next');
  await h.waitForModel(page, 'm.list.query.page === 2 && m.list.rows.length === 25');
  const p2 = await h.model(page);
  assert.equal(p2.list.rows[0].id, (await api('page=2&limit=25')).results[0].id);
  await h.waitForModel(page, 'm.list.status === "loaded"');

  await h.waitFrames(page);
  await click(page, '4');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 4');
  await h.waitFrames(page);
  await click(page, 'Last');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 10');
  assert.equal((await h.model(page)).list.rows.length, 15);
  await h.waitFrames(page);
  await click(page, 'First');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 1');

  // Jump: the box just before "Go"; 99 is past the end and lands on the last page.
  const all = await h.items(page);
  const go = all.findIndex((x) => x.label === 'Go');
  await clickAt(page, all[go - 1]);
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 7');
  await h.waitFrames(page);
  await clickAt(page, (await h.items(page))[go - 1]);
  await page.keyboard.type('99');
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 10');

  // Page size: back to page 1 with that many rows.
  await h.waitFrames(page);
  await click(page, 'per page');
  await h.waitFrames(page);
  await click(page, '50 rows');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.limit === 50');
  const m = await h.model(page);
  assert.equal(m.list.query.page, 1);
  assert.equal(m.list.rows.length, 50);
  assert.equal(hashOf(page), '#/accounts?limit=50');
  assert.deepEqual(page.errors, []);
});

test('combined filters show as chips; "Clear all" removes them and keeps the sort', async () => {
  const page = await openSignedIn('#/accounts?ordering=-name');
  await clickAt(page, await findByPrefix(page, 'Partner '));
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === "partner"');
  await focusCanvas(page);
  await page.keyboard.press('/');
  await h.waitFrames(page);
  await page.keyboard.type('a');
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.search === "a"');
  const both = await h.model(page);
  const truth = await api('page=1&limit=25&stage=partner&search=a&ordering=-name');
  assert.equal(both.list.count, truth.count);
  assert.deepEqual(both.list.query, { page: 1, limit: 25, stage: 'partner', industry: '', assignedTo: '', search: 'a', ordering: '-name' });
  assert.deepEqual(both.list.rows.map((r) => r.id), truth.results.map((r) => r.id));
  await findByPrefix(page, 'Stage: Partner');
  await findByPrefix(page, 'Search: "a"');

  await h.waitFrames(page);
  await click(page, 'Clear all');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === "" && m.list.query.search === ""');
  const m = await h.model(page);
  assert.equal(m.list.count, 240);
  assert.equal(m.list.query.ordering, '-name');
  assert.equal(hashOf(page), '#/accounts?ordering=-name');
});

test('a deep link survives a reload; keyboard: j/k, Enter, Ctrl+Right, Esc, ?', async () => {
  const page = await openSignedIn('#/accounts?page=2&limit=10&stage=active&ordering=-name');
  await page.reload();
  await h.waitForModel(page, 'm && m.list.status === "loaded" && m.list.query.stage === "active"');
  const linked = await h.model(page);
  assert.deepEqual(linked.list.query, { page: 2, limit: 10, stage: 'active', industry: '', assignedTo: '', search: '', ordering: '-name' });
  const truth = await api('page=2&limit=10&stage=active&ordering=-name');
  assert.deepEqual(linked.list.rows.map((r) => r.id), truth.results.map((r) => r.id));

  const rows = linked.list.rows;
  await h.waitFrames(page);
  await focusCanvas(page);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await h.waitForModel(page, 'm.list.cursorId === arg', rows[1].id);
  await page.keyboard.press('Control+ArrowRight');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 3');
  await page.keyboard.press('Escape');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === "" && m.list.query.page === 1');
  await page.keyboard.press('Shift+Slash');
  await h.clickItem(page, 'Close');
  await focusCanvas(page);
  const first = (await h.model(page)).list.rows;
  await page.keyboard.press('j');
  await h.waitForModel(page, 'arg.includes(m.list.cursorId)', first.map((r) => r.id));
  const cursor = (await h.model(page)).list.cursorId;
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.selectedId === arg', cursor);
  // With the detail panel open beside the list, Ctrl+arrows still page the list.
  await h.waitFrames(page);
  await page.keyboard.press('Control+ArrowRight');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2 && m.selectedId === arg', cursor);
  await page.keyboard.press('Control+ArrowLeft');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 1');
  assert.deepEqual(page.errors, []);
});

test('assigned user: names from /api/users/ when the server has it, else an id box that filters', async () => {
  const page = await openSignedIn();
  await h.waitForModel(page, 'm.list.users.status !== "loading" && m.list.users.status !== "idle"');
  const m = await h.model(page);
  const userId = (await api('page=1&limit=100')).results.find((r) => r.assignedTo).assignedTo;
  if (m.list.users.status === 'unavailable') {
    await click(page, 'Assigned');
    await page.keyboard.type(userId);
    await page.keyboard.press('Enter');
  } else {
    assert.equal(m.list.users.status, 'loaded');
    assert.ok(m.list.users.count > 0);
    await click(page, 'Assigned');
    await h.waitFrames(page);
    const users = await (await fetch(`${server.origin}/api/users/`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
    const u = users.results.find((x) => x.id === userId);
    await click(page, u.name);
  }
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.assignedTo === arg', userId);
  const truth = await api(`page=1&limit=25&assignedTo=${encodeURIComponent(userId)}`);
  assert.equal((await h.model(page)).list.count, truth.count);
});

test('frame CPU time with 100 rows visible', async () => {
  const page = await openSignedIn('#/accounts?limit=100', { width: 1280, height: 2400 });
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length === 100');
  await h.waitFrames(page, 10);
  const names = new Set((await h.model(page)).list.rows.map((r) => r.name));
  const rowsDrawn = (await h.items(page)).filter((x) => names.has(x.label) && x.h > 0).length;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  };
  // The console draws only when something happens (idle loop): ask for frames to measure them.
  const f0 = await h.frameCount(page);
  const m0 = await metric();
  await h.waitFrames(page, 60);
  const f1 = await h.frameCount(page);
  const m1 = await metric();
  const frames = f1 - f0;
  const cpuMs = ((m1.ScriptDuration - m0.ScriptDuration) * 1000) / frames;
  const taskMs = ((m1.TaskDuration - m0.TaskDuration) * 1000) / frames;
  console.log(`# 100-row page: ${rowsDrawn} row items drawn, ${frames} frames, ` +
    `script ${cpuMs.toFixed(2)} ms/frame, all main-thread tasks ${taskMs.toFixed(2)} ms/frame`);
  assert.ok(rowsDrawn >= 90, `most of the 100 rows are on screen (${rowsDrawn})`);
  assert.ok(frames > 0, 'the app draws the frames it was asked for');
});

test('optional columns: Revenue is hidden at first, shown from the Columns menu with the API\'s values, kept across a reload', async () => {
  const page = await openSignedIn('', { width: 1600, height: 900 });
  assert.ok(!(await h.items(page)).some((it) => it.label === 'col:Revenue'), 'hidden by default');
  await click(page, 'Columns');
  await click(page, 'Revenue');   // the menu's check box
  await h.findItem(page, 'col:Revenue');
  await page.keyboard.press('Escape');   // closes the menu

  // The screen-reader mirror's table has the column, each cell the value as the list formats it.
  const expected = (await api('page=1&limit=25')).results;
  const formatted = (v) => (v === null || v === undefined ? '-'
    : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  await page.waitForFunction(() => [...document.querySelectorAll('#a11y-mirror table th')]
    .some((th) => th.textContent === 'Revenue'));
  const table = await page.evaluate(() => [...document.querySelectorAll('#a11y-mirror table tr')]
    .map((tr) => [...tr.children].map((c) => c.textContent)));
  const col = table[0].indexOf('Revenue');
  const nameCol = table[0].indexOf('Name');
  assert.ok(col > 0 && nameCol >= 0);
  assert.ok(table.length > 5);
  assert.ok(expected.some((a) => typeof a.annualRevenue === 'number'), 'the list sends annualRevenue');
  for (let r = 1; r < table.length; ++r) {
    assert.equal(table[r][nameCol], expected[r - 1].name || expected[r - 1].id);
    assert.equal(table[r][col], formatted(expected[r - 1].annualRevenue), `row ${r}`);
  }

  // The choice is kept with the table's layout (saved a few seconds after the change), across a reload.
  await page.waitForFunction(() => /Column 9\s[^\n]*Visible=1/.test(localStorage.getItem('accountsConsole.imgui.ini') || ''),
    null, { timeout: 20000 });
  await page.reload();   // the token is remembered for the tab
  await h.waitForModel(page, 'm && m.list.status === "loaded"');
  await h.findItem(page, 'col:Revenue');
  await click(page, 'Columns');
  await click(page, 'Revenue');
  for (let i = 0; i < 100 && (await h.items(page)).some((it) => it.label === 'col:Revenue'); ++i) await page.waitForTimeout(50);
  assert.ok(!(await h.items(page)).some((it) => it.label === 'col:Revenue'), 'hidden again');
  assert.deepEqual(page.errors, []);
});

// A click on a row the user can see leaves every row where it was: the list does not scroll to centre
// it, and the detail pane that opens (narrowing the table, the Stage badges off screen) does not
// change the rows' height.
test('a click on a visible row moves no row: no scroll, one row height with the detail pane open', async () => {
  const page = await openSignedIn('', { width: 1400, height: 640 });
  const rows = (await h.model(page)).list.rows;
  const rectsOf = async () => {
    const all = await h.items(page);
    return rows.map((r) => all.find((it) => it.label === r.name && it.h > 0)).filter(Boolean);
  };
  const nameHeader = async () => (await h.findItem(page, 'col:Name')).w;
  const headerBefore = await nameHeader();
  const before = await rectsOf();
  assert.ok(before.length >= 8, `rows on screen (${before.length})`);
  const target = before[before.length - 3];   // low in the view, wholly visible
  await clickAt(page, target);
  await h.waitForModel(page, 'm.selectedId === arg && m.records.detail.status === "loaded"', rows[before.length - 3].id);
  await h.waitFrames(page, 4);
  const after = await rectsOf();
  assert.ok(await nameHeader() < headerBefore, 'the detail pane narrowed the table');
  for (let i = 0; i < before.length; i++) {
    assert.equal(after[i].y, before[i].y, `row ${i + 1} stays at its place (${before[i].y} -> ${after[i].y})`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
