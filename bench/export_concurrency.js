// export_concurrency.js: how fast the reference server hands out every page of 10,000 accounts
// (limit 100, as the console's export and local mode walk them) with N requests in flight, from Node
// (no browser): page 1 first, then N at a time, as PageWalk does. Measures only; never part of tests.
//   node bench/export_concurrency.js [N...]   (default 1 4 6 8 16 32); env BENCH_RUNS (default 5),
//   CRM_SERVER_BIN, BENCH_DEMO (default 10000)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./lib/server');
const { median } = require('./lib/stats');

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS || '5');
const DEMO = Number(process.env.BENCH_DEMO || '10000');
const TOKEN = 'bench-token';
const SERVER_BIN = process.env.CRM_SERVER_BIN || path.join(ROOT, 'build/native/src/server/accounts-server');
const LEVELS = process.argv.slice(2).map(Number).filter((n) => n > 0);

async function getPage(origin, page) {
  const t0 = performance.now();
  const r = await fetch(`${origin}/api/accounts/?page=${page}&limit=100`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = await r.json();
  if (r.status !== 200) throw new Error(`page ${page}: HTTP ${r.status}`);
  return { ms: performance.now() - t0, body };
}

// One walk: page 1, then the rest with `n` in flight. Returns total ms and per-request latencies.
async function walk(origin, n) {
  const t0 = performance.now();
  const first = await getPage(origin, 1);
  const pages = Math.ceil(first.body.count / 100);
  const lat = [first.ms];
  let next = 2, rows = first.body.results.length;
  async function worker() {
    while (next <= pages) {
      const p = next++;
      const r = await getPage(origin, p);
      lat.push(r.ms);
      rows += r.body.results.length;
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, pages - 1) }, worker));
  return { ms: performance.now() - t0, rows, latency: median(lat) };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-export-bench-'));
  const server = await startServer({ bin: SERVER_BIN, site: dir, db: path.join(dir, 'bench.db'), demo: DEMO, token: TOKEN });
  try {
    await walk(server.origin, 4);   // warm-up (page cache, prepared statements)
    const levels = LEVELS.length ? LEVELS : [1, 4, 6, 8, 16, 32];
    const results = {};
    for (let run = 0; run < RUNS; ++run) {   // interleaved, so machine load hits every level alike
      for (const n of levels) {
        let r;
        try {
          r = await walk(server.origin, n);
        } catch (e) {   // e.g. connections reset when more are opened than the server has threads
          r = { ms: NaN, rows: 0, latency: NaN, error: String((e.cause && e.cause.code) || e.message) };
        }
        (results[n] = results[n] || []).push(r);
      }
    }
    console.log(`in flight | walk of ${DEMO} accounts, median of ${RUNS} (ms) | median request latency (ms) | rows`);
    for (const n of levels) {
      const failed = results[n].filter((r) => r.error);
      if (failed.length) console.log(`${String(n).padStart(9)} | ${failed.length} of ${RUNS} walks failed: ${failed[0].error}`);
      const rs = results[n].filter((r) => !r.error);
      if (!rs.length) continue;
      console.log(`${String(n).padStart(9)} | ${median(rs.map((r) => r.ms)).toFixed(0).padStart(8)} ` +
        `(${rs.map((r) => r.ms.toFixed(0)).join(', ')}) | ${median(rs.map((r) => r.latency)).toFixed(1).padStart(6)} | ${rs[0].rows}`);
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
