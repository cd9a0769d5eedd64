// harness.js: starts the reference server and Debian's Chromium for a browser test, and drives the
// console through window.consoleTest (model, item rectangles, frame count) with real input events.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER_BIN = process.env.CRM_SERVER_BIN || path.join(ROOT, 'build/native/src/server/accounts-server');
const SITE_DIR = process.env.CRM_SITE_DIR || path.join(ROOT, 'build/web-test/site');
const CHROMIUM = process.env.CRM_CHROMIUM || '/usr/bin/chromium';

// Starts accounts-server on a free port; resolves to {origin, token, stop()}.
// extraArgs: more server flags, e.g. ['--cors-origin', 'http://127.0.0.1:8123'].
async function startServer({ demo = 40, token = 'e2e-token', db = ':memory:', port = 0, extraArgs = [] } = {}) {
  const args = ['--port', String(port), '--token', token, '--demo', String(demo), '--db', db, '--site', SITE_DIR,
    ...extraArgs];
  const proc = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + output)), 15000);
    const onData = (d) => {
      output += d.toString();
      const m = output.match(/listening on (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    origin, token,
    stop: () => new Promise((resolve) => { proc.once('exit', resolve); proc.kill('SIGTERM'); }),
  };
}

async function launchBrowser() {
  // Playwright gives every launch a fresh, empty profile directory of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  return browser;
}

// devicePixelRatios the key flows run at (sign-in, list, filter, open, edit + save, delete with
// undo, bulk, local mode, keyboard only): most people use a HiDPI screen. Phones run at DPR 3.
const KEY_FLOW_DPRS = [1, 2];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
// A test title's suffix for a DPR other than 1 (titles at DPR 1 stay as they were).
const atDpr = (dpr) => (dpr === 1 ? '' : ` (DPR ${dpr})`);

// Opens the console; collects console errors and page errors so tests can assert there are none.
// deviceScaleFactor: the page's devicePixelRatio; hasTouch/isMobile: a phone (see PHONE).
// initScript: [fn, arg] run in the page before its own scripts (e.g. to preset localStorage).
async function openConsole(browser, origin, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1,
  hasTouch = false, isMobile = false, initScript } = {}) {
  // bypassCSP: the helpers below evaluate strings in the page, which the server's CSP forbids;
  // csp.test.js checks the console itself under the real policy.
  const context = await browser.newContext({ viewport, deviceScaleFactor, hasTouch, isMobile, bypassCSP: true });
  if (initScript) await context.addInitScript(...initScript);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  trackRequests(page);
  await page.goto(origin + '/');
  return page;
}

// The page's requests not answered yet (waitIdle waits for none). Pages opened by openConsole are
// tracked from their first request; others from the first waitIdle.
function trackRequests(page) {
  if (page.inFlight) return page.inFlight;
  const inFlight = page.inFlight = new Set();
  page.on('request', (r) => inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  return inFlight;
}

// Waits until the console is idle: every request answered, then no frame drawn for `quietMs`
// (hover and settling frames done). Adapts to a slow machine instead of a fixed sleep; fails after
// `timeout` if the console never settles.
async function waitIdle(page, { quietMs = 800, timeout = 30000 } = {}) {
  const inFlight = trackRequests(page);
  const deadline = Date.now() + timeout;
  let last = await frameCount(page), since = Date.now();
  for (;;) {
    await page.waitForTimeout(100);
    const now = await frameCount(page);
    if (now !== last || inFlight.size > 0) { last = now; since = Date.now(); }
    else if (Date.now() - since >= quietMs) return;
    if (Date.now() > deadline) {
      throw new Error(`the console did not settle in ${timeout} ms (${inFlight.size} requests in flight, frame ${now})`);
    }
  }
}

async function signIn(page, token) {
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  await page.locator('#signin-token').fill(token);
  await page.keyboard.press('Enter');
}

const model = (page) => page.evaluate(() => window.consoleTest.model());
const items = (page) => page.evaluate(() => window.consoleTest.items());
const frameCount = (page) => page.evaluate(() => window.consoleTest.frameCount());

async function waitForModel(page, predicateSource, arg, timeout = 30000) {
  await page.waitForFunction(
    ([src, a]) => window.consoleTest && new Function('m', 'arg', 'return ' + src)(window.consoleTest.model(), a),
    [predicateSource, arg], { timeout });
}

// Waits until `n` more frames have been drawn, so items() reflects the latest model. An idle
// console draws nothing, so this asks for the frames first (consoleTest.wake).
async function waitFrames(page, n = 3) {
  const start = await frameCount(page);
  await page.evaluate((k) => { if (window.consoleTest.wake) window.consoleTest.wake(k); }, n);
  await page.waitForFunction(([s, k]) => window.consoleTest.frameCount() >= s + k, [start, n]);
}

async function findItem(page, label, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await items(page)).find((it) => it.label === label && it.w > 0 && it.h > 0);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no item labelled ${JSON.stringify(label)}`);
    await page.waitForTimeout(50);
  }
}

// Opens the console at `origin`, signs in with `token` and waits for the list to be loaded and drawn.
async function openSignedIn(browser, origin, token, options) {
  const page = await openConsole(browser, origin, options);
  await signIn(page, token);
  await waitForModel(page, 'm.list.status === "loaded" && m.auth === "signedIn"');
  await waitFrames(page);
  return page;
}

// Hovers first, as a person does: Dear ImGui items that allow overlap (table headers) only take a
// click after they were hovered for a frame.
// If the item moved meanwhile (a pane opened, the list scrolled), the pointer follows it there.
async function hoverClick(page, it) {
  const point = (r) => [r.x + Math.min(r.w / 2, 40), r.y + r.h / 2];
  let [x, y] = point(it);
  await page.mouse.move(x, y);
  await waitFrames(page, 2);
  const now = (await items(page)).find((o) => o.id === it.id && o.label === it.label && o.w > 0 && o.h > 0);
  if (now && (now.x !== it.x || now.y !== it.y)) {
    [x, y] = point(now);
    await page.mouse.move(x, y);
    await waitFrames(page, 2);
  }
  await page.mouse.click(x, y);
}

async function clickItem(page, label) {
  const it = await findItem(page, label);
  await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  return it;
}

// A finger tap on an item, where clickItem clicks (a context with hasTouch: see PHONE).
async function tapItem(page, label) {
  const it = await findItem(page, label);
  await page.touchscreen.tap(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  return it;
}

// Reads the canvas back (test builds keep the drawing buffer) and summarises its pixels.
async function canvasStats(page) {
  return page.evaluate(() => {
    const src = document.getElementById('canvas');
    const c = document.createElement('canvas');
    c.width = src.width; c.height = src.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(src, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let nonBackground = 0;
    const bg = [data[0], data[1], data[2]];
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 30) nonBackground++;
    }
    return { width: c.width, height: c.height, colours: colours.size, nonBackgroundSamples: nonBackground };
  });
}

// The accounts table of the screen-reader mirror: its headers, their aria-sort, and per drawn row the
// cells' text (what a screen reader reads; the mirror follows what the last frame drew).
const mirrorTable = (page) => page.evaluate(() => {
  const table = document.querySelector('#a11y-mirror table[aria-label="Accounts"]');
  if (!table) return { headers: [], sort: [], rows: [] };
  const trs = [...table.querySelectorAll('tr')];
  return {
    headers: [...trs[0].querySelectorAll('th')].map((th) => th.textContent),
    sort: [...trs[0].querySelectorAll('th')].map((th) => th.getAttribute('aria-sort')),
    rows: trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  };
});

// Waits until the mirror's table has rows and satisfies `predicate` (the app redraws on its own: no
// wake); fails after `timeout` naming `what` and showing the table.
async function waitMirror(page, predicate, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const t = await mirrorTable(page);
    if (t.rows.length > 0 && predicate(t)) return t;
    if (Date.now() > deadline) throw new Error(`the mirror never showed ${what}: ${JSON.stringify(t).slice(0, 800)}`);
    await page.waitForTimeout(50);
  }
}

// A CSV download of the console: its file name is accounts-<date>-<time>.csv, it starts with a UTF-8
// BOM and every line ends with CRLF. Returns its lines (without their CRLF) and its size in bytes.
async function csvDownload(download) {
  const assert = require('node:assert/strict');
  assert.match(download.suggestedFilename(), /^accounts-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  const bytes = require('node:fs').readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'the last line ends with CRLF');
  return { lines: text.slice(0, -2).split('\r\n'), size: bytes.length };
}

// Starts a reference server (and, with { hostile: true }, the hostile proxy in front of it) and a
// browser before a test file's tests and stops them after; `set` receives them once started, then
// `setup` runs (in the same hook: node runs a file's top-level `before` hooks concurrently):
//   let server, browser;
//   h.serverAndBrowser({ demo: 40 }, (s) => ({ server, browser } = s), { setup: async () => { ... } });
function serverAndBrowser(serverOptions, set, { hostile = false, setup } = {}) {
  const test = require('node:test');
  const env = {};
  test.before(async () => {
    env.server = await startServer(serverOptions);
    if (hostile) env.hostile = await require('./hostile_server').startHostileServer({ upstream: env.server.origin });
    env.browser = await launchBrowser();
    set(env);
    if (setup) await setup();
  });
  test.after(async () => {
    if (env.browser) await env.browser.close();
    if (env.hostile) await env.hostile.stop();
    if (env.server) await env.server.stop();
  });
}

// The API as a second client ("someone else", and the source of truth): a JSON request with the
// server's token; resolves to { status, headers, json } (json null for an empty body).
async function api(server, method, p, body, headers = {}) {
  const res = await fetch(server.origin + p, {
    method,
    headers: { Authorization: 'Bearer ' + server.token, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

// Creates an account through the API (expects 201); resolves to the created account.
async function createAccount(server, account) {
  const r = await api(server, 'POST', '/api/accounts/', account);
  if (r.status !== 201) throw new Error(`create ${JSON.stringify(account.name)}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

module.exports = { csvDownload, mirrorTable, waitMirror, serverAndBrowser, api, createAccount, openSignedIn, hoverClick, startServer, launchBrowser, openConsole, signIn, model, items, frameCount, waitForModel,
  waitFrames, findItem, clickItem, tapItem, canvasStats, KEY_FLOW_DPRS, PHONE, atDpr, waitIdle, trackRequests };
