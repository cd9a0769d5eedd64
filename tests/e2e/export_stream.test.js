// export_stream.test.js: the export stream (docs/api-export-stream.md) in the browser. Two reference
// servers share one database: one with the stream, one started with --disable export (a contract
// server). CSV export, local mode and "Select all N matching" give the same results through both (the
// stream in one request; the fallback after one 404 probe, never probed again), and Cancel while the
// stream is arriving aborts the transfer. Real mouse input only.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./lib/harness');

const DB = path.join(os.tmpdir(), `export_stream_${process.pid}.db`);
const removeDb = () => { for (const f of [DB, DB + '-wal', DB + '-shm']) fs.rmSync(f, { force: true }); };
removeDb();

let server, browser, plain;
h.serverAndBrowser({ demo: 1500, db: DB }, (s) => ({ server, browser } = s), { setup: async () => {
  await h.createAccount(server, { name: 'Müller, "Söhne" & Co', website: 'https://special.example', stage: 'partner' });
  plain = await h.startServer({ demo: 0, db: DB, extraArgs: ['--disable', 'export'] });
} });
test.after(async () => {
  if (plain) await plain.stop();
  removeDb();
});

// A signed-in page that can download, with every API request it sends recorded.
async function open(origin) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.apiRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/accounts/')) page.apiRequests.push(r.url()); });
  await page.goto(origin + '/');
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.users.status === "loaded"');
  await h.waitFrames(page);
  return { context, page };
}

// Waits (up to 10 s) for a condition on what the test recorded.
async function until(cond) {
  for (let i = 0; i < 100 && !cond(); ++i) await new Promise((r) => setTimeout(r, 100));
}

const click = async (page, label) => h.hoverClick(page, await h.findItem(page, label));
const streams = (page) => page.apiRequests.filter((u) => u.includes('/api/accounts/export/'));
const walkPages = (page) => page.apiRequests.filter((u) => /\/api\/accounts\/\?page=\d+&limit=100/.test(u));

// Exports, loads local mode and selects all prospects on `origin`; returns what each gave.
async function runAll(origin) {
  const { context, page } = await open(origin);
  await click(page, 'col:Name');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "name"');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), click(page, 'Export CSV')]);
  const csv = fs.readFileSync(await download.path());
  await h.waitForModel(page, 'm.csvExport.walk === "done"');

  await click(page, 'Local mode');
  await h.waitForModel(page, 'm.local.active && m.local.loaded', undefined, 120000);
  const local = (await h.model(page)).local;
  await click(page, 'Exit local mode');
  await h.waitForModel(page, '!m.local.active');

  const chip = (await h.items(page)).find((it) => it.label.startsWith('Prospect '));
  await h.hoverClick(page, chip);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === "prospect"');
  await h.waitFrames(page);
  const count = (await h.model(page)).list.count;
  await click(page, 'Select page');
  await h.waitForModel(page, 'm.selection.offersAllMatching');
  await click(page, `Select all ${count} matching`);
  await h.waitForModel(page, 'm.selection.allMatching && !m.selection.collecting');
  const selected = [...(await h.model(page)).selection.ids].sort();
  assert.deepEqual(page.errors, []);
  await context.close();
  return { csv, local, selected, count, streams: streams(page), walkPages: walkPages(page) };
}

test('CSV export, local mode and select all give the same results through the stream and the page walker', async () => {
  const viaStream = await runAll(server.origin);
  const viaPages = await runAll(plain.origin);

  // Through the stream: one request each, no page walked.
  assert.equal(viaStream.streams.length, 3, 'export, local mode, select all: one stream each');
  assert.deepEqual(viaStream.walkPages, []);
  // Without it: one probe (404), remembered; then the pages.
  assert.equal(viaPages.streams.length, 1, 'probed once per API base');
  assert.ok(viaPages.walkPages.length >= 16 + 16, `pages walked: ${viaPages.walkPages.length}`);

  // The same results, byte for byte and id for id.
  assert.ok(viaStream.csv.length > 100000);
  assert.ok(viaStream.csv.equals(viaPages.csv), 'the same CSV file');
  assert.equal(viaStream.csv.toString('utf8').split('\r\n').length - 2, 1501);
  assert.ok(viaStream.csv.toString('utf8').includes('"Müller, ""Söhne"" & Co"'));
  assert.equal(viaStream.local.count, 1501);
  assert.equal(viaStream.local.matched, 1501);
  assert.deepEqual(viaStream.local.viewIds, viaPages.local.viewIds, 'the same copy, in the same order');
  assert.deepEqual(viaStream.local.viewNames, viaPages.local.viewNames);
  assert.equal(viaStream.selected.length, viaStream.count);
  assert.deepEqual(viaStream.selected, viaPages.selected);
});

test('Cancel while the stream arrives aborts the transfer; nothing is kept or downloaded', async () => {
  const { context, page } = await open(server.origin);
  let downloads = 0;
  page.on('download', () => downloads++);
  const aborted = [];
  page.on('requestfailed', (r) => { if (r.url().includes('/api/accounts/export/')) aborted.push(r.failure().errorText); });
  // A slow network: the stream (about 100 KB compressed) takes seconds to arrive.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 12 * 1024, uploadThroughput: -1 });

  await click(page, 'Local mode');
  await h.waitForModel(page, 'm.local.walk === "running" && m.local.done > 0', undefined, 60000);   // rows arriving
  let m = await h.model(page);
  assert.ok(m.local.done < m.local.total, `mid-stream: ${m.local.done} of ${m.local.total}`);
  await click(page, 'Cancel loading');
  await h.waitForModel(page, '!m.local.active && m.local.walk === "cancelled"');
  await until(() => aborted.length >= 1);
  assert.equal(aborted.length, 1, 'the stream request was aborted');
  assert.match(aborted[0], /ABORTED/);

  await click(page, 'Export CSV');
  await h.waitForModel(page, 'm.csvExport.walk === "running" && m.csvExport.done > 0', undefined, 60000);
  await click(page, 'Cancel export');
  await h.waitForModel(page, 'm.csvExport.walk === "cancelled"');
  await until(() => aborted.length >= 2);
  assert.equal(aborted.length, 2, 'the export\'s stream was aborted too');
  await h.waitFrames(page, 4);
  m = await h.model(page);
  assert.equal(m.csvExport.lastRows, -1);
  assert.equal(m.local.count, 0);
  assert.equal(downloads, 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});
