// probe_frames.js: a small probe beside scripts/bench.sh (never part of the tests): where one frame's
// time goes with 100 rows on screen (window.consolePerf.phaseTimes: update, ImGui NewFrame, views,
// ImGui Render, GL submission), and the timeline of a stage-chip click (input, request, response
// end from resource timing, animation-frame callbacks, frames drawn, rows drawn); time to first rows
// of each load; and keystrokes in the search field (keydown to the end of the app's next
// animation-frame callback, which shows the key; and how long the keydown task itself took).
// Usage: node bench/probe_frames.js [frames|filter|keys|start|both|all] (start: a cold load's first frames and marks); CRM_SITE (default build/web-test/site),
// PROBE_RUNS (default 3). Builds nothing: build the server and the site first.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('./lib/server');
const b = require('./lib/browser');

const ROOT = path.resolve(__dirname, '..');
const env = (k, d) => process.env[k] || d;
const RUNS = Number(env('PROBE_RUNS', '3'));
const TOKEN = 'probe-token';
const SITE = env('CRM_SITE', path.join(ROOT, 'build/web-test/site'));
const DB = env('PROBE_DB', path.join(ROOT, 'build/bench/probe.db'));
const STAGES = ['Customer', 'Prospect', 'Partner', 'Churned', 'Active'];

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');

// Runs in the page before its scripts: the time of every animation-frame callback batch.
function rafProbe() {
  const raf = { at: [], req: [], load: [], busy: [], appEnd: [], keys: [] };
  window.__raf = raf;
  // Each keydown: when the page saw it (capture, first) and when every handler had run (bubble, last).
  window.addEventListener('keydown', () => { raf.keys.push({ t0: performance.now(), t1: NaN }); }, true);
  window.addEventListener('keydown', () => { const k = raf.keys[raf.keys.length - 1]; if (k) k.t1 = performance.now(); });
  // When each XHR's load event reaches the page (the app's fetch completes there).
  const openXhr = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) {
    const url = String(args[1]);
    this.addEventListener('load', () => { raf.load.push({ url, at: performance.now() }); });
    return openXhr.apply(this, args);
  };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) raf.busy.push({ at: e.startTime, ms: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no long tasks */ }
  const orig = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => {
    const app = /app\.js/.test(new Error().stack || '');   // the app's own, not Playwright's polling
    if (raf.req.length < 5000) raf.req.push(performance.now());
    return orig((t) => {
      if (raf.at.length < 5000) raf.at.push(performance.now());
      cb(t);
      if (app && raf.appEnd.length < 5000) raf.appEnd.push(performance.now());
    });
  };
}

async function open(browser, origin) {
  const { context, page } = await b.coldPage(browser,
    { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: TOKEN } });
  await context.addInitScript(rafProbe);
  await page.goto(origin + '/');
  const firstRows = await b.markTime(page, 'crm:first-rows');
  return { context, page, firstRows };
}

// Keystrokes typed into the search field, 250 ms apart: keydown to the end of the app's next
// animation-frame callback (the frame at the refresh that shows the key), and the keydown task.
async function keys(browser, origin) {
  const { context, page, firstRows } = await open(browser, origin);
  try {
    await page.waitForFunction(() => window.consoleTest && window.consoleTest.model().list.status === 'loaded');
    await page.locator('#canvas').focus();
    await page.waitForTimeout(500);
    await page.keyboard.press('/');
    await page.waitForTimeout(500);
    const n0 = await page.evaluate(() => window.__raf.keys.length);
    for (const ch of 'harbourline') {
      await page.keyboard.press(ch);
      await page.waitForTimeout(250);
    }
    const r = await page.evaluate((n) => {
      const ks = window.__raf.keys.slice(n), ends = window.__raf.appEnd;
      return ks.map((k) => ({ task: k.t1 - k.t0, frame: (ends.find((e) => e > k.t0) || NaN) - k.t0 }));
    }, n0);
    const search = await page.evaluate(() => window.consoleTest.model().list.query.search || '');
    return { firstRows, task: median(r.map((x) => x.task)), frame: median(r.map((x) => x.frame)),
      frameMax: Math.max(...r.map((x) => x.frame)), typed: search };
  } finally {
    await context.close();
  }
}

// Phase breakdown of frames drawn while the pointer moves over 100 rows (as bench.sh does).
async function frames(browser, origin, rows) {
  const { context, page } = await open(browser, origin);
  try {
    await page.setViewportSize({ width: 1280, height: 2400 });
    const before = await b.rowsState(page);
    await page.evaluate((n) => { location.hash = '#/accounts?limit=' + n; }, rows);
    for (let i = 0; i < 200; i++) {
      const s = await b.rowsState(page);
      if (s.count > before.count) break;
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(500);
    const f0 = await page.evaluate(() => window.consolePerf.frames());
    let hover = 0;
    while ((await page.evaluate(() => window.consolePerf.frames())) < f0 + 200) {
      await page.mouse.move(500 + (hover % 2) * 40, 300 + (hover++ % 40) * 40);
      await page.waitForTimeout(16);
      if (hover > 2000) break;
    }
    const f1 = await page.evaluate(() => window.consolePerf.frames());
    const ph = await page.evaluate((k) => (window.consolePerf.phaseTimes ? window.consolePerf.phaseTimes(k) : []),
      Math.min(200, f1 - f0));
    const total = await page.evaluate((k) => window.consolePerf.frameTimes(k), Math.min(200, f1 - f0));
    const names = ['update', 'newframe', 'views', 'render', 'gl'];
    // Frames sent to GL only (the others are identical to the canvas and skip GL).
    const sent = ph.filter((p) => p.gl);
    const out = { rows, frames: ph.length, sent: sent.length, total: median(total),
      total_sent: median(sent.map((p) => p.t[4])), vtx: median(sent.map((p) => p.vtx)), cmds: median(sent.map((p) => p.cmds)) };
    names.forEach((n, i) => { out[n] = median(sent.map((p) => p.t[i] - (i ? p.t[i - 1] : 0))); });
    return out;
  } finally {
    await context.close();
  }
}

// One stage-chip click: the timeline from the pointerdown to the rows drawn.
async function filter(browser, origin) {
  const { context, page } = await open(browser, origin);
  const out = [];
  try {
    await page.waitForFunction(() => window.consoleTest && window.consoleTest.model().list.status === 'loaded');
    await page.waitForTimeout(800);
    for (const label of STAGES) {
      const chip = (await page.evaluate(() => window.consoleTest.items()))
        .filter((it) => (it.label === label || it.label.startsWith(label + ' ')) && it.w > 0 && !it.disabled)
        .sort((p, q) => p.y - q.y)[0];
      if (!chip) throw new Error('no chip ' + label);
      const before = await b.rowsState(page);
      await page.mouse.click(chip.x + Math.min(chip.w / 2, 40), chip.y + chip.h / 2);
      const ms = await b.inputToRows(page, before);
      const t = await page.evaluate(({ stage }) => {
        const t0 = window.__bench.inputT;
        const res = performance.getEntriesByType('resource')
          .filter((e) => e.startTime >= t0 && e.name.includes('/api/accounts/?') && e.name.includes('stage=' + stage) &&
            !e.name.includes('limit=1&') && !/[?&]limit=1$/.test(e.name))
          .map((e) => ({ name: e.name.replace(/^.*\/api/, ''), start: e.startTime - t0, end: e.responseEnd - t0 }));
        const rows = window.consolePerf.rowsDrawn().t - t0;
        const fr = (window.consolePerf.phaseTimes ? window.consolePerf.phaseTimes(40) : []).filter((p) => p.at >= t0)
          .map((p) => ({ end: p.at - t0, ms: p.t[4] }));
        const raf = window.__raf.at.filter((x) => x >= t0).map((x) => x - t0);
        const req = window.__raf.req.filter((x) => x >= t0).map((x) => x - t0);
        const load = window.__raf.load.filter((x) => x.at >= t0).map((x) => x.at - t0);
        const busy = window.__raf.busy.filter((x) => x.at + x.ms >= t0).map((x) => `${(x.at - t0).toFixed(0)}+${x.ms.toFixed(0)}`);
        return { res, rows, frames: fr, raf, req, load, busy };
      }, { stage: label.toLowerCase() });
      out.push({ label, ms, ...t });
      await page.waitForTimeout(600);
    }
  } finally {
    await context.close();
  }
  return out;
}

// A cold load: the start-up marks, the first frames (when each began and ended, its CPU phases,
// whether it was sent to GL, whether it drew rows), the API answers and the long tasks.
async function start(browser, origin) {
  const { context, page, firstRows } = await open(browser, origin);
  await page.waitForTimeout(300);
  const out = await page.evaluate(() => {
    const marks = performance.getEntriesByType('mark').filter((e) => e.name.startsWith('crm:'))
      .map((e) => [e.name, e.startTime]);
    const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/'))
      .slice(0, 3).map((e) => [new URL(e.name).pathname + new URL(e.name).search, e.startTime, e.responseEnd]);
    const frames = window.consolePerf.phaseTimes(12).map((f) => ({ end: f.at, ms: f.t[f.t.length - 1], t: f.t, gl: f.gl, vtx: f.vtx }));
    return { marks, api, frames, busy: window.__raf.busy };
  });
  await context.close();
  return { firstRows, ...out };
}

async function main() {
  const mode = process.argv[2] || 'both';
  fs.mkdirSync(path.dirname(DB), { recursive: true });
  for (const f of [DB, DB + '-wal', DB + '-shm']) fs.rmSync(f, { force: true });
  const server = await startServer({ bin: env('CRM_SERVER_BIN', path.join(ROOT, 'build/native/src/server/accounts-server')), site: SITE, db: DB,
    demo: 10000, token: TOKEN });
  const browser = await b.launch();
  try {
    if (mode === 'frames' || mode === 'both' || mode === 'all') {
      for (const rows of [100, 10]) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await frames(browser, server.origin, rows));
        const keys = ['total', 'frames', 'sent', 'total_sent', 'update', 'newframe', 'views', 'render', 'gl', 'vtx', 'cmds'];
        console.log(`[probe] ${rows} rows, median over ${RUNS} loads of per-load medians (ms: all frames; frames sent to GL ` +
          'and their phases; vtx, cmds counts):');
        console.log('  ' + keys.map((k) => `${k} ${fmt(median(runs.map((r) => r[k])))}`).join('  '));
        console.log('  totals per load: ' + runs.map((r) => fmt(r.total)).join(', '));
      }
    }
    if (mode === 'start' || mode === 'all') {
      for (let i = 0; i < RUNS; i++) {
        const r = await start(browser, server.origin);
        console.log(`[probe] start ${i + 1}: first rows ${fmt(r.firstRows)} ms; marks ` +
          r.marks.map(([n, t]) => `${n.slice(4)} ${fmt(t)}`).join(', '));
        console.log('  api ' + r.api.map(([u, a, z]) => `${u} ${fmt(a)}->${fmt(z)}`).join('; '));
        console.log('  frames (start-end ms, phases update/newframe/views/render/gl, sent to GL, vertices): ' +
          r.frames.slice(0, 6).map((f) => `${fmt(f.end - f.ms)}-${fmt(f.end)} [${f.t.map(fmt).join('/')}] ${f.gl ? 'gl' : '-'} ${f.vtx}`).join('; '));
        console.log('  long tasks ' + r.busy.map((x) => `${fmt(x.at)}+${fmt(x.ms)}`).join(' '));
      }
    }
    if (mode === 'keys' || mode === 'all') {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await keys(browser, server.origin));
      console.log(`[probe] keys: first rows ${runs.map((r) => fmt(r.firstRows)).join(', ')} ms (median ` +
        `${fmt(median(runs.map((r) => r.firstRows)))}); keydown to the next app frame, median per load ` +
        `${runs.map((r) => fmt(r.frame)).join(', ')} ms (max ${runs.map((r) => fmt(r.frameMax)).join(', ')}); ` +
        `keydown task ${runs.map((r) => fmt(r.task)).join(', ')} ms; search field read ` +
        runs.map((r) => JSON.stringify(r.typed)).join(', '));
    }
    if (mode === 'filter' || mode === 'both' || mode === 'all') {
      const all = [];
      for (let i = 0; i < RUNS; i++) {
        for (const r of await filter(browser, server.origin)) {
          all.push(r);
          const rq = r.res.map((x) => `req ${fmt(x.start)}->${fmt(x.end)}`).join(' ');
          console.log(`[probe] ${r.label}: rows at ${fmt(r.rows)} ms (bench ${fmt(r.ms)}); ${rq}; ` +
            `frames end ${r.frames.map((f) => `${fmt(f.end)}(${fmt(f.ms)})`).join(' ')}; raf ${r.raf.map(fmt).join(' ')}; ` +
            `raf asked ${r.req.map(fmt).join(' ')}; xhr load ${r.load.map(fmt).join(' ')}; long tasks ${r.busy.join(' ')}`);
        }
      }
      // The filtered page's request is the first to leave after the click (later ones prefetch).
      const first = (r) => r.res.reduce((a, x) => (a && a.start <= x.start ? a : x), null);
      const lag = all.map((r) => r.rows - first(r).end);
      const srv = all.map((r) => first(r).end - first(r).start);
      const before = all.map((r) => first(r).start);
      console.log(`[probe] filter: median ${fmt(median(all.map((r) => r.ms)))} ms over ${all.length} clicks ` +
        `(${fmt(Math.min(...all.map((r) => r.ms)))}-${fmt(Math.max(...all.map((r) => r.ms)))}); ` +
        `click -> request leaves median ${fmt(median(before))} ms; request (server + network) median ` +
        `${fmt(median(srv))} ms; response end -> rows drawn median ${fmt(median(lag))} ms`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
