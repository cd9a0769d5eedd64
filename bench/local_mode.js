// local_mode.js: measures CSV export and local mode (scripts/bench_local.sh): the time to export
// 10,000 accounts (click to the downloaded file), the time to load 100,000 accounts into local mode
// from the local reference server (click to the copy loaded and drawn), and the frame CPU time
// while wheel-scrolling them. Test-bridge site (widgets found by label); real input events only.
// Never part of the test suite; measures only. Writes bench/results/local-latest.json
// (BENCH_EXPORT_ONLY=1: the export runs only, printed, nothing written). BENCH_SERVER_ARGS: more server
// flags, e.g. "--disable export" to measure the page walker instead of the export stream; the
// result then goes to bench/results/local-latest-<flags>.json.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./lib/server');
const b = require('./lib/browser');

const ROOT = path.resolve(__dirname, '..');
const env = (k, d) => process.env[k] || d;
const RUNS = Number(env('BENCH_RUNS', '3'));
const TOKEN = 'bench-token';
const SERVER_BIN = env('CRM_SERVER_BIN', path.join(ROOT, 'build/native/src/server/accounts-server'));
const TEST_SITE = env('CRM_TEST_SITE', path.join(ROOT, 'build/web-test/site'));
const DB_DIR = path.join(ROOT, 'build/bench');
const log = (...a) => console.log('[bench-local]', ...a);
const SERVER_ARGS = env('BENCH_SERVER_ARGS', '').split(' ').filter(Boolean);

const { median } = require('./lib/stats');
const { model, waitFrames, find, hover } = require('./lib/console_ui');

async function openConsole(browser, origin) {
  const { context, page } = await b.coldPage(browser,
    { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: TOKEN } });
  await page.goto(origin + '/');
  await page.waitForFunction(() => {
    const m = window.consoleTest && window.consoleTest.model();   // null until the app has started
    return m && m.list.status === 'loaded' && m.list.users.status === 'loaded';
  }, undefined, { timeout: 60000 });
  await waitFrames(page);
  return { context, page };
}

async function exportRun(origin) {
  const browser = await b.launch();
  try {
    const { context, page } = await openConsole(browser, origin);
    const { x, y } = await hover(page, await find(page, 'Export CSV'));
    const t0 = Date.now();
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 300000 }), page.mouse.click(x, y)]);
    const file = await dl.path();
    const ms = Date.now() - t0;
    const lines = fs.readFileSync(file, 'utf8').split('\r\n').length - 2;   // header and the final CRLF
    await context.close();
    return { ms, lines };
  } finally {
    await browser.close();
  }
}

async function localRun(origin) {
  const browser = await b.launch();
  try {
    const { context, page } = await openConsole(browser, origin);
    const { x, y } = await hover(page, await find(page, 'Local mode'));
    const t0 = Date.now();
    const lf0 = await page.evaluate(() => window.consolePerf.frames());
    await page.mouse.click(x, y);
    await page.waitForFunction(() => window.consoleTest.model().local.loaded, undefined, { polling: 50, timeout: 600000 });
    await find(page, 'lcol:Name');   // the table is drawn
    const load_ms = Date.now() - t0;
    // The frames drawn while it loaded (CPU time per frame).
    const lf1 = await page.evaluate(() => window.consolePerf.frames());
    const loadFrames = await page.evaluate((k) => window.consolePerf.frameTimes(k), lf1 - lf0);
    const m = await model(page);
    const count = m.local.count;
    const wasm_heap_mib = (await page.evaluate(() => window.consolePerf.wasmHeapBytes())) / 1048576;

    // Idle frames after the load pre-sort one column each (9 columns): the pointer moving over the
    // table gives the frames, as a person reaching for a header does. Their worst frame is reported.
    const p0 = await page.evaluate(() => window.consolePerf.frames());
    for (let i = 0; i < 30; ++i) {
      await page.mouse.move(300 + (i % 5) * 50, 300 + (i % 7) * 30);
      await waitFrames(page, 1);
    }
    const p1 = await page.evaluate(() => window.consolePerf.frames());
    const presortFrames = await page.evaluate((k) => window.consolePerf.frameTimes(k), p1 - p0);
    // Sort by name (a header click): the frames from the click to the sorted rows.
    const header0 = await find(page, 'lcol:Name');
    await page.mouse.move(header0.x + 20, header0.y + header0.h / 2);
    await waitFrames(page, 2);
    const s0 = await page.evaluate(() => window.consolePerf.frames());
    await page.mouse.click(header0.x + 20, header0.y + header0.h / 2);
    await page.waitForFunction(() => window.consoleTest.model().local.sortColumn === 'name');
    await waitFrames(page, 2);
    const s1 = await page.evaluate(() => window.consolePerf.frames());
    const sortFrames = await page.evaluate((k) => window.consolePerf.frameTimes(k), s1 - s0);
    // Then the other direction and another column, now from the cache.
    await page.mouse.click(header0.x + 20, header0.y + header0.h / 2);
    await page.waitForFunction(() => window.consoleTest.model().local.sortDescending);
    await waitFrames(page, 2);
    const s2 = await page.evaluate(() => window.consolePerf.frames());
    const flipFrames = await page.evaluate((k) => window.consolePerf.frameTimes(k), s2 - s1);
    // Frame CPU while scrolling with real wheel events.
    const header = await find(page, 'lcol:Name');
    await page.mouse.move(header.x + 200, header.y + 300);
    await waitFrames(page, 2);
    const f0 = await page.evaluate(() => window.consolePerf.frames());
    let wheel = 0;
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && (await page.evaluate(() => window.consolePerf.frames())) < f0 + 300) {
      await page.mouse.wheel(0, (Math.floor(wheel++ / 40) % 2 ? -1 : 1) * 240);
      await page.waitForTimeout(16);
    }
    const f1 = await page.evaluate(() => window.consolePerf.frames());
    const scroll = await page.evaluate((k) => window.consolePerf.frameTimes(k), Math.min(300, f1 - f0));
    await context.close();
    const sortedLoad = [...loadFrames].sort((a, b) => a - b);
    return { load_ms, count, wasm_heap_mib, load_frames: loadFrames.length,
      load_frame_p95_ms: sortedLoad[Math.floor(sortedLoad.length * 0.95)] ?? null, load_frame_max_ms: sortedLoad[sortedLoad.length - 1] ?? null, scroll_frame_ms: median(scroll), scroll_frames: scroll.length,
      scroll_frame_p95_ms: [...scroll].sort((a, b) => a - b)[Math.floor(scroll.length * 0.95)] || null,
      presort_max_frame_ms: Math.max(...presortFrames), sort_click_max_frame_ms: Math.max(...sortFrames),
      sort_flip_max_frame_ms: Math.max(...flipFrames) };
  } finally {
    await browser.close();
  }
}

async function main() {
  fs.mkdirSync(DB_DIR, { recursive: true });
  const result = { date: new Date().toISOString(), runs: RUNS, server_args: SERVER_ARGS,
    load_average_start: os.loadavg().map((x) => +x.toFixed(2)) };

  log('export: server with 10,000 demo accounts');
  const db10 = path.join(DB_DIR, 'local-10k.db');
  for (const f of [db10, db10 + '-wal', db10 + '-shm']) fs.rmSync(f, { force: true });
  let server = await startServer({ bin: SERVER_BIN, site: TEST_SITE, db: db10, demo: 10000, token: TOKEN, extraArgs: SERVER_ARGS });
  const exports = [];
  try {
    for (let i = 0; i < RUNS; ++i) {
      const r = await exportRun(server.origin);
      log(`export run ${i + 1}: ${r.ms} ms, ${r.lines} rows`);
      if (r.lines !== 10000) throw new Error(`the export has ${r.lines} rows, not 10000`);
      exports.push(r.ms);
    }
  } finally {
    await server.stop();
  }
  result.csv_export_10k_ms = median(exports);
  result.csv_export_10k_samples = exports;
  if (process.env.BENCH_EXPORT_ONLY === '1') {   // the export alone (no 100k seeding); writes no result file
    log(`csv_export_10k_ms=${result.csv_export_10k_ms} (samples ${exports.join(', ')})`);
    return;
  }

  log('local mode: server with 100,000 demo accounts (seeding takes a while)');
  const db100 = path.join(DB_DIR, 'local-100k.db');
  const fresh = !fs.existsSync(db100);
  const t0 = Date.now();
  server = await startServer({ bin: SERVER_BIN, site: TEST_SITE, db: db100, demo: fresh ? 100000 : 0, token: TOKEN, extraArgs: SERVER_ARGS });
  log(`listening after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const loads = [], scrolls = [], runs = [];
  try {
    for (let i = 0; i < RUNS; ++i) {
      const r = await localRun(server.origin);
      log(`local run ${i + 1}: ${JSON.stringify(r)}`);
      if (r.count !== 100000) throw new Error(`local mode holds ${r.count} accounts, not 100000`);
      loads.push(r.load_ms);
      scrolls.push(r.scroll_frame_ms);
      runs.push(r);
    }
  } finally {
    await server.stop();
  }
  result.local_load_100k_ms = median(loads);
  result.local_scroll_frame_ms = median(scrolls);
  result.local_runs = runs;
  result.load_average_end = os.loadavg().map((x) => +x.toFixed(2));
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const suffix = SERVER_ARGS.length ? '-' + SERVER_ARGS.join('-').replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '') : '';
  fs.writeFileSync(path.join(ROOT, `bench/results/local-latest${suffix}.json`), JSON.stringify(result, null, 2) + '\n');
  log(`csv_export_10k_ms=${result.csv_export_10k_ms} local_load_100k_ms=${result.local_load_100k_ms} ` +
      `local_scroll_frame_ms=${result.local_scroll_frame_ms}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
