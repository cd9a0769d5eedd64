// local_csv.test.js: CSV export and local mode in the browser against the reference server (1,200+
// accounts): the export downloads a file checked line by line against every API page; local mode
// loads every account, sorts by a header click, scrolls by mouse wheel and filters as you type, and
// the rows drawn are checked against the model and the API. Real mouse and keyboard events only.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
const SPECIAL = ['=SUM(1,2)', 'Müller, "Söhne" & Co', '@admin +1', '東京 Trading'];
h.serverAndBrowser({ demo: 1200 }, (s) => ({ server, browser } = s), { setup: async () => {
  // Accounts whose names exercise quoting, formula injection and non-ASCII text.
  for (const name of SPECIAL) await h.createAccount(server, { name, website: 'https://special.example', stage: 'partner' });
} });

async function apiGet(path) {
  const r = await fetch(`${server.origin}${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(r.status, 200);
  return r.json();
}

// Every account of a query, page by page, as the API orders them.
async function allAccounts(query) {
  const out = [];
  for (let page = 1; ; ++page) {
    const body = await apiGet(`/api/accounts/?page=${page}&limit=100${query ? '&' + query : ''}`);
    out.push(...body.results);
    if (!body.next) return { count: body.count, results: out };
  }
}

// An independent CSV encoder following the rules (RFC 4180 + OWASP formula guard).
function csvCell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  const guard = /^[=+\-@\t\r]/.test(s);
  if (guard) s = "'" + s;
  if (guard || /[",\r\n]/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

async function openSignedIn(deviceScaleFactor = 1) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${server.origin}/`);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.users.status === "loaded"');
  await h.waitFrames(page);
  return { context, page };
}

const clickAt = h.hoverClick;
const click = async (page, label) => clickAt(page, await h.findItem(page, label));

test('Export CSV downloads every account matching the sort, line by line equal to the API', async () => {
  const { context, page } = await openSignedIn();
  await click(page, 'col:Name');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "name"');
  const downloadPromise = page.waitForEvent('download', { timeout: 120000 });
  await click(page, 'Export CSV');
  // Progress is visible while the pages are walked (4 at a time).
  const download = await downloadPromise;
  const { lines, size } = await h.csvDownload(download);

  const expected = await allAccounts('ordering=name');
  assert.ok(expected.count >= 1204);
  const users = new Map((await apiGet('/api/users/')).results.map((u) => [u.id, u.name]));
  assert.ok(users.size > 0);
  const header = 'Id,Name,Website,Industry,Company size,Stage,Assigned to,Assigned to id,Contacts,' +
    'Open opportunities,Updated at,Annual revenue';
  assert.equal(lines[0], header);
  assert.equal(lines.length, expected.count + 1, 'one line per account, no embedded newlines in the demo data');
  expected.results.forEach((a, i) => {
    const want = [a.id, a.name, a.website, a.industry, a.companySize, a.stage,
      a.assignedTo ? (users.get(a.assignedTo) || a.assignedTo) : '', a.assignedTo || '',
      a.contactCount, a.openOpportunityCount, a.updatedAt, a.annualRevenue ?? ''].map(csvCell).join(',');
    assert.equal(lines[i + 1], want, `line ${i + 2}`);
  });
  // The hostile and non-ASCII names came through guarded and quoted.
  assert.ok(lines.some((l) => l.includes(`"'=SUM(1,2)"`)));
  assert.ok(lines.some((l) => l.includes(`"'@admin +1"`)));
  assert.ok(lines.some((l) => l.includes(`"Müller, ""Söhne"" & Co"`)));
  assert.ok(lines.some((l) => l.includes('東京 Trading')));
  const m = await h.model(page);
  assert.equal(m.csvExport.walk, 'done');
  assert.equal(m.csvExport.lastRows, expected.count);
  assert.equal(m.csvExport.lastBytes, size);
  assert.deepEqual(page.errors, []);
  await context.close();
});

// The row names drawn in the local table, top to bottom (items whose label is an account name).
async function visibleRowNames(page, names) {
  const header = await h.findItem(page, 'lcol:Name');
  const rows = (await h.items(page))
    .filter((it) => it.y > header.y + header.h / 2 && it.h > 0 && it.w > 200 && names.has(it.label))
    .sort((a, b) => a.y - b.y);
  return rows.map((r) => r.label);
}

function indexOfRun(all, run) {
  for (let k = 0; k + run.length <= all.length; ++k) {
    if (run.every((v, i) => all[k + i] === v)) return k;
  }
  return -1;
}

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`Local mode loads every account, sorts by a header click, scrolls by wheel and filters as you type${h.atDpr(dpr)}`, async () => {
    const { context, page } = await openSignedIn(dpr);
    await click(page, 'Local mode');
    await h.waitForModel(page, 'm.local.active && m.local.loaded', undefined, 120000);
    await h.waitFrames(page);
    const expected = await allAccounts('');
    let m = await h.model(page);
    assert.equal(m.local.count, expected.count);
    assert.equal(m.local.walk, 'done');
    assert.deepEqual(m.local.viewIds, expected.results.map((a) => a.id), 'load order = the API default order');
    const badge = (await h.items(page)).find((it) => it.label.startsWith('Local copy · '));
    assert.ok(badge, 'the badge is drawn');
    assert.match(badge.label, new RegExp(`^Local copy · ${expected.count.toLocaleString('en-US')} accounts · loaded \\d\\d:\\d\\d$`));

    // Sort by name with a header click: the model's order is sorted (case-folded) and is what is drawn.
    await click(page, 'lcol:Name');
    await h.waitForModel(page, 'm.local.sortColumn === "name" && !m.local.sortDescending');
    await h.waitFrames(page);
    m = await h.model(page);
    const names = m.local.viewNames;
    assert.equal(names.length, expected.count);
    const fold = (s) => s.toLowerCase();
    for (let i = 1; i < names.length; ++i) assert.ok(fold(names[i - 1]) <= fold(names[i]), `${names[i - 1]} <= ${names[i]}`);
    assert.deepEqual([...m.local.viewIds].sort(), expected.results.map((a) => a.id).sort(), 'same accounts');
    const nameSet = new Set(names);
    let shown = await visibleRowNames(page, nameSet);
    assert.ok(shown.length >= 10, `rows drawn: ${shown.length}`);
    assert.deepEqual(shown, names.slice(0, shown.length), 'the first rows are the model\'s first rows');

    // Scroll with the mouse wheel over the table: later rows, still in the model's order.
    const header = await h.findItem(page, 'lcol:Name');
    await page.mouse.move(header.x + 100, header.y + 300);
    await h.waitFrames(page, 2);
    for (let i = 0; i < 15; ++i) {
      await page.mouse.wheel(0, 400);
      await h.waitFrames(page, 1);
    }
    await h.waitFrames(page, 4);
    shown = await visibleRowNames(page, nameSet);
    assert.ok(shown.length >= 10);
    const at = indexOfRun(names, shown);
    assert.ok(at > 50, `scrolled to row ${at}`);

    // Descending: second click.
    await click(page, 'lcol:Name');
    await h.waitForModel(page, 'm.local.sortColumn === "name" && m.local.sortDescending');
    m = await h.model(page);
    assert.ok(fold(m.local.viewNames[0]) >= fold(m.local.viewNames[m.local.viewNames.length - 1]));

    // Filter as you type: every keystroke narrows at once (no request).
    let requests = 0;
    page.on('request', (r) => { if (r.url().includes('/api/accounts/')) requests++; });
    await click(page, 'Filter local');
    await page.keyboard.type('SÖHNE');
    await h.waitForModel(page, 'm.local.filterText === "SÖHNE"');
    m = await h.model(page);
    assert.deepEqual(m.local.viewNames, ['Müller, "Söhne" & Co']);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await h.waitForModel(page, 'm.local.filterText === "S"');
    m = await h.model(page);
    const withS = expected.results.filter((a) => a.name.toLowerCase().includes('s') || (a.website || '').toLowerCase().includes('s'));
    assert.equal(m.local.viewCount, withS.length);
    assert.equal(requests, 0, 'filtering and sorting never ask the server');

    // Exit: back to the server-paged list.
    await click(page, 'Exit local mode');
    await h.waitForModel(page, '!m.local.active && m.local.count === 0');
    await h.findItem(page, 'col:Name');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('Cancel stops a local load and an export; nothing is downloaded', async () => {
  const { context, page } = await openSignedIn();
  let downloads = 0;
  page.on('download', () => downloads++);
  // Page 1 of a walk passes (it sizes the walk); later pages and the export stream wait until the test
  // lets them go, so the walk is surely running when Cancel is pressed, however slow the machine.
  let held = [];
  await context.route('**/api/accounts/?page=*limit=100*', async (route) => {
    if (/[?&]page=1(&|$)/.test(route.request().url())) return route.continue();
    await new Promise((release) => held.push(release));
    await route.continue().catch(() => {});   // the page may have aborted it meanwhile
  });
  await context.route(/\/api\/accounts\/export\//, async (route) => {   // the export stream (one request): held too
    await new Promise((release) => held.push(release));
    await route.continue().catch(() => {});
  });
  const releaseHeld = () => { const r = held; held = []; r.forEach((f) => f()); return r.length; };
  await click(page, 'Local mode');
  await h.waitForModel(page, 'm.local.walk === "running" && m.local.total > 0');
  await click(page, 'Cancel loading');
  await h.waitForModel(page, '!m.local.active && m.local.walk === "cancelled"');
  assert.ok(releaseHeld() > 0, 'pages were still on their way when the load was cancelled');
  await click(page, 'Export CSV');
  await h.waitForModel(page, 'm.csvExport.walk === "running" && m.csvExport.total > 0');
  await click(page, 'Cancel export');
  await h.waitForModel(page, 'm.csvExport.walk === "cancelled"');
  assert.ok(releaseHeld() > 0, 'pages were still on their way when the export was cancelled');
  await h.waitIdle(page);   // the late answers arrive and are ignored
  await h.waitFrames(page);
  const m = await h.model(page);
  assert.equal(m.csvExport.lastRows, -1);
  assert.equal(downloads, 0);
  await h.findItem(page, 'col:Name');
  assert.deepEqual(page.errors, []);
  await context.close();
});
