// intl_text.js: what drawing names in every script costs (scripts/bench_intl.sh). Test-bridge site,
// headless Chromium, the reference server on loopback; measures only, never part of the test suite.
// 1. Frame CPU with 25 hard-name rows vs 25 Latin rows, alternating in the same run: the frames
//    that first draw the rows (rasterising), then steady frames (the cache only).
// 2. Local mode over 100,000 accounts whose names mix scripts: frame CPU while wheel-scrolling, and
//    the text cache's memory after 100 and after 10,000 distinct strings were drawn.
// Prints a table and writes bench/results/intl-latest.json.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./lib/server');
const b = require('./lib/browser');
const { summarise } = require('./lib/stats');
const { waitFrames, find, hover } = require('./lib/console_ui');

const ROOT = path.resolve(__dirname, '..');
const env = (k, d) => process.env[k] || d;
const RUNS = Number(env('BENCH_RUNS', '5'));
const LOCAL_ROWS = Number(env('BENCH_LOCAL_ROWS', '100000'));
const TOKEN = 'bench-token';
const SERVER_BIN = env('CRM_SERVER_BIN', path.join(ROOT, 'build/native/src/server/accounts-server'));
const SITE = env('CRM_TEST_SITE', path.join(ROOT, 'build/web-test/site'));
const DB_DIR = path.join(ROOT, 'build/bench');
const HARD = require('../tests/fixtures/hard_names.json').names.map((n) => n.name).filter((n) => !n.includes('##')).slice(0, 25);
const LATIN = Array.from({ length: 25 }, (_, i) => `Northwind Traders ${String.fromCharCode(65 + i)} GmbH`);
const log = (...a) => console.log('[bench-intl]', ...a);
const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)];

// Name pieces for the local-mode data: every script of the fixture, recombined into distinct names.
const PARTS = ['株式会社', '東京', 'データ', '北京', '科技', '한빛', '소프트웨어', 'חברת', 'הגליל', 'شركة', 'النخيل',
  'บริษัท', 'สยาม', 'क्षितिज', 'टेक्नोलॉजी', '👩‍💻', '🇯🇵', '👍🏽', 'Café', 'Müller', 'Acme', 'Nordic'];

function dumpFile(n) {
  const file = path.join(DB_DIR, `intl-${n}.json`);
  if (fs.existsSync(file)) return file;
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, '{"format":"accounts-console-dump","version":1,"users":[],"accounts":[\n');
  for (let i = 0; i < n; ++i) {
    const a = PARTS[i % PARTS.length], c = PARTS[Math.floor(i / PARTS.length) % PARTS.length];
    const rec = { id: `acc_intl_${i}`, name: `${a} ${c} ${i}`, industry: 'Software', stage: 'prospect', website: '',
      phone: '', description: '', companySize: '', tags: [], annualRevenue: null, assignedTo: null,
      billingAddress: { street: '', city: '', state: '', postalCode: '', country: '' },
      createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', version: 1 };
    fs.writeSync(out, (i ? ',\n' : '') + JSON.stringify(rec));
  }
  fs.writeSync(out, '\n],"contacts":[],"opportunities":[],"cases":[]}\n');
  fs.closeSync(out);
  return file;
}

async function seed(origin, names) {
  for (const name of names) {
    const r = await fetch(`${origin}/api/accounts/`, {
      method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, industry: 'Software', stage: 'prospect' }),
    });
    if (r.status !== 201) throw new Error(`seed ${name}: ${r.status}`);
  }
}

async function open(browser, origin) {
  const { context, page } = await b.coldPage(browser,
    { viewport: { width: 1400, height: 900 }, storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: TOKEN } });
  await page.goto(origin + '/');
  await page.waitForFunction(() => {
    const m = window.consoleTest && window.consoleTest.model();
    return m && m.list.status === 'loaded' && m.list.rows.length > 0;
  }, undefined, { timeout: 60000 });
  return { context, page };
}

const frames = (page) => page.evaluate(() => window.consolePerf.frames());
const frameTimes = (page, n) => page.evaluate((k) => window.consolePerf.frameTimes(k), n);
const textStats = (page) => page.evaluate(() => window.consoleTest.textStats());

// One cold load: every frame up to three after the rows arrived (the worst is the one that rasterised
// them), then 120 steady frames.
async function rowsRun(browser, origin) {
  const { context, page } = await open(browser, origin);
  await waitFrames(page, 3);   // the model has the rows: the frames that draw them follow
  const n0 = await frames(page);
  const first = await frameTimes(page, n0);
  await waitFrames(page, 120);
  const steady = await frameTimes(page, 120);
  const stats = await textStats(page);
  await context.close();
  return { firstMax: Math.max(...first), steady: summarise(steady).median, strings: stats.strings, rasters: stats.rasters };
}

async function localRun(browser, origin) {
  const { context, page } = await open(browser, origin);
  const { x, y } = await hover(page, await find(page, 'Local mode'));
  const t0 = Date.now();
  await page.mouse.click(x, y);
  await page.waitForFunction(() => window.consoleTest.model().local.loaded, undefined, { polling: 100, timeout: 900000 });
  const loadMs = Date.now() - t0;
  const header = await find(page, 'lcol:Name');
  await page.mouse.move(header.x + 200, header.y + 300);
  await waitFrames(page, 2);
  const marks = {};
  const f0 = await frames(page);
  const times = [];
  let last = f0;
  const deadline = Date.now() + Number(env('BENCH_SCROLL_S', '240')) * 1000;
  while (Date.now() < deadline) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(20);
    const n = await frames(page);
    if (n > last) { times.push(...await frameTimes(page, Math.min(n - last, 4000))); last = n; }
    const s = await textStats(page);
    for (const k of [100, 10000]) {
      if (!marks[k] && s.rasters >= k) marks[k] = { rasters: s.rasters, cachedStrings: s.cachedStrings, pages: s.pages,
        evictions: s.evictions, textureMiB: s.textureBytes / 1048576, cpuMiB: s.cpuBytes / 1048576,
        wasmHeapMiB: (await page.evaluate(() => window.consolePerf.wasmHeapBytes())) / 1048576 };
    }
    if (marks[10000]) break;
  }
  await context.close();
  return { loadMs, frames: times.length, median: summarise(times).median, p95: p95(times), marks };
}

async function main() {
  fs.mkdirSync(DB_DIR, { recursive: true });
  const result = { date: new Date().toISOString(), runs: RUNS, load_average_start: os.loadavg().map((x) => +x.toFixed(2)) };
  const hard = await startServer({ bin: SERVER_BIN, site: SITE, db: ':memory:', token: TOKEN });
  const latin = await startServer({ bin: SERVER_BIN, site: SITE, db: ':memory:', token: TOKEN });
  const browser = await b.launch();
  try {
    await seed(hard.origin, HARD);
    await seed(latin.origin, LATIN);
    const runs = { hard: [], latin: [] };
    for (let i = 0; i < RUNS; ++i) {   // alternating, same run
      runs.latin.push(await rowsRun(browser, latin.origin));
      runs.hard.push(await rowsRun(browser, hard.origin));
    }
    for (const k of ['latin', 'hard']) {
      result[`rows25_${k}`] = { first_rows_frame_max_ms: summarise(runs[k].map((r) => r.firstMax)),
        steady_frame_ms: summarise(runs[k].map((r) => r.steady)), browser_strings: runs[k][0].strings,
        rasters_at_load: runs[k][0].rasters };
      log(`${k}: first-rows frame max ${JSON.stringify(result[`rows25_${k}`].first_rows_frame_max_ms)}, steady frame ${JSON.stringify(result[`rows25_${k}`].steady_frame_ms)}, browser strings ${runs[k][0].strings}`);
    }
  } finally {
    await browser.close();
    await hard.stop();
    await latin.stop();
  }
  if (LOCAL_ROWS > 0) {
    const db = path.join(DB_DIR, `intl-${LOCAL_ROWS}.db`);
    for (const f of [db, db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
    const server = await startServer({ bin: SERVER_BIN, site: SITE, db, token: TOKEN, extraArgs: ['--import', dumpFile(LOCAL_ROWS)] });
    const br = await b.launch();
    try {
      const r = await localRun(br, server.origin);
      result.local_mixed_scripts = r;
      log(`local mode ${LOCAL_ROWS}: load ${r.loadMs} ms; scrolling ${r.frames} frames: median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms`);
      for (const [k, m] of Object.entries(r.marks)) log(`after ${k} strings: ${JSON.stringify(m)}`);
    } finally {
      await br.close();
      await server.stop();
    }
  }
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/intl-latest.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
