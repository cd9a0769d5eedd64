// local_mode.test.js: local mode's own controls in the browser against the reference server (250
// accounts): Refresh (changes made elsewhere appear only after it), the third click on a column
// header (sort off: load order again), the stage filter, client-side pages, and the CSV export of
// what the local table shows (no request; the file checked line by line). Real mouse and keyboard
// events at item rectangles; what is drawn is read from the screen-reader mirror's table.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 250 }, (s) => ({ server, browser } = s));

const api = (method, p, body) => h.api(server, method, p, body);

// Every account of a query, page by page, as the API orders them.
async function allAccounts(query = '') {
  const out = [];
  for (let page = 1; ; ++page) {
    const r = await api('GET', `/api/accounts/?page=${page}&limit=100${query ? '&' + query : ''}`);
    assert.equal(r.status, 200);
    out.push(...r.json.results);
    if (!r.json.next) return { count: r.json.count, results: out };
  }
}

// The names drawn, top to bottom (the Name column of the mirror's rows).
const drawnNames = (t) => t.rows.map((r) => r[t.headers.indexOf('Name')]);

// The row names on screen, top to bottom: rows whose rectangle lies below the header row and inside
// the page (a scrolled table still submits its first row, above the view, to measure it).
async function rowsOnScreen(page, names) {
  const header = await h.findItem(page, 'lcol:Name');
  const height = page.viewportSize().height;
  return (await h.items(page))
    .filter((it) => it.y >= header.y + header.h - 1 && it.y + it.h <= height && it.h > 0 && it.w > 200 && names.has(it.label))
    .sort((a, b) => a.y - b.y).map((it) => it.label);
}

async function openLocal({ acceptDownloads = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true, acceptDownloads });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  h.trackRequests(page);
  await page.goto(`${server.origin}/`);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.users.status === "loaded"');
  await h.waitIdle(page);
  await h.hoverClick(page, await h.findItem(page, 'Local mode'));
  await h.waitForModel(page, 'm.local.active && m.local.loaded && m.local.walk === "done"', undefined, 60000);
  await h.waitIdle(page);
  // Account-list requests from here on (local mode should send none while sorting, filtering, paging).
  page.accountRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/accounts/')) page.accountRequests.push(r.url()); });
  return { context, page };
}

const click = async (page, label) => h.hoverClick(page, await h.findItem(page, label));

// The last item with this label that is drawn (a combo's list comes after the rest of the window).
async function lastItem(page, label) {
  await h.findItem(page, label);
  const all = (await h.items(page)).filter((it) => it.label === label && it.w > 0 && it.h > 0);
  return all[all.length - 1];
}

async function chooseInCombo(page, combo, choice) {
  await click(page, combo);
  await h.hoverClick(page, await lastItem(page, choice));
}

test('Refresh reloads the local copy: edits, a new and a deleted account made elsewhere appear only then', async () => {
  const { context, page } = await openLocal();
  const before = (await h.model(page)).local;
  assert.equal(before.count, 250);
  const first = await h.waitMirror(page, () => true, 'rows');
  assert.deepEqual(drawnNames(first), before.viewNames.slice(0, first.rows.length), 'rows drawn in load order');

  // Someone else renames the first account, deletes the second and adds two.
  const [renamedId, deletedId] = before.viewIds;
  assert.equal((await api('PATCH', `/api/accounts/${renamedId}/`, { name: 'Renamed Elsewhere Ltd' })).status, 200);
  assert.equal((await api('DELETE', `/api/accounts/${deletedId}/`)).status, 204);
  const added = [await h.createAccount(server, { name: 'Added Elsewhere One', stage: 'prospect' }),
    await h.createAccount(server, { name: 'Added Elsewhere Two', stage: 'customer' })];

  // The copy is a snapshot: nothing changes until Refresh (checked once every answer is in and the
  // console has settled).
  await h.waitIdle(page);
  let m = (await h.model(page)).local;
  assert.deepEqual(m.viewIds, before.viewIds);
  assert.ok(!m.viewNames.includes('Renamed Elsewhere Ltd'));
  assert.equal(page.accountRequests.length, 0, 'no request before Refresh');
  const stale = await h.mirrorTable(page);
  assert.deepEqual(drawnNames(stale), drawnNames(first));

  await click(page, 'Refresh');
  const expected = await allAccounts();
  assert.equal(expected.count, 251);
  await h.waitForModel(page, 'm.local.walk === "done" && JSON.stringify(m.local.viewIds) === JSON.stringify(arg)',
    expected.results.map((a) => a.id), 60000);
  m = (await h.model(page)).local;
  assert.equal(m.count, 251);
  assert.ok(m.loaded && m.active);
  assert.ok(!m.viewIds.includes(deletedId));
  for (const a of added) assert.ok(m.viewIds.includes(a.id), `${a.name} is in the copy`);
  assert.equal(m.viewNames[m.viewIds.indexOf(renamedId)], 'Renamed Elsewhere Ltd');
  // The reference server has the export stream: the refresh reads it, one request (a server without it
  // gets pages of 100: export_stream.test.js compares the two).
  assert.deepEqual(page.accountRequests.map((u) => new URL(u).pathname), ['/api/accounts/export/'],
    'the refresh read the API again, through its export stream');

  // What is drawn: the badge's count and the API's first rows, by name.
  await page.waitForFunction(() => window.consoleTest.items().some((it) => it.label.startsWith('Local copy · 251 accounts · loaded ')));
  const shown = await h.waitMirror(page, (t) => drawnNames(t)[0] === (expected.results[0].name || expected.results[0].id),
    'the refreshed rows');
  assert.deepEqual(drawnNames(shown), expected.results.slice(0, shown.rows.length).map((a) => a.name));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a third click on a column header turns the sort off: load order again, drawn in that order', async () => {
  const { context, page } = await openLocal();
  const loadOrder = (await h.model(page)).local.viewIds;
  const loadNames = (await h.model(page)).local.viewNames;
  const fold = (s) => s.toLowerCase();

  await click(page, 'lcol:Name');
  await h.waitForModel(page, 'm.local.sortColumn === "name" && !m.local.sortDescending');
  let t = await h.waitMirror(page, (x) => x.sort[x.headers.indexOf('Name')] === 'ascending', 'Name ascending');
  const asc = (await h.model(page)).local.viewNames;
  assert.deepEqual(drawnNames(t), asc.slice(0, t.rows.length));
  assert.notDeepEqual(asc.slice(0, 20), loadNames.slice(0, 20), 'sorting changed the order');

  await h.waitIdle(page);
  await click(page, 'lcol:Name');
  await h.waitForModel(page, 'm.local.sortColumn === "name" && m.local.sortDescending');
  t = await h.waitMirror(page, (x) => x.sort[x.headers.indexOf('Name')] === 'descending', 'Name descending');
  const desc = (await h.model(page)).local.viewNames;
  assert.ok(fold(desc[0]) >= fold(desc[desc.length - 1]));
  assert.deepEqual(drawnNames(t), desc.slice(0, t.rows.length));

  // Third click: no sort; the rows are in the order they were loaded (the API's default order).
  await h.waitIdle(page);
  await click(page, 'lcol:Name');
  await h.waitForModel(page, 'm.local.sortColumn === ""');
  const m = (await h.model(page)).local;
  assert.equal(m.sortDescending, false);
  assert.deepEqual(m.viewIds, loadOrder);
  t = await h.waitMirror(page, (x) => drawnNames(x)[0] === loadNames[0], 'the load order');
  assert.ok(t.sort.every((s) => s === null || s === 'none'), `no column shows a sort: ${JSON.stringify(t.sort)}`);
  assert.ok(t.rows.length >= 10);
  assert.deepEqual(drawnNames(t), loadNames.slice(0, t.rows.length));
  assert.equal(page.accountRequests.length, 0, 'sorting never asks the server');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the stage filter narrows the local rows to that stage, with the text filter too; "Any stage" undoes it', async () => {
  const { context, page } = await openLocal();
  const all = (await h.model(page)).local.viewIds;
  const customers = (await allAccounts('stage=customer')).results;
  assert.ok(customers.length > 10 && customers.length < all.length);

  await chooseInCombo(page, 'Local stage', 'Customer');
  await h.waitForModel(page, 'm.local.filterStage === "customer"');
  let m = (await h.model(page)).local;
  assert.deepEqual(m.viewIds, customers.map((a) => a.id), 'exactly the customers, in load order');
  let t = await h.waitMirror(page, (x) => drawnNames(x)[0] === customers[0].name, 'the first customer');
  assert.ok(t.rows.length >= 10);
  assert.deepEqual(drawnNames(t), customers.slice(0, t.rows.length).map((a) => a.name));
  const stageCol = t.headers.indexOf('Stage');
  assert.ok(t.rows.every((r) => r[stageCol] === 'Customer'), 'every drawn row is a customer');

  // With text as well: both filters apply.
  const word = customers[0].name.split(' ')[0];
  await click(page, 'Filter local');
  await page.keyboard.type(word);
  await h.waitForModel(page, 'm.local.filterText === arg', word);
  m = (await h.model(page)).local;
  const both = customers.filter((a) => a.name.toLowerCase().includes(word.toLowerCase()) ||
    (a.website || '').toLowerCase().includes(word.toLowerCase()));
  assert.ok(both.length >= 1 && both.length < customers.length, `${both.length} customers match ${word}`);
  assert.deepEqual(m.viewIds, both.map((a) => a.id));
  t = await h.waitMirror(page, (x) => x.rows.length === both.length, `${both.length} rows`);
  assert.deepEqual(drawnNames(t), both.map((a) => a.name));
  for (let i = 0; i < word.length; ++i) await page.keyboard.press('Backspace');
  await h.waitForModel(page, 'm.local.filterText === ""');

  await chooseInCombo(page, 'Local stage', 'Any stage');
  await h.waitForModel(page, 'm.local.filterStage === ""');
  assert.deepEqual((await h.model(page)).local.viewIds, all);
  t = await h.waitMirror(page, (x) => x.rows.some((r) => r[stageCol] !== 'Customer'), 'other stages again');
  assert.equal(page.accountRequests.length, 0, 'filtering never asks the server');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('client-side pages: 100 a page, Next and Previous show the right slice; the last page holds the rest', async () => {
  const { context, page } = await openLocal();
  const names = (await h.model(page)).local.viewNames;
  const n = names.length;   // 250, 251 after the Refresh test's changes
  assert.ok(n > 200 && n < 300, `${n} accounts: three pages of 100`);

  await chooseInCombo(page, 'Local page size', '100 a page');
  await h.waitForModel(page, 'm.local.pageSize === 100 && m.local.page === 1 && m.local.lastPage === 3');
  let t = await h.waitMirror(page, (x) => drawnNames(x)[0] === names[0], 'page 1');
  assert.deepEqual(drawnNames(t), names.slice(0, t.rows.length));
  assert.equal((await h.findItem(page, 'Previous')).disabled, true, 'no page before the first');

  await click(page, 'Next');
  await h.waitForModel(page, 'm.local.page === 2');
  t = await h.waitMirror(page, (x) => drawnNames(x)[0] === names[100], 'page 2 from row 101');
  assert.deepEqual(drawnNames(t), names.slice(100, 100 + t.rows.length));

  await h.waitIdle(page);
  await click(page, 'Next');
  await h.waitForModel(page, 'm.local.page === 3');
  t = await h.waitMirror(page, (x) => drawnNames(x)[0] === names[200], 'page 3 from row 201');
  assert.deepEqual(drawnNames(t), names.slice(200, 200 + t.rows.length));
  await h.waitIdle(page);
  assert.equal((await h.findItem(page, 'Next')).disabled, true, 'no page after the last');

  // The last page ends with the copy's last account: scroll its rows to the bottom with the wheel.
  const header = await h.findItem(page, 'lcol:Name');
  await page.mouse.move(header.x + 100, header.y + 300);
  for (let i = 0; i < 10; ++i) await page.mouse.wheel(0, 600);
  await h.waitMirror(page, (x) => drawnNames(x).at(-1) === names[n - 1], 'the last account at the bottom');
  await h.waitIdle(page);
  const names3 = await rowsOnScreen(page, new Set(names));
  assert.ok(names3.length >= 10);
  assert.deepEqual(names3, names.slice(n - names3.length), 'the end of page 3 is the end of the copy');

  await h.waitIdle(page);
  await click(page, 'Previous');
  await h.waitForModel(page, 'm.local.page === 2');
  await h.waitMirror(page, (x) => drawnNames(x).includes(names[100]), 'page 2 again');
  await h.waitIdle(page);
  const names2 = await rowsOnScreen(page, new Set(names));
  assert.ok(names2.length >= 10);
  const at = names.indexOf(names2[0]);
  assert.ok(at >= 100 && at + names2.length <= 200, `page 2 shows rows ${at + 1}-${at + names2.length}`);
  assert.deepEqual(names2, names.slice(at, at + names2.length));

  // Back to one scroll.
  await h.waitIdle(page);
  await chooseInCombo(page, 'Local page size', 'All rows (one scroll)');
  await h.waitForModel(page, 'm.local.pageSize === 0 && m.local.lastPage === 1');
  assert.equal(page.accountRequests.length, 0, 'paging never asks the server');
  assert.deepEqual(page.errors, []);
  await context.close();
});

// An independent CSV encoder following the rules (RFC 4180 + OWASP formula guard).
function csvCell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  const guard = /^[=+\-@\t\r]/.test(s);
  if (guard) s = "'" + s;
  if (guard || /[",\r\n]/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

test('Export CSV in local mode writes what the local table shows (its filter and sort), without a request', async () => {
  const { context, page } = await openLocal({ acceptDownloads: true });
  await chooseInCombo(page, 'Local stage', 'Partner');
  await h.waitForModel(page, 'm.local.filterStage === "partner"');
  await h.waitIdle(page);
  await click(page, 'lcol:Name');
  await h.waitForModel(page, 'm.local.sortColumn === "name" && !m.local.sortDescending');
  await h.waitIdle(page);
  await click(page, 'lcol:Name');
  await h.waitForModel(page, 'm.local.sortColumn === "name" && m.local.sortDescending');
  await h.waitIdle(page);
  const view = (await h.model(page)).local.viewIds;

  const partners = (await allAccounts('stage=partner')).results;
  const byId = new Map(partners.map((a) => [a.id, a]));
  assert.deepEqual([...view].sort(), partners.map((a) => a.id).sort(), 'the view is the partners');
  const fold = (s) => s.toLowerCase();
  for (let i = 1; i < view.length; ++i) {
    assert.ok(fold(byId.get(view[i - 1]).name) >= fold(byId.get(view[i]).name), 'descending by name');
  }

  const downloadPromise = page.waitForEvent('download', { timeout: 30000 });
  await click(page, 'Export CSV');
  const download = await downloadPromise;
  const { lines, size } = await h.csvDownload(download);
  const users = new Map((await api('GET', '/api/users/')).json.results.map((u) => [u.id, u.name]));
  assert.equal(lines[0], 'Id,Name,Website,Industry,Company size,Stage,Assigned to,Assigned to id,Contacts,' +
    'Open opportunities,Updated at,Annual revenue');
  assert.equal(lines.length, view.length + 1, 'one line per row shown');
  view.forEach((id, i) => {
    const a = byId.get(id);
    const want = [a.id, a.name, a.website, a.industry, a.companySize, a.stage,
      a.assignedTo ? (users.get(a.assignedTo) || a.assignedTo) : '', a.assignedTo || '',
      a.contactCount, a.openOpportunityCount, a.updatedAt, a.annualRevenue ?? ''].map(csvCell).join(',');
    assert.equal(lines[i + 1], want, `line ${i + 2}`);
  });
  const m = await h.model(page);
  assert.equal(m.csvExport.lastRows, view.length);
  assert.equal(m.csvExport.lastBytes, size);
  assert.deepEqual(page.accountRequests, [], 'the export is made from the local copy');
  assert.deepEqual(page.errors, []);
  await context.close();
});
