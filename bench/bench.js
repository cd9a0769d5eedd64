// bench.js: runs the benchmark (see scripts/bench.sh): starts the reference server with 10,000
// demo accounts three times on loopback (one SQLite file): serving the release package, serving the
// release package with the test bridge, and serving the API behind the static host of the
// react-admin peer (its Vite build, precompressed); measures N cold loads of each, prints the table
// and writes bench/results/*.json.
// Never part of the test suite; measures only.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, startStaticHost } = require('./lib/server');
const s = require('./lib/scenarios');
const b = require('./lib/browser');
const { summarise, table } = require('./lib/stats');
const { waterfallTable } = require('./lib/waterfall');

const ROOT = path.resolve(__dirname, '..');
const env = (k, d) => process.env[k] || d;
const RUNS = Number(env('BENCH_RUNS', '7'));
const DEMO = Number(env('BENCH_DEMO', '10000'));
const TOKEN = 'bench-token';
const SERVER_BIN = env('CRM_SERVER_BIN', path.join(ROOT, 'build/native/src/server/accounts-server'));
const RELEASE_SITE = env('CRM_RELEASE_SITE', path.join(ROOT, 'build/package/site'));
const TEST_SITE = env('CRM_TEST_SITE', path.join(ROOT, 'build/package-test/site'));
const PEER_SITE = env('CRM_PEER_SITE', path.join(ROOT, 'bench/peer/dist'));
const DB = env('BENCH_DB', path.join(ROOT, 'build/bench/accounts.db'));
const OUT_DIR = path.join(ROOT, 'bench/results');

const log = (...a) => console.log('[bench]', ...a);

// The keys of latest.json (issue 9) and how the table shows them.
const METRICS = [
  ['transfer_brotli_bytes', 'First-visit transfer (brotli)', 'KiB', 0, '<= peer', 1 / 1024],
  ['first_frame_ms', 'Time to first frame', 'ms', 0, ''],
  ['first_rows_ms', 'Time to first rows', 'ms', 0, '<= 0.5 x peer'],
  ['first_rows_dom_ms', 'First rows in the DOM (console: screen-reader mirror)', 'ms', 0, ''],
  ['first_rows_screen_ms', 'First rows on screen (end of that frame)', 'ms', 0, '<= 1/3 x peer, <= 250 ms'],
  ['first_request_ms', 'First list request sent', 'ms', 0, ''],
  ['load_cpu_ms', 'Main-thread CPU until rows on screen', 'ms', 0, ''],
  ['filter_roundtrip_ms', 'Filter round trip (stage chip)', 'ms', 1, '< 50 ms'],
  ['page_turn_ms', 'Page turn ("Next")', 'ms', 1, ''],
  ['search_ms', 'Search (last keystroke to rows)', 'ms', 0, ''],
  ['frame_cpu_ms_100rows', 'Frame CPU, 100 rows', 'ms', 2, '< 2 ms'],
  ['frame_cpu_ms_100rows_sent', 'Frame CPU, 100 rows, frames sent to GL', 'ms', 2, ''],
  ['frame_cpu_ms_scrolling', 'Frame CPU, scrolling 100 rows', 'ms', 2, ''],
  ['idle_frames_10s', 'Frames drawn in 10 s idle', '', 0, '0'],
  ['idle_cpu_ms_10s', 'Main-thread CPU in 10 s idle', 'ms', 0, ''],
  ['wasm_heap_mib', 'WASM heap', 'MiB', 1, ''],
  ['js_heap_mib', 'JS heap (used)', 'MiB', 1, ''],
  ['renderer_pss_mib', 'Renderer process PSS', 'MiB', 1, '<= peer'],
  ['csv_export_10k_ms', 'CSV export, 10,000 accounts', 'ms', 0, ''],
];

function collect(samplesByKey, key, value) {
  (samplesByKey[key] = samplesByKey[key] || []).push(value);
}

async function main() {
  const loadStart = os.loadavg().map((x) => Number(x.toFixed(2)));
  fs.mkdirSync(path.dirname(DB), { recursive: true });
  for (const f of [DB, DB + '-wal', DB + '-shm']) fs.rmSync(f, { force: true });
  log(`starting the reference server with ${DEMO} demo accounts`);
  const t0 = Date.now();
  const release = await startServer({ bin: SERVER_BIN, site: RELEASE_SITE, db: DB, demo: DEMO, token: TOKEN });
  log(`seeded and listening in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${release.origin}`);
  const testSite = await startServer({ bin: SERVER_BIN, site: TEST_SITE, db: DB, token: TOKEN });
  const peerApi = await startServer({ bin: SERVER_BIN, db: DB, token: TOKEN });
  const peerSite = await startStaticHost({ dir: PEER_SITE, api: peerApi.origin });
  const ours = {}, peer = {}, reasons = { ours: {}, peer: {} };
  let oursTransfer = null, peerTransfer = null, testTransfer = null, chromiumVersion = '';
  const errors = [];
  const waterfalls = [];   // one per cold load of the release build
  try {
    const br = await b.launch();
    chromiumVersion = br.version();
    await br.close();
    for (let i = 1; i <= RUNS; i++) {
      const started = Date.now();
      const o = await s.oursRelease(release.origin, TOKEN);
      const oi = await s.oursInteractions(testSite.origin, TOKEN);
      const p = await s.peer(peerSite.origin, TOKEN);
      oursTransfer = oursTransfer || o.transfer;
      if (o.waterfall) waterfalls.push(o.waterfall);
      peerTransfer = peerTransfer || p.transfer;
      for (const k of ['first_frame_ms', 'first_rows_ms', 'first_rows_dom_ms', 'first_rows_screen_ms', 'first_request_ms',
        'first_answer_ms', 'load_cpu_ms', 'fcp_ms', 'idle_frames_10s', 'idle_cpu_ms_10s',
        'wasm_heap_mib', 'js_heap_mib', 'renderer_pss_mib']) {
        collect(ours, k, o[k]);
        collect(peer, k, p[k]);
      }
      collect(ours, 'transfer_brotli_bytes', o.transfer.brotli_bytes);
      collect(peer, 'transfer_brotli_bytes', p.transfer.brotli_bytes);
      for (const k of ['filter_roundtrip_ms', 'page_turn_ms', 'search_ms', 'csv_export_10k_ms']) {
        collect(ours, k, oi[k]);
        collect(peer, k, p[k]);
        if (oi.reasons[k]) reasons.ours[k] = oi.reasons[k];
        if (p.reasons[k]) reasons.peer[k] = p.reasons[k];
      }
      if (p.csv_export_lines !== undefined && p.csv_export_lines !== DEMO + 1) {
        errors.push(`peer CSV had ${p.csv_export_lines} lines, expected ${DEMO + 1}`);
      }
      const frameMedian = (xs) => { const m = summarise(xs || []); return m ? m.median : null; };
      collect(ours, 'frame_cpu_ms_100rows', frameMedian(o.frame_cpu_ms_100rows_samples));
      collect(ours, 'frame_cpu_ms_scrolling', frameMedian(o.frame_cpu_ms_scrolling_samples));
      if (o.frame_cpu_ms_100rows_sent_samples) {
        collect(ours, 'frame_cpu_ms_100rows_sent', frameMedian(o.frame_cpu_ms_100rows_sent_samples));
        collect(ours, 'frames_sent_100rows', o.frame_cpu_ms_100rows_sent_samples.length);
      }
      if (!(o.frame_cpu_ms_100rows_samples || []).length) reasons.ours.frame_cpu_ms_100rows = 'the app drew no frames while the pointer moved';
      if (!(o.frame_cpu_ms_scrolling_samples || []).length) reasons.ours.frame_cpu_ms_scrolling = 'the app drew no frames while scrolling';
      collect(ours, 'frames_measured_100rows', (o.frame_cpu_ms_100rows_samples || []).length);
      collect(ours, 'frames_measured_scrolling', (o.frame_cpu_ms_scrolling_samples || []).length);
      for (const [k, v] of Object.entries(p.reasons)) reasons.peer[k] = v;
      for (const e of [...o.page_errors, ...oi.page_errors, ...p.page_errors]) errors.push(e);
      log(`load ${i}/${RUNS}: first rows in the DOM / on screen: ours ${o.first_rows_dom_ms.toFixed(0)} / ` +
        `${o.first_rows_screen_ms.toFixed(0)} ms, peer ${p.first_rows_dom_ms.toFixed(0)} / ${p.first_rows_screen_ms.toFixed(0)} ms` +
        ` (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    // The test-bridge build's size, for the record (interactions run on it).
    {
      const br = await b.launch();
      const { context, page, responses } = await b.coldPage(br,
        { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: TOKEN } });
      await page.goto(testSite.origin + '/');
      await b.markTime(page, 'crm:first-rows');
      await page.waitForTimeout(500);
      testTransfer = await b.transfer(responses);
      await context.close();
      await br.close();
    }
  } finally {
    await Promise.all([release.stop(), testSite.stop(), peerSite.stop(), peerApi.stop()]);
  }

  reasons.peer.wasm_heap_mib = 'no WebAssembly';
  reasons.peer.frame_cpu_ms_100rows = reasons.peer.frame_cpu_ms_100rows || 'no per-frame hook in a DOM app';
  reasons.peer.frame_cpu_ms_scrolling = 'no per-frame hook in a DOM app';
  reasons.peer.frame_cpu_ms_100rows_sent = 'no per-frame hook in a DOM app';
  const sum = { ours: {}, peer: {} };
  for (const [key] of METRICS) {
    sum.ours[key] = summarise(ours[key] || []);
    sum.peer[key] = summarise(peer[key] || []);
  }
  for (const k of ['fcp_ms', 'first_answer_ms']) {
    sum.ours[k] = summarise(ours[k] || []);
    sum.peer[k] = summarise(peer[k] || []);
  }
  const med = (x) => (x ? Number(x.median.toFixed(3)) : null);
  const keysOf = (side) => Object.fromEntries(Object.entries(sum[side]).map(([k, v]) => [k, med(v)]));
  const ratios = {};
  for (const [key] of METRICS) {
    const o = sum.ours[key], p = sum.peer[key];
    ratios[key] = o && p && p.median ? Number((o.median / p.median).toFixed(3)) : null;
  }
  const commit = env('CRM_COMMIT', 'unknown');
  const date = new Date().toISOString();
  const result = {
    date, chromium: chromiumVersion, commit, runs: RUNS, demo_accounts: DEMO,
    machine: { cpus: os.cpus().length, model: (os.cpus()[0] || {}).model || '', mem_gib: Math.round(os.totalmem() / 2 ** 30),
      loadavg_at_start: loadStart, loadavg_at_end: os.loadavg().map((x) => Number(x.toFixed(2))) },
    ...keysOf('ours'),
    peer: keysOf('peer'),
    ratios,
    null_reasons: reasons,
    summary: sum,
    samples: { ours, peer },
    transfer: { ours: oursTransfer, ours_test_bridge_build: testTransfer, peer: peerTransfer },
    waterfall: waterfalls,
    page_errors: errors,
    method: {
      builds: 'ours: release package (scripts/package.sh: preset release, hashed names, precompressed) for load, memory, idle and frame cost; the same package built with the test bridge (package.sh --preset release-test) for clicks and typing, which need consoleTest.items(); peer: Vite production build (minified), with .br/.gz variants written at build time',
      serving: 'ours: the reference server serves the package (its precompressed .br variants, as they are) and the API; peer: bench/lib/static_host.js serves dist/ (precompressed .br variants, hashed assets immutable, a CSP allowing the inline styles Material UI needs) and forwards /api/ to a reference server on the same database; the API answers are compressed by the reference server for both',
      transfer: 'site files of a first visit (API calls left out), each compressed with brotli quality 11 as a static host serving precompressed files sends them',
      rows_drawn: 'first_rows_ms: ours, end of the frame whose draw calls contain the new rows (performance.mark by the app); peer, the DOM commit of new table rows (MutationObserver)',
      first_rows: 'first_rows_dom_ms: rows in the DOM (ours: the screen-reader mirror\'s table, crm:rows-in-mirror; peer: the table body, MutationObserver); first_rows_screen_ms: end of the rendering update of the first frame showing rows (a message posted from that frame\'s animation-frame callback: ours, the app\'s frame that draws rows; peer, the frame after the DOM commit); first_request_ms/first_answer_ms: resource timing of the first /api/accounts/ request; load_cpu_ms: main-thread task time (CDP) from navigation to just after rows on screen',
      interactions: 'time from the pointerdown/keydown seen by the page to the last rows drawn (rows unchanged for 0.8 s, 1.2 s for search)',
      cold_load: 'new browser process and context for every load, HTTP cache disabled, token preset in storage; the harness waits for marks with a PerformanceObserver (no polling in the page)',
    },
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const name = env('BENCH_NAME', `${date.slice(0, 16).replace(/[:]/g, '')}-${commit.slice(0, 8)}`);
  fs.writeFileSync(path.join(OUT_DIR, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT_DIR, 'latest.json'), JSON.stringify(result, null, 2) + '\n');

  const rows = METRICS.map(([key, label, unit, d, target, scale]) => {
    const k = scale || 1;
    const sc = (x) => (x ? { median: x.median * k, min: x.min * k, max: x.max * k } : null);
    return [label, unit, d, sc(sum.ours[key]), sc(sum.peer[key]), target];
  });
  const caption = `Chromium ${chromiumVersion}, ${RUNS} cold loads each, ${DEMO} accounts, commit ${commit.slice(0, 12)}, ` +
    `${os.cpus().length} cores, load average ${result.machine.loadavg_at_start[0]} at start`;
  const waterfall = `Start-up waterfall of the release build (${waterfalls.length} cold loads):\n\n${waterfallTable(waterfalls)}`;
  fs.writeFileSync(path.join(OUT_DIR, 'latest.md'), `${table(rows)}\n\n${caption}\n\n${waterfall}\n`);
  console.log('\n' + table(rows) + '\n');
  console.log(waterfall + '\n');
  console.log(caption);
  console.log(`Transfer of the test-bridge build (used for clicks and typing): ${(testTransfer.brotli_bytes / 1024).toFixed(0)} KiB brotli`);
  for (const side of ['ours', 'peer']) {
    for (const [k, v] of Object.entries(reasons[side])) console.log(`n/a (${side}) ${k}: ${v}`);
  }
  if (errors.length) console.log('page errors:\n  ' + [...new Set(errors)].join('\n  '));
  log(`wrote bench/results/${name}.json and bench/results/latest.json`);
}

main().catch((e) => { console.error('[bench] failed:', e && e.stack ? e.stack : e); process.exit(1); });
