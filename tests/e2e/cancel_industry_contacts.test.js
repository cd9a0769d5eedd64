// cancel_industry_contacts.test.js: bulk Cancel mid-way (only the requests already sent change
// anything; the rest stay untouched and selected), the industry filter (typed and from its
// suggestions: rows, request, chip) and contacts paging in the detail pane ("Load more contacts" on
// an account with more contacts than one page). The reference server is loaded from a dump that
// gives one account 130+ contacts. Real mouse and keyboard events at item rectangles.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('./lib/harness');

const SERVER_BIN = process.env.CRM_SERVER_BIN || path.resolve(__dirname, '../../build/native/src/server/accounts-server');
const MANY = 'Many Contacts Holding';
const EXTRA_CONTACTS = 130;   // more than two pages of 50
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cic-'));

// A demo dump whose first account is renamed and given EXTRA_CONTACTS more contacts.
function writeDump() {
  const demo = path.join(tmp, 'demo.json');
  const r = spawnSync(SERVER_BIN, ['--demo', '120', '--db', ':memory:', '--token', 'x', '--export', demo], { encoding: 'utf8' });
  assert.equal(r.status, 0, `export failed: ${r.stderr}`);
  const dump = JSON.parse(fs.readFileSync(demo, 'utf8'));
  const acc = dump.accounts[0];
  acc.name = MANY;
  for (let i = 0; i < EXTRA_CONTACTS; ++i) {
    const n = String(i).padStart(3, '0');
    dump.contacts.push({ accountId: acc.id, email: `person${n}@many.example.com`, firstName: `Person${n}`,
      id: `cnt_01MANY${n.padStart(20, '0')}`, lastName: 'Many', stage: 'customer', title: 'Buyer' });
  }
  acc.contactCount = dump.contacts.filter((c) => c.accountId === acc.id).length;
  const file = path.join(tmp, 'many.json');
  fs.writeFileSync(file, JSON.stringify(dump));
  return { file, id: acc.id, contactCount: acc.contactCount };
}

let server, browser, many;
test.before(async () => {
  many = writeDump();
  server = await h.startServer({ demo: 0, db: path.join(tmp, 'many.db'), extraArgs: ['--import', many.file] });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const api = (method, p, body) => h.api(server, method, p, body);
const signedIn = (options) => h.openSignedIn(browser, server.origin, server.token, options);
const click = async (page, label) => h.hoverClick(page, await h.findItem(page, label));

// An item whose label starts with `prefix` (a chip's label ends with its "×").
async function findByPrefix(page, prefix, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const it = (await h.items(page)).find((x) => x.label.startsWith(prefix) && x.w > 0 && x.h > 0);
    if (it) return it;
    if (Date.now() > deadline) throw new Error(`no item starting with ${JSON.stringify(prefix)}`);
    await page.waitForTimeout(50);
  }
}

// Turns the mouse wheel over (x, y) until an item labelled `label` is drawn wholly on screen (at most
// `max` notches).
async function wheelUntil(page, x, y, label, max = 40) {
  await page.mouse.move(x, y);
  for (let i = 0; i < max; ++i) {
    await h.waitIdle(page, { quietMs: 300 });
    const bottom = page.viewportSize().height - 12;   // wholly in view, not cut by the pane's edge
    const it = (await h.items(page)).find((o) => o.label === label && o.w > 0 && o.h > 0 && o.y + o.h <= bottom);
    if (it) return it;
    await page.mouse.wheel(0, 300);
  }
  throw new Error(`no item labelled ${JSON.stringify(label)} after ${max} wheel notches`);
}

// The last drawn item with this label (a popup's items come after the window's).
async function lastItem(page, label) {
  await h.findItem(page, label);
  const all = (await h.items(page)).filter((it) => it.label === label && it.w > 0 && it.h > 0);
  return all[all.length - 1];
}

test('bulk Cancel mid-way: only the 4 changes already sent happen; the other 21 are untouched and stay selected', async () => {
  const page = await signedIn();
  await h.waitIdle(page);
  const rows = (await h.model(page)).list.rows;
  assert.equal(rows.length, 25);
  const before = new Map();
  for (const r of rows) before.set(r.id, (await api('GET', `/api/accounts/${r.id}/`)).json);
  const target = 'churned';

  // Hold every PATCH at the network until the test lets it go.
  const held = [];
  const patches = [];
  await page.route('**/api/accounts/*/', (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    patches.push(route.request().url());
    held.push(route);
    return undefined;
  });

  await click(page, 'Select page');
  await h.waitForModel(page, 'm.selection.count === 25');
  await h.waitIdle(page);
  await click(page, 'Change stage');
  await h.hoverClick(page, await lastItem(page, 'Churned'));
  await h.waitForModel(page, 'm.bulk.phase === "confirm" && m.bulk.total === 25');
  await click(page, 'Change 25 accounts');
  await h.waitForModel(page, 'm.bulk.phase === "running" && m.bulk.inFlight === 4');
  // The four sent are held; the other 21 wait for a free slot. Cancel now.
  assert.equal(patches.length, 4);
  const cancel = (await h.items(page)).filter((it) => it.label === 'Cancel' && it.w > 0);
  assert.equal(cancel.length, 1, 'one Cancel button, in the progress dialog');
  await h.hoverClick(page, cancel[0]);
  await h.waitForModel(page, 'm.bulk.cancelled && m.bulk.phase === "running"');
  // Then the network answers the four already sent.
  for (const route of held.splice(0)) await route.continue();
  await h.waitForModel(page, 'm.bulk.phase === "done"');
  await h.waitIdle(page);
  const m = await h.model(page);
  assert.equal(m.bulk.succeeded, 4);
  assert.equal(m.bulk.notSent, 21, 'the dialog reports 21 accounts not sent');
  assert.deepEqual(m.bulk.failures, []);
  assert.equal(patches.length, 4, 'nothing sent after Cancel');

  // The server: the four changed, the other 21 exactly as before.
  const sent = new Set(patches.map((u) => decodeURIComponent(u.split('/').slice(-2, -1)[0])));
  assert.equal(sent.size, 4);
  for (const r of rows) {
    const now = (await api('GET', `/api/accounts/${r.id}/`)).json;
    if (sent.has(r.id)) assert.equal(now.stage, target, `${r.name} was changed`);
    else assert.deepEqual(now, before.get(r.id), `${r.name} is untouched`);
  }

  // The dialog closes; what was not sent stays selected, drawn as checked boxes.
  await click(page, 'Close');
  await h.waitForModel(page, 'm.bulk.phase === "idle"');
  await h.waitIdle(page);
  const left = rows.filter((r) => !sent.has(r.id)).map((r) => r.id).sort();
  assert.deepEqual([...(await h.model(page)).selection.ids].sort(), left);
  const boxes = (await h.items(page)).filter((it) => it.label.startsWith('select:') && it.h > 0);
  for (const b of boxes) {
    const id = b.label.slice('select:'.length);
    assert.equal(b.checked, !sent.has(id), `${id}: ${sent.has(id) ? 'done, unchecked' : 'not sent, still checked'}`);
  }
  assert.ok(boxes.length >= 10, `checkboxes drawn: ${boxes.length}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the industry filter: typed (Enter) and from its suggestions; rows, request, chip; the chip removes it', async () => {
  const page = await signedIn();
  await h.waitIdle(page);
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/accounts/?')) requests.push(new URL(r.url())); });
  const truth = async (industry) => (await api('GET', `/api/accounts/?page=1&limit=25&industry=${encodeURIComponent(industry)}`)).json;

  // Typed: the first "Industry" item is the text field, the second its suggestions button.
  const fields = (await h.items(page)).filter((it) => it.label === 'Industry' && it.w > 0);
  assert.equal(fields.length, 2);
  await h.hoverClick(page, fields[0]);
  await page.keyboard.type('Biotech');
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.industry === "Biotech"');
  const biotech = await truth('Biotech');
  assert.ok(biotech.count > 3 && biotech.count < 120, `${biotech.count} biotech accounts`);
  let m = await h.model(page);
  assert.equal(m.list.count, biotech.count);
  assert.deepEqual(m.list.rows.map((r) => r.id), biotech.results.map((r) => r.id));
  const sent = requests.filter((u) => u.searchParams.get('limit') === '25');
  assert.deepEqual(sent.map((u) => u.searchParams.get('industry')), ['Biotech'], 'one list request, with industry=Biotech');
  let t = await h.waitMirror(page, (x) => x.rows.length === Math.min(25, biotech.count) &&
    x.rows.every((r) => r[x.headers.indexOf('Industry')] === 'Biotech'), 'biotech rows');
  assert.deepEqual(t.rows.map((r) => r[t.headers.indexOf('Name')]), biotech.results.map((r) => r.name));
  await findByPrefix(page, 'Industry: Biotech');
  assert.match(decodeURIComponent(new URL(page.url()).hash), /industry=Biotech/);

  // From the suggestions (industries seen so far): Retail.
  await h.waitIdle(page);
  await h.hoverClick(page, (await h.items(page)).filter((it) => it.label === 'Industry' && it.w > 0)[1]);
  await h.hoverClick(page, await lastItem(page, 'Retail'));
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.industry === "Retail"');
  const retail = await truth('Retail');
  assert.ok(retail.count > 3);
  m = await h.model(page);
  assert.equal(m.list.count, retail.count);
  assert.deepEqual(m.list.rows.map((r) => r.id), retail.results.map((r) => r.id));
  assert.ok(requests.some((u) => u.searchParams.get('industry') === 'Retail' && u.searchParams.get('limit') === '25'));
  t = await h.waitMirror(page, (x) => x.rows.every((r) => r[x.headers.indexOf('Industry')] === 'Retail'), 'retail rows');
  assert.deepEqual(t.rows.map((r) => r[t.headers.indexOf('Name')]), retail.results.map((r) => r.name));

  // The chip's × removes the filter.
  await h.waitIdle(page);
  await h.hoverClick(page, await findByPrefix(page, 'Industry: Retail'));
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.industry === ""');
  assert.equal((await h.model(page)).list.count, 120);
  await h.waitMirror(page, (x) => new Set(x.rows.map((r) => r[x.headers.indexOf('Industry')])).size > 2, 'every industry');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('contacts paging: "Load more contacts" fetches page after page until all are shown; the last one is drawn', async () => {
  const page = await signedIn({ viewport: { width: 1400, height: 900 } });
  const context = page.context();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await h.waitIdle(page);
  const contactRequests = [];
  page.on('request', (r) => { if (r.url().includes('/contacts/')) contactRequests.push(new URL(r.url())); });

  // Find the account with a search, open it with a click, then its Contacts tab.
  await click(page, 'Search');
  await page.keyboard.type(MANY);
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length === 1 && m.list.rows[0].id === arg', many.id);
  await h.waitIdle(page);
  await click(page, MANY);
  await h.waitForModel(page, 'm.selectedId === arg && m.records.detail.status === "loaded"', many.id);
  await h.waitIdle(page);
  await click(page, `Contacts (${many.contactCount})`);
  await h.waitForModel(page, 'm.records.detail.tab === "contacts" && m.records.detail.contacts.status === "loaded"');
  const all = (await api('GET', `/api/accounts/${encodeURIComponent(many.id)}/contacts/`)).json;
  assert.equal(all.count, many.contactCount);
  assert.ok(all.count > 100 && all.count <= 150, `${all.count} contacts: three pages of 50`);
  let d = (await h.model(page)).records.detail.contacts;
  assert.equal(d.count, all.count);
  assert.deepEqual(d.rows.map((c) => c.id), all.results.slice(0, 50).map((c) => c.id), 'the first page');

  // The button sits below the contacts: the wheel over the pane scrolls it into view.
  const tab = await h.findItem(page, `Contacts (${many.contactCount})`);
  for (const [pageNo, shown] of [[2, 100], [3, all.count]]) {
    await h.hoverClick(page, await wheelUntil(page, tab.x + 20, tab.y + 200, 'Load more contacts'));
    await h.waitForModel(page, 'm.records.detail.contacts.status === "loaded" && m.records.detail.contacts.rows.length === arg', shown)
      .catch(async (e) => {
        const c = (await h.model(page)).records.detail.contacts;
        throw new Error(`${e.message}: contacts ${c.status}, ${c.rows.length} of ${c.count} rows, hasMore ${c.hasMore}, ` +
          `pages asked ${contactRequests.map((u) => u.searchParams.get('page'))}`);
      });
    assert.equal(contactRequests.at(-1).searchParams.get('page'), String(pageNo));
    assert.equal(contactRequests.at(-1).searchParams.get('limit'), '50');
  }
  d = (await h.model(page)).records.detail.contacts;
  assert.deepEqual(d.rows.map((c) => c.id), all.results.map((c) => c.id), 'every contact once, in the API order');
  assert.deepEqual(contactRequests.map((u) => u.searchParams.get('page')), ['1', '2', '3']);
  await h.waitIdle(page);
  assert.ok(!(await h.items(page)).some((it) => it.label === 'Load more contacts' && it.h > 0), 'no more to load');

  // Scroll the contacts to the bottom with the wheel; the last row's Copy button copies the last email.
  await page.mouse.move(tab.x + 20, tab.y + 200);
  for (let i = 0; i < 30; ++i) await page.mouse.wheel(0, 800);
  await h.waitIdle(page);
  const copies = (await h.items(page)).filter((it) => it.label === 'Copy' && it.h > 0 && it.x > tab.x - 10);
  assert.ok(copies.length >= 5, `copy buttons drawn: ${copies.length}`);
  const lastCopy = copies.sort((a, b) => a.y - b.y).at(-1);
  await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
  await h.hoverClick(page, lastCopy);
  await page.waitForFunction((want) => navigator.clipboard.readText().then((t) => t === want),
    all.results.at(-1).email, { timeout: 10000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});
