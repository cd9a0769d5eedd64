// waterfall.js: cold loads of one Accounts Console site with a stored token, printing the load's
// waterfall (bench/lib/waterfall.js): when each file is requested and received and when each phase
// (config, font, compiled WASM, app ready, first request and answer, rows in the mirror, first frame
// with rows) is reached. A quick look at start-up without the whole benchmark (scripts/bench.sh
// prints the same table for the release build).
// Environment: CRM_SITE_DIR (default build/package/site), CRM_SERVER_BIN, BENCH_RUNS (default 3),
// BENCH_DEMO (default 10000).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./lib/server');
const b = require('./lib/browser');
const { readWaterfall, waterfallTable } = require('./lib/waterfall');

const ROOT = path.resolve(__dirname, '..');
const env = (k, d) => process.env[k] || d;
const SITE = env('CRM_SITE_DIR', path.join(ROOT, 'build/package/site'));
const SERVER_BIN = env('CRM_SERVER_BIN', path.join(ROOT, 'build/native/src/server/accounts-server'));
const RUNS = Number(env('BENCH_RUNS', '3'));
const DEMO = Number(env('BENCH_DEMO', '10000'));
const TOKEN = 'bench-token';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-waterfall-'));
  const server = await startServer({ bin: SERVER_BIN, site: SITE, db: path.join(dir, 'accounts.db'), demo: DEMO, token: TOKEN });
  const loads = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const browser = await b.launch();
      try {
        const { context, page } = await b.coldPage(browser,
          { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: TOKEN } });
        await page.goto(server.origin + '/');
        await b.markTime(page, 'crm:first-rows');
        await page.waitForTimeout(300);
        const w = await readWaterfall(page);
        loads.push(w);
        console.log(`[waterfall] load ${i + 1}/${RUNS}: first rows at ${w['crm:first-rows'].toFixed(0)} ms`);
        if (page.errors.length) console.log('[waterfall] page errors: ' + page.errors.join('; '));
        await context.close();
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n' + waterfallTable(loads));
  console.log(`\n${SITE}, ${RUNS} cold loads, ${DEMO} accounts, load average ${os.loadavg()[0].toFixed(2)}`);
}

main().catch((e) => { console.error('[waterfall] failed:', e && e.stack ? e.stack : e); process.exit(1); });
