// export_probe.js: where an export's time goes in the browser (never part of the tests; measures
// only). For each site given, interleaved run by run so machine load hits them alike: a click on
// "Export CSV" with 10,000 demo accounts, to the download; the walk's page requests (when each left,
// when its answer reached the page, how many were in flight), the time from an answer to the request
// it lets go, frames drawn and frames sent to GL during the walk, the main thread's CPU, and the time
// from the last answer to the file handed to the browser (CSV building).
//   node bench/export_probe.js [name=site_dir[@server_bin] ...]   (default: build/web-test/site; test-bridge
//   sites; each served by its own server: CRM_SERVER_BIN unless @server_bin names another build)
//   env PROBE_RUNS (default 5), CRM_SERVER_BIN, BENCH_DEMO (default 10000)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./lib/server');
const b = require('./lib/browser');
const { median } = require('./lib/stats');
const { waitFrames, find, hover } = require('./lib/console_ui');

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.PROBE_RUNS || '5');
const DEMO = Number(process.env.BENCH_DEMO || '10000');
const TOKEN = 'probe-token';
const SERVER_BIN = process.env.CRM_SERVER_BIN || path.join(ROOT, 'build/native/src/server/accounts-server');

// Runs in the page before its scripts: every XHR's open and load, and when a download's Blob is made.
function xhrProbe() {
  const p = { xhr: [], blobAt: 0 };
  window.__exportProbe = p;
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) {
    const e = { url: String(args[1]), open: performance.now(), load: NaN };
    p.xhr.push(e);
    // readyState 4 comes before the app's own load handler (which sends the next page's request).
    this.addEventListener('readystatechange', () => { if (this.readyState === 4 && !(e.load >= 0)) e.load = performance.now(); });
    return open.apply(this, args);
  };
  const create = URL.createObjectURL;
  URL.createObjectURL = function (...args) { p.blobAt = performance.now(); return create.apply(this, args); };
}

async function exportRun(browser, origin) {
  const { context, page, cdp } = await b.coldPage(browser,
    { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: TOKEN } });
  try {
    await context.addInitScript(xhrProbe);
    await page.goto(origin + '/');
    await page.waitForFunction(() => {
      const m = window.consoleTest && window.consoleTest.model();
      return m && m.list.status === 'loaded' && m.list.users.status === 'loaded';
    }, undefined, { timeout: 60000 });
    await waitFrames(page);
    const { x, y } = await hover(page, await find(page, 'Export CSV'));
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => ({
      n: window.__exportProbe.xhr.length, frames: window.consoleTest.frameCount(),
      sent: window.consolePerf ? window.consolePerf.framesSubmitted() : NaN, t: performance.now() }));
    const cpu0 = await b.cpuMetrics(cdp);
    const t0 = Date.now();
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 300000 }), page.mouse.click(x, y)]);
    const file = await dl.path();
    const ms = Date.now() - t0;
    const cpu1 = await b.cpuMetrics(cdp);
    const after = await page.evaluate(() => ({
      xhr: window.__exportProbe.xhr, blobAt: window.__exportProbe.blobAt, frames: window.consoleTest.frameCount(),
      sent: window.consolePerf ? window.consolePerf.framesSubmitted() : NaN }));
    const lines = fs.readFileSync(file, 'utf8').split('\r\n').length - 2;
    const walk = after.xhr.slice(before.n).filter((e) => /\/api\/accounts\/\?/.test(e.url));
    // In flight over time, and the gap from each answer to the next request that left after it.
    const events = [];
    for (const e of walk) { events.push([e.open, 1]); events.push([e.load, -1]); }
    events.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    let cur = 0, maxIn = 0, area = 0, last = events.length ? events[0][0] : 0;
    for (const [t, d] of events) { area += cur * (t - last); last = t; cur += d; maxIn = Math.max(maxIn, cur); }
    const first = walk[0], lastLoad = Math.max(...walk.map((e) => e.load));
    const span = lastLoad - first.open;
    const gaps = [];
    for (const e of walk.slice(1)) {
      const prior = walk.filter((w) => w.load <= e.open).map((w) => w.load);
      if (prior.length) gaps.push(e.open - Math.max(...prior));
    }
    return {
      ms, lines, requests: walk.length,
      click_to_first_request: first.open - before.t,
      walk_ms: span, page1_ms: first.load - first.open,
      latency_ms: median(walk.map((e) => e.load - e.open)),
      mean_in_flight: span > 0 ? area / span : NaN, max_in_flight: maxIn,
      answer_to_next_request_ms: median(gaps),
      last_answer_to_blob_ms: after.blobAt - lastLoad,
      frames: after.frames - before.frames, frames_sent: after.sent - before.sent,
      cpu_ms: (cpu1.task_s - cpu0.task_s) * 1000,
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const sites = args.length ? args.map((a) => {
    const i = a.indexOf('='), at = a.indexOf('@', i);
    return { name: a.slice(0, i), dir: at > 0 ? a.slice(i + 1, at) : a.slice(i + 1), bin: at > 0 ? a.slice(at + 1) : SERVER_BIN };
  }) : [{ name: 'site', dir: path.join(ROOT, 'build/web-test/site'), bin: SERVER_BIN }];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-export-probe-'));
  const servers = [];
  try {
    for (const [i, s] of sites.entries()) {
      servers.push(await startServer({ bin: s.bin, site: s.dir, db: path.join(tmp, `probe${i}.db`), demo: DEMO, token: TOKEN }));
    }
    const load0 = os.loadavg()[0];
    const browser = await b.launch();
    const results = sites.map(() => []);
    try {
      for (let i = 0; i < sites.length; ++i) await exportRun(browser, servers[i].origin);   // warm-up
      for (let run = 0; run < RUNS; ++run) {
        for (let i = 0; i < sites.length; ++i) results[i].push(await exportRun(browser, servers[i].origin));
      }
    } finally {
      await browser.close();
    }
    const keys = Object.keys(results[0][0]);
    console.log(`export of ${DEMO} accounts, median of ${RUNS} runs; load average ${load0.toFixed(2)} at start, ` +
      `${os.loadavg()[0].toFixed(2)} at end, ${os.cpus().length} cores`);
    console.log(['metric', ...sites.map((s) => s.name)].join(' | '));
    for (const k of keys) {
      console.log([k, ...results.map((rs) => {
        const v = median(rs.map((r) => r[k]));
        return `${Number.isInteger(v) ? v : v.toFixed(1)} (${rs.map((r) => Math.round(r[k])).join(', ')})`;
      })].join(' | '));
    }
    if (sites.length > 1) {
      for (let i = 1; i < sites.length; ++i) {
        const ratios = results[i].map((r, k) => r.ms / results[0][k].ms);
        console.log(`${sites[i].name}/${sites[0].name} export time: median ratio ${median(ratios).toFixed(2)} ` +
          `(${ratios.map((x) => x.toFixed(2)).join(', ')})`);
      }
    }
  } finally {
    for (const s of servers) await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
