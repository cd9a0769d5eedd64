// browser.js: the benchmark's browser side: Debian's Chromium through playwright-core, one fresh
// context per cold load (cache disabled), in-page probes (input times, DOM rows for the peer),
// transfer sizes, memory (JS heap, renderer PSS) and main-thread CPU. Measures; never clicks by
// calling into an app's model.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..', '..');
// playwright-core comes with the browser tests' npm packages (scripts/setup.sh installs them).
const { chromium } = require(require.resolve('playwright-core', { paths: [path.join(ROOT, 'tests', 'e2e')] }));
const CHROMIUM = process.env.CRM_CHROMIUM || '/usr/bin/chromium';

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-features=SpareRendererForSitePerProcess'],
  });
}

// Runs in the page before any of its scripts: stores the token where the app looks for it (so a
// cold load goes straight to the list, as for a returning user), records the time of the last
// pointerdown/keydown, and marks when the first rows reach the screen: "bench:rows-on-screen", the
// end of the rendering update of the first frame that shows them (a message posted from inside that
// frame's animation-frame callbacks runs once the frame's style, layout, paint and commit are done).
// For Accounts Console the frame is the one that presents the app's first frame whose draw calls
// contain rows (the app marks "crm:first-rows" at the end of that frame). For DOM apps (the peer)
// it marks the first frame and every change of the table's rows from a MutationObserver (the DOM
// commit, "peer:first-rows"), and the frame that presents the first rows.
function probe(cfg) {
  try { if (cfg.storage) window[cfg.storage.area].setItem(cfg.storage.key, cfg.storage.value); } catch (e) { /* none */ }
  const bench = { inputT: 0 };
  window.__bench = bench;
  window.addEventListener('pointerdown', () => { bench.inputT = performance.now(); }, true);
  window.addEventListener('keydown', () => { bench.inputT = performance.now(); }, true);
  // Whether the page is inside its animation-frame callbacks (requestAnimationFrame is wrapped to
  // count them): what it draws there is shown by this frame's rendering update, what it draws
  // elsewhere (a network callback) by the next frame's.
  let inFrame = 0;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = function benchRaf(cb) {
    return raf((t) => { inFrame++; try { return cb(t); } finally { inFrame--; } });
  };
  const posted = (name) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { performance.mark(name); ch.port1.close(); };
    ch.port2.postMessage(null);
  };
  // Marks `name` at the end of the rendering update (style, layout, paint, commit) of the frame that
  // shows what was just drawn or committed.
  const afterFrameShowingIt = (name) => { if (inFrame > 0) posted(name); else raf(() => posted(name)); };
  if (!cfg.domRows) {
    const mark = performance.mark.bind(performance);
    let seen = false;
    performance.mark = function benchMark(name, options) {
      const entry = mark(name, options);
      if (name === 'crm:first-rows' && !seen) { seen = true; afterFrameShowingIt('bench:rows-on-screen'); }
      return entry;
    };
    return;
  }
  const rows = { count: 0, t: 0, sig: '' };
  bench.rows = rows;
  let firstFrame = false;
  const check = () => {
    if (!firstFrame) {
      const root = document.getElementById('root');
      if (root && root.firstChild) { firstFrame = true; performance.mark('peer:first-frame'); }
    }
    const tb = document.querySelector('table tbody');
    const sig = tb ? tb.textContent : '';
    if (sig && sig !== rows.sig) {
      if (rows.count === 0) {
        performance.mark('peer:first-rows');
        afterFrameShowingIt('bench:rows-on-screen');
      }
      rows.count++;
      rows.t = performance.now();
      rows.sig = sig;
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

// A fresh context and page with the cache disabled; collects every response body (site files
// and API calls separately) while the page loads.
async function coldPage(browser, { viewport = { width: 1280, height: 800 }, storage, domRows = false } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.addInitScript(probe, { storage, domRows });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // Bodies are read when transfer() asks for them (after the load is measured): reading a body over
  // CDP while the page loads would compete with the load for the two cores.
  const responses = [];
  page.on('response', (r) => { responses.push(r); });
  return { context, page, cdp, responses };
}

const brotliCache = new Map();
// Site files as a static host with precompressed assets serves them: brotli at quality 11.
function compressedSizes(body) {
  const digest = crypto.createHash('sha1').update(body).digest('hex');
  if (!brotliCache.has(digest)) {
    const br = zlib.brotliCompressSync(body, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length;
    const gz = zlib.gzipSync(body, { level: 9 }).length;
    brotliCache.set(digest, { br, gz });
  }
  return brotliCache.get(digest);
}

// The site's files of a first visit (API calls left out): per file and in total.
async function transfer(responses) {
  const all = await Promise.all(responses.map((r) => r.body().then(
    (b) => ({ url: r.url(), status: r.status(), bytes: b.length, body: b }),
    () => ({ url: r.url(), status: r.status(), bytes: 0, body: Buffer.alloc(0) }))));
  const files = [];
  let api = 0;
  for (const r of all) {
    const u = new URL(r.url);
    if (u.pathname.startsWith('/api/')) { api += r.bytes; continue; }
    const { br, gz } = compressedSizes(r.body);
    files.push({ path: u.pathname, status: r.status, raw_bytes: r.bytes, gzip_bytes: gz, brotli_bytes: br });
  }
  const sum = (k) => files.reduce((s, f) => s + f[k], 0);
  return { files, raw_bytes: sum('raw_bytes'), gzip_bytes: sum('gzip_bytes'), brotli_bytes: sum('brotli_bytes'), api_raw_bytes: api };
}

// The time of the first performance mark `name`, waiting for it with a PerformanceObserver (no
// polling in the page: a requestAnimationFrame poller would make the browser draw frames the app
// does not ask for while the load is measured).
async function markTime(page, name, timeout = 60000) {
  return page.evaluate(([n, ms]) => new Promise((resolve, reject) => {
    const found = () => performance.getEntriesByName(n, 'mark')[0];
    if (found()) return resolve(found().startTime);
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error(`no mark ${n} within ${ms} ms`)); }, ms);
    const obs = new PerformanceObserver(() => {
      if (!found()) return;
      clearTimeout(timer);
      obs.disconnect();
      resolve(found().startTime);
    });
    obs.observe({ type: 'mark' });
  }), [name, timeout]);
}

// The first list request of a load (resource timing): when it was sent and when its answer ended.
const firstListRequest = (page) => page.evaluate(() => {
  const e = performance.getEntriesByType('resource').find((x) => new URL(x.name).pathname === '/api/accounts/');
  return e ? { sent: e.startTime, answered: e.responseEnd } : { sent: null, answered: null };
});

const fcp = (page) => page.evaluate(() => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : null;
});

// {count, t} of rows drawn: the app's own counter (window.consolePerf) or the DOM probe's.
const rowsState = (page) => page.evaluate(() => {
  const s = window.consolePerf ? window.consolePerf.rowsDrawn() : (window.__bench.rows || { count: 0, t: 0 });
  return { count: s.count, t: s.t, inputT: window.__bench.inputT };
});

// After an input: waits for new rows, then for the rows to stay unchanged for `quietMs`; returns
// the time from the last input to the last rows drawn (ms), or throws on timeout.
async function inputToRows(page, before, { quietMs = 800, timeout = 15000 } = {}) {
  const deadline = Date.now() + timeout;
  let s = await rowsState(page);
  while (s.count <= before.count) {
    if (Date.now() > deadline) throw new Error('no new rows were drawn after the input');
    await page.waitForTimeout(20);
    s = await rowsState(page);
  }
  let lastCount = s.count, quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    await page.waitForTimeout(50);
    s = await rowsState(page);
    if (s.count !== lastCount) { lastCount = s.count; quietSince = Date.now(); }
    if (Date.now() > deadline + quietMs) break;
  }
  if (!(s.inputT > 0)) throw new Error('the input was not seen by the page');
  return s.t - s.inputT;
}

const cpuMetrics = async (cdp) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { task_s: m.TaskDuration || 0, script_s: m.ScriptDuration || 0 };
};

const jsHeapBytes = async (cdp) => (await cdp.send('Runtime.getHeapUsage')).usedSize;

// PSS of the largest renderer process of this browser (the page's own: one page is open).
async function rendererPssBytes(browser) {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    let best = null;
    for (const p of processInfo) {
      if (p.type !== 'renderer') continue;
      let text;
      try { text = fs.readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8'); } catch { continue; }
      const m = text.match(/^Pss:\s+(\d+) kB/m);
      if (m && (best === null || Number(m[1]) * 1024 > best)) best = Number(m[1]) * 1024;
    }
    return best;
  } finally {
    await session.detach().catch(() => {});
  }
}

module.exports = { launch, coldPage, transfer, markTime, fcp, firstListRequest, rowsState, inputToRows, cpuMetrics, jsHeapBytes,
  rendererPssBytes };
