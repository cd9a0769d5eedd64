// scenarios.js: one cold load of each app and what is measured in it. Accounts Console's release
// build (load, memory, idle, frame cost), its test-bridge build (clicks and typing at the rectangles
// window.consoleTest reports) and the react-admin peer (all of it in one load). Real input events
// only; an unavailable feature gives null with a reason, never a made-up number.
'use strict';
const b = require('./browser');
const { items, model, waitFrames, clickAt } = require('./console_ui');
const { readWaterfall } = require('./waterfall');

const MiB = 1024 * 1024;
const STAGE = { value: 'customer', label: 'Customer' };
const SEARCH_TERM = 'ri';

const sleep = (page, ms) => page.waitForTimeout(ms);

// Waits for a new set of rows after something other than an input (a URL change).
async function waitNewRows(page, before, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const s = await b.rowsState(page);
    if (s.count > before.count) return s;
    if (Date.now() > deadline) throw new Error('no new rows were drawn');
    await sleep(page, 20);
  }
}

async function idle(page, cdp, readFrames) {
  const f0 = readFrames ? await readFrames() : null;
  const c0 = await b.cpuMetrics(cdp);
  await sleep(page, 10000);
  const f1 = readFrames ? await readFrames() : null;
  const c1 = await b.cpuMetrics(cdp);
  return { frames: readFrames ? f1 - f0 : null, cpu_ms: (c1.task_s - c0.task_s) * 1000 };
}

async function memory(browser, page, cdp, wasm) {
  return {
    wasm_heap_mib: wasm ? (await page.evaluate(() => window.consolePerf.wasmHeapBytes())) / MiB : null,
    js_heap_mib: (await b.jsHeapBytes(cdp)) / MiB,
    renderer_pss_mib: ((await b.rendererPssBytes(browser)) || NaN) / MiB,
  };
}

// Frame CPU times (ms) of the next `n` frames the app draws while `during` runs (if given), or of
// as many as it draws within `maxMs` (a loaded machine draws fewer frames per second).
async function frameTimes(page, n, during, maxMs = 8000) {
  const f0 = await page.evaluate(() => window.consolePerf.frames());
  const deadline = Date.now() + maxMs;
  let stop = false;
  const driver = during ? (async () => { while (!stop) await during(); })() : null;
  while ((await page.evaluate(() => window.consolePerf.frames())) < f0 + n) {
    if (Date.now() > deadline) break;
    await sleep(page, 100);
  }
  stop = true;
  if (driver) await driver;
  const f1 = await page.evaluate(() => window.consolePerf.frames());
  const k = Math.min(n, f1 - f0);
  const times = await page.evaluate((m) => window.consolePerf.frameTimes(m), k);
  // The frames of those sent to GL (builds with phaseTimes; the others matched the canvas and skipped GL).
  times.sent = await page.evaluate((m) => (window.consolePerf.phaseTimes
    ? window.consolePerf.phaseTimes(m).filter((p) => p.gl).map((p) => p.t[p.t.length - 1]) : null), k);
  return times;
}

// First rows of a cold load, the same for both apps: in the DOM (`domMark`: the console's
// screen-reader mirror, the peer's table), on screen (the end of the first frame that shows them,
// see browser.js), the first list request sent and answered, first contentful paint, and the
// main-thread task time from navigation to rows on screen.
async function firstRows(page, cdp, r, domMark) {
  r.first_rows_dom_ms = await b.markTime(page, domMark);
  r.first_rows_screen_ms = await b.markTime(page, 'bench:rows-on-screen');
  r.load_cpu_ms = (await b.cpuMetrics(cdp)).task_s * 1000;
  const req = await b.firstListRequest(page);
  r.first_request_ms = req.sent;
  r.first_answer_ms = req.answered;
  r.fcp_ms = await b.fcp(page);
}

// Accounts Console, release build: first visit, memory, idle, frame cost with 100 rows.
async function oursRelease(origin, token) {
  const browser = await b.launch();
  try {
    const { context, page, cdp, responses } = await b.coldPage(browser,
      { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: token } });
    const r = {};
    await page.goto(origin + '/');
    r.first_frame_ms = await b.markTime(page, 'crm:first-frame');
    r.first_rows_ms = await b.markTime(page, 'crm:first-rows');
    await firstRows(page, cdp, r, 'crm:rows-in-mirror');
    await sleep(page, 1000);
    r.waterfall = await readWaterfall(page);
    r.transfer = await b.transfer(responses);
    Object.assign(r, await memory(browser, page, cdp, true));
    const idl = await idle(page, cdp, () => page.evaluate(() => window.consolePerf.frames()));
    r.idle_frames_10s = idl.frames;
    r.idle_cpu_ms_10s = idl.cpu_ms;

    // 100 rows on screen: limit=100 through the URL, and a viewport tall enough to show them all.
    const before = await b.rowsState(page);
    const apiSeen = [];
    page.on('response', (res) => { if (res.url().includes('/api/accounts/?')) apiSeen.push(res); });
    await page.setViewportSize({ width: 1280, height: 2400 });
    await page.evaluate(() => { location.hash = '#/accounts?limit=100'; });
    await waitNewRows(page, before);
    const last = apiSeen[apiSeen.length - 1];
    const shown = last ? ((await last.json()).results || []).length : 0;
    if (shown !== 100) throw new Error(`expected 100 rows for the frame-cost run, the API returned ${shown}`);
    await sleep(page, 500);
    // An app that draws only on change needs something to draw for: the pointer moving over rows.
    let hover = 0;
    r.frame_cpu_ms_100rows_samples = await frameTimes(page, 300, async () => {
      await page.mouse.move(500 + (hover % 2) * 40, 300 + (hover++ % 40) * 40);
      await sleep(page, 16);
    });
    r.frame_cpu_ms_100rows_sent_samples = r.frame_cpu_ms_100rows_samples.sent;
    // Scrolling the same 100 rows in a normal viewport, with real wheel events over the table.
    await page.setViewportSize({ width: 1280, height: 800 });
    await sleep(page, 300);
    await page.mouse.move(640, 450);
    let wheel = 0;
    r.frame_cpu_ms_scrolling_samples = await frameTimes(page, 300, async () => {
      await page.mouse.wheel(0, (Math.floor(wheel++ / 25) % 2 ? -1 : 1) * 60);
      await sleep(page, 16);
    });
    r.page_errors = page.errors;
    await context.close();
    return r;
  } finally {
    await browser.close();
  }
}

// Accounts Console, test-bridge build (needed to find widgets by label): CSV export, filter
// round trip, page turn, search. Each is null with a reason when the build lacks the widget.
async function oursInteractions(origin, token) {
  const browser = await b.launch();
  const r = { reasons: {} };
  try {
    const { context, page } = await b.coldPage(browser,
      { storage: { area: 'sessionStorage', key: 'accountsConsole.token', value: token } });
    await page.goto(origin + '/');
    await b.markTime(page, 'crm:first-rows');
    await page.waitForFunction(() => window.consoleTest && window.consoleTest.model().list.status === 'loaded');
    await waitFrames(page);

    // CSV export of the whole (unfiltered) list.
    const exportItem = (await items(page)).find((it) => /csv|export/i.test(it.label) && it.w > 0 && !it.disabled);
    if (!exportItem) {
      r.csv_export_10k_ms = null;
      r.reasons.csv_export_10k_ms = 'no CSV export in this build (no item labelled "Export"/"CSV" in consoleTest.items())';
    } else {
      const t0 = Date.now();
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), clickAt(page, exportItem)]);
      await dl.path();
      r.csv_export_10k_ms = Date.now() - t0;
      await waitFrames(page);
    }

    // Filter: a click on the "Customer" stage chip (the topmost item with that label).
    // A chip's label may carry a count ("Customer 2,012").
    const chip = (await items(page)).filter((it) => (it.label === STAGE.label || it.label.startsWith(STAGE.label + ' ')) &&
      it.w > 0 && !it.disabled)
      .sort((p, q) => p.y - q.y)[0];
    if (!chip) {
      r.filter_roundtrip_ms = null;
      r.reasons.filter_roundtrip_ms = `no "${STAGE.label}" stage chip in this build (consoleTest.items())`;
    } else {
      const before = await b.rowsState(page);
      await clickAt(page, chip);
      const ms = await b.inputToRows(page, before);
      const m = await model(page);
      if (m.list.query.stage === STAGE.value) r.filter_roundtrip_ms = ms;
      else { r.filter_roundtrip_ms = null; r.reasons.filter_roundtrip_ms = `clicking "${STAGE.label}" did not filter by stage`; }
      await waitFrames(page);
    }

    // Page turn: "Next".
    const next = (await items(page)).find((it) => it.label === 'Next' && it.w > 0 && !it.disabled);
    if (!next) {
      r.page_turn_ms = null;
      r.reasons.page_turn_ms = 'no enabled "Next" button found';
    } else {
      const before = await b.rowsState(page);
      const page0 = (await model(page)).list.query.page;
      await clickAt(page, next);
      r.page_turn_ms = await b.inputToRows(page, before);
      if ((await model(page)).list.query.page !== page0 + 1) { r.page_turn_ms = null; r.reasons.page_turn_ms = '"Next" did not turn the page'; }
      await waitFrames(page);
    }

    // Search: the last keystroke to the rows drawn.
    const field = (await items(page)).find((it) => /^search/i.test(it.label) && it.w > 0 && !it.disabled);
    if (!field) {
      r.search_ms = null;
      r.reasons.search_ms = 'no search field in this build (no item labelled "Search..." in consoleTest.items())';
    } else {
      await clickAt(page, field);
      await waitFrames(page);
      const before = await b.rowsState(page);
      await page.keyboard.type(SEARCH_TERM, { delay: 60 });
      const ms = await b.inputToRows(page, before, { quietMs: 1200 });
      const m = await model(page);
      if (m.list.query.search === SEARCH_TERM) r.search_ms = ms;
      else { r.search_ms = null; r.reasons.search_ms = `typing "${SEARCH_TERM}" did not set the list's search`; }
    }
    r.page_errors = page.errors;
    await context.close();
    return r;
  } finally {
    await browser.close();
  }
}

// The react-admin peer: everything in one cold load (it has one build).
async function peer(origin, token) {
  const browser = await b.launch();
  const r = { reasons: {} };
  try {
    const { context, page, cdp, responses } = await b.coldPage(browser,
      { storage: { area: 'localStorage', key: 'peer.token', value: token }, domRows: true });
    await page.goto(origin + '/');
    r.first_frame_ms = await b.markTime(page, 'peer:first-frame');
    r.first_rows_ms = await b.markTime(page, 'peer:first-rows');
    await firstRows(page, cdp, r, 'peer:first-rows');
    await sleep(page, 1000);
    r.transfer = await b.transfer(responses);
    Object.assign(r, await memory(browser, page, cdp, false));
    const idl = await idle(page, cdp, null);
    r.idle_frames_10s = null;
    r.reasons.idle_frames_10s = 'a DOM app has no frame loop of its own (the browser repaints on change)';
    r.idle_cpu_ms_10s = idl.cpu_ms;

    // CSV export of all 10,000 accounts (react-admin's ExportButton, maxResults 10000).
    {
      const btn = page.getByRole('button', { name: 'Export' });
      await btn.scrollIntoViewIfNeeded();
      const box = await btn.boundingBox();
      const t0 = Date.now();
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }),
        page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)]);
      const file = await dl.path();
      r.csv_export_10k_ms = Date.now() - t0;
      const lines = require('node:fs').readFileSync(file, 'utf8').trim().split('\n').length;
      r.csv_export_lines = lines;
    }

    const url = () => decodeURIComponent(page.url());
    // Filter: the "Customer" item of the stage filter list.
    {
      const item = page.getByText(STAGE.label, { exact: true }).first();
      await item.scrollIntoViewIfNeeded();
      const box = await item.boundingBox();
      const before = await b.rowsState(page);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const ms = await b.inputToRows(page, before);
      if (url().includes(`"stage":"${STAGE.value}"`)) r.filter_roundtrip_ms = ms;
      else { r.filter_roundtrip_ms = null; r.reasons.filter_roundtrip_ms = 'the stage filter did not apply'; }
    }
    // Page turn.
    {
      const btn = page.getByRole('button', { name: 'Go to next page' });
      await btn.scrollIntoViewIfNeeded();
      const box = await btn.boundingBox();
      const before = await b.rowsState(page);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const ms = await b.inputToRows(page, before);
      if (/[?&]page=2\b/.test(url())) r.page_turn_ms = ms;
      else { r.page_turn_ms = null; r.reasons.page_turn_ms = 'next page did not turn the page'; }
    }
    // Search.
    {
      const input = page.getByPlaceholder('Search');
      await input.scrollIntoViewIfNeeded();
      const box = await input.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const before = await b.rowsState(page);
      await page.keyboard.type(SEARCH_TERM, { delay: 60 });
      const ms = await b.inputToRows(page, before, { quietMs: 1200 });
      if (url().includes(`"search":"${SEARCH_TERM}"`)) r.search_ms = ms;
      else { r.search_ms = null; r.reasons.search_ms = 'typing in Search did not set the filter'; }
    }
    r.frame_cpu_ms_100rows_samples = null;
    r.reasons.frame_cpu_ms_100rows = 'no per-frame hook in a DOM app';
    r.page_errors = page.errors;
    await context.close();
    return r;
  } finally {
    await browser.close();
  }
}

module.exports = { oursRelease, oursInteractions, peer, SEARCH_TERM };
