// intl_labels.test.js: names that look like Dear ImGui label syntax ("##" hides the rest of a label,
// "###" resets its id) or format strings ("%s %d %n") are shown whole, and each row opens its own
// account, even two rows with the same name; a 300-character name is cut with "…" to its column while
// the screen-reader mirror keeps the exact string. Real mouse events at the rows' item rectangles;
// pixels read back from the canvas.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

// 300 characters; the reference server stores at most 255, so the proxy below lengthens the stored
// placeholder in every answer (the API itself allows any string).
const LONG = ('Extraordinarily Long Name Holdings International ').repeat(7).slice(0, 299) + 'Z';
const PLACEHOLDER = 'Long name placeholder';
const NAMES = ['Triple###Reset ID Corp', 'Label##Hidden GmbH', 'Percent %s %d %n Ltd', 'Triple###Reset ID Corp',
  PLACEHOLDER, 'Label'];
const shownName = (n) => (n === PLACEHOLDER ? LONG : n);

let server, hostile, browser;
const ids = {};   // shown name -> ids
h.serverAndBrowser({ demo: 0 }, (s) => ({ server, hostile, browser } = s), { hostile: true, setup: async () => {
  for (const name of NAMES) {
    const body = await h.createAccount(server,
      { name, industry: 'Label##Industry', stage: 'prospect', tags: ['Tag##Hidden', 'a###b'] });
    (ids[shownName(name)] = ids[shownName(name)] || []).push(body.id);
  }
  const lengthen = (a) => { if (a && a.name === PLACEHOLDER) a.name = LONG; return a; };
  // Two users named alike whose ids differ only before "###" (ImGui's PushID(string) would make them one id).
  hostile.rule({
    method: 'GET', path: /^\/api\/users\//, transform: () => ({ count: 2, next: null, previous: null, results: [
      { id: 'usr_a###x', name: 'User##Hidden %s', email: 'a@example.com' },
      { id: 'usr_b###x', name: 'User##Hidden %s', email: 'b@example.com' }] }),
  });
  hostile.rule({
    method: 'GET', path: /^\/api\/accounts\//, transform: (j) => {
      if (Array.isArray(j.results)) j.results.forEach(lengthen);
      else lengthen(j);
      return j;
    },
  });
} });

async function openSignedIn() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${hostile.origin}/`);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length === arg', NAMES.length);
  await h.waitFrames(page);
  return page;
}

// The table's row items (their selectables span the row), top to bottom.
async function rowItems(page) {
  const all = await h.items(page);
  const header = all.find((it) => it.label === 'col:Name' && it.w > 0);
  const names = new Set(NAMES.map(shownName));
  return all.filter((it) => names.has(it.label) && it.w > 200 && it.h > 0 && it.y > header.y)
    .sort((a, b) => a.y - b.y);
}

// Ink of a canvas rectangle (CSS pixels of the page): for each pixel, whether it differs from the
// rectangle's most common colour; rows that are ink nearly edge to edge (row borders) are dropped.
async function inkMask(page, r) {
  return page.evaluate(([x, y, w, hh]) => {
    const src = document.getElementById('canvas');
    const box = src.getBoundingClientRect();
    const sx = src.width / box.width, sy = src.height / box.height;
    const c = document.createElement('canvas'); c.width = src.width; c.height = src.height;
    const ctx = c.getContext('2d'); ctx.drawImage(src, 0, 0);
    const px = Math.round((x - box.left) * sx), py = Math.round((y - box.top) * sy);
    const pw = Math.round(w * sx), ph = Math.round(hh * sy);
    const d = ctx.getImageData(px, py, pw, ph).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    const bg = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const rows = [];
    for (let yy = 0; yy < ph; ++yy) {
      const row = [];
      for (let xx = 0; xx < pw; ++xx) {
        const i = (yy * pw + xx) * 4;
        const diff = Math.abs(d[i] - ((bg >> 16) & 255)) + Math.abs(d[i + 1] - ((bg >> 8) & 255)) + Math.abs(d[i + 2] - (bg & 255));
        row.push(diff > 90 ? 1 : 0);
      }
      if (row.reduce((a, b) => a + b, 0) < 0.8 * pw) rows.push(row);
      else rows.push(new Array(pw).fill(0));
    }
    return { w: pw, h: ph, scale: sx, rows };
  }, [r.x, r.y, r.w, r.h]);
}

// Columns holding ink, and the runs of consecutive ink columns ("blobs") with their ink rows.
function blobs(mask) {
  const out = [];
  let cur = null;
  for (let x = 0; x < mask.w; ++x) {
    const inkRows = [];
    for (let y = 0; y < mask.h; ++y) if (mask.rows[y][x]) inkRows.push(y);
    if (inkRows.length) {
      if (!cur) { cur = { x0: x, x1: x, top: Infinity, bottom: -1 }; out.push(cur); }
      cur.x1 = x;
      cur.top = Math.min(cur.top, inkRows[0]);
      cur.bottom = Math.max(cur.bottom, inkRows[inkRows.length - 1]);
    } else {
      cur = null;
    }
  }
  return out;
}

// The name cell of a row: from the end of its checkbox to the end of the Name column.
async function nameCell(page, id, row) {
  const all = await h.items(page);
  const header = all.find((it) => it.label === 'col:Name' && it.w > 0);
  const box = all.find((it) => it.label === 'select:' + id && it.w > 0);
  assert.ok(header && box, 'the Name header and the row checkbox');
  const x = box.x + box.w + 1;
  return { x, y: row.y, w: header.x + header.w - x, h: row.h };
}

test('label syntax and format strings in names are shown whole; every row opens its own account', async () => {
  const page = await openSignedIn();
  const m = await h.model(page);
  const modelRows = m.list.rows;
  assert.deepEqual(modelRows.map((r) => r.name).sort(), NAMES.map(shownName).sort(), 'the seeded accounts, 300 characters included');
  assert.equal([...LONG].length, 300);

  // Every row's item is labelled with the whole name, in the model's order (two rows share a name).
  let rows = await rowItems(page);
  assert.deepEqual(rows.map((r) => r.label), modelRows.map((r) => r.name));
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'no two rows share an ImGui id');

  // The screen-reader mirror carries each cell's exact string (the 300-character name uncut).
  const mirrorCells = await page.evaluate(() => [...document.querySelectorAll('#a11y-mirror td')].map((c) => c.textContent));
  for (const r of modelRows) assert.ok(mirrorCells.includes(r.name), `mirror cell ${JSON.stringify(r.name.slice(0, 40))}`);
  assert.ok(mirrorCells.includes('Label##Industry'), 'the industry cell whole in the mirror');

  // Pixels, with nothing hovered or selected: "Label##Hidden GmbH" draws beyond "Label".
  await page.mouse.move(1270, 790);
  await h.waitFrames(page);
  rows = await rowItems(page);
  const rowOf = (name, k = 0) => {
    const i = modelRows.map((r, j) => (r.name === name ? j : -1)).filter((j) => j >= 0)[k];
    return { item: rows[i], account: modelRows[i] };
  };
  const inkRight = async (name) => {
    const { item, account } = rowOf(name);
    const mask = await inkMask(page, await nameCell(page, account.id, item));
    const b = blobs(mask);
    assert.ok(b.length > 0, `ink in the name cell of ${name}`);
    return b[b.length - 1].x1 / mask.scale;
  };
  const hiddenRight = await inkRight('Label##Hidden GmbH');
  const labelRight = await inkRight('Label');
  assert.ok(hiddenRight > labelRight + 30, `"Label##Hidden GmbH" ends at ${hiddenRight.toFixed(0)} px, "Label" at ${labelRight.toFixed(0)} px`);

  // The 300-character name ends with "…" inside its column: the last three ink blobs are dots on
  // the baseline (low, short and alike), not letters cut by the column's edge.
  const long = rowOf(LONG);
  const cell = await nameCell(page, long.account.id, long.item);
  const mask = await inkMask(page, cell);
  const b = blobs(mask);
  const top = Math.min(...b.map((x) => x.top)), bottom = Math.max(...b.map((x) => x.bottom));
  const last = b.slice(-3);
  assert.equal(last.length, 3);
  for (const dot of last) {
    assert.ok(dot.top > top + (bottom - top) * 0.6, `a dot on the baseline (rows ${dot.top}-${dot.bottom} of ${top}-${bottom})`);
    assert.ok(dot.x1 - dot.x0 <= (bottom - top) * 0.4, `a dot is narrow (${dot.x1 - dot.x0 + 1} px)`);
  }
  assert.ok(last[2].x1 < mask.w - 1, `the ellipsis ends inside the column (${last[2].x1} of ${mask.w} px)`);
  const before = b[b.length - 4];
  assert.ok(before.top < top + (bottom - top) * 0.5, 'a letter before the ellipsis');

  // Real clicks at each row's rectangle: the model opens that row's account and the detail pane's
  // title (a heading in the screen-reader mirror) is its whole name.
  for (let i = 0; i < modelRows.length; ++i) {
    const row = (await rowItems(page))[i];
    assert.equal(row.label, modelRows[i].name);
    await page.mouse.click(row.x + Math.min(row.w / 2, 60), row.y + row.h / 2);
    await h.waitForModel(page, 'm.selectedId === arg && m.records.detail.account && m.records.detail.account.id === arg',
      modelRows[i].id);
    await page.waitForFunction((name) => [...document.querySelectorAll('#a11y-mirror [role=heading]')]
      .some((e) => e.textContent === name), modelRows[i].name);
    const detail = (await h.model(page)).records.detail.account;
    assert.equal(detail.name, modelRows[i].name);
    if (i === 0) {   // the detail's tags, whole, each its own item
      const tags = [await h.findItem(page, 'Tag##Hidden'), await h.findItem(page, 'a###b')];
      assert.notEqual(tags[0].id, tags[1].id);
    }
  }
  // The two accounts named alike were both opened, each by its own row.
  assert.equal(ids['Triple###Reset ID Corp'].length, 2);
  assert.deepEqual(modelRows.filter((r) => r.name === 'Triple###Reset ID Corp').map((r) => r.id).sort(),
    [...ids['Triple###Reset ID Corp']].sort());
  assert.deepEqual(page.errors, []);
});

test('filter chips, the industry list and the users list show data whole; same-named users stay apart', async () => {
  const page = await openSignedIn();
  // Typed search text with label syntax: the chip's label is the whole text.
  const search = await h.findItem(page, 'Search');
  await page.mouse.click(search.x + search.w / 2, search.y + search.h / 2);
  await page.keyboard.type('Triple###Reset');
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.search === "Triple###Reset" && m.list.rows.length === 2');
  await h.findItem(page, 'Search: "Triple###Reset"  \u00d7');
  const rows = await rowItems(page);
  assert.deepEqual(rows.map((r) => r.label), ['Triple###Reset ID Corp', 'Triple###Reset ID Corp']);
  assert.notEqual(rows[0].id, rows[1].id);
  // The industry seen in the rows is offered whole in the industry list.
  await h.findItem(page, 'Industry');
  // Two items are named Industry: the text field, then the arrow that opens the list.
  const arrow = (await h.items(page)).filter((it) => it.label === 'Industry' && it.w > 0).pop();
  await page.mouse.click(arrow.x + arrow.w / 2, arrow.y + arrow.h / 2);
  const option = await h.findItem(page, 'Label##Industry');
  await page.mouse.click(option.x + 10, option.y + option.h / 2);
  await h.waitForModel(page, 'm.list.query.industry === "Label##Industry" && m.list.status === "loaded"');
  await h.findItem(page, 'Industry: Label##Industry  \u00d7');
  // Two users with the same name and ids alike after "###": two entries, each picks its own user.
  await h.waitForModel(page, 'm.list.users.status === "loaded"');
  await h.clickItem(page, 'Assigned');
  await h.findItem(page, 'User##Hidden %s');
  const users = (await h.items(page)).filter((it) => it.label === 'User##Hidden %s' && it.w > 0).sort((a, b) => a.y - b.y);
  assert.equal(users.length, 2);
  assert.notEqual(users[0].id, users[1].id);
  await page.mouse.click(users[1].x + 10, users[1].y + users[1].h / 2);
  await h.waitForModel(page, 'm.list.query.assignedTo === "usr_b###x" && m.list.status === "loaded"');
  await h.findItem(page, 'Assigned: User##Hidden %s  \u00d7');
  assert.deepEqual(page.errors, []);
});
