// deploy.test.js: the packaged site (scripts/package.sh) served by nginx with docs/deploy/nginx.conf,
// against the reference server on another origin (CORS). Drives the UI with real input events.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./lib/harness');
const { freePort, startNginx } = require('./lib/nginx');

const ROOT = path.resolve(__dirname, '..', '..');
// release-test: the release build plus window.consoleTest (needed to read the model and find items).
const TEST_PACKAGE = process.env.CRM_PACKAGE_TEST_SITE_DIR || path.join(ROOT, 'build/package-test/site');
// release: exactly what users deploy (no test bridge).
const RELEASE_PACKAGE = process.env.CRM_PACKAGE_SITE_DIR || path.join(ROOT, 'build/package/site');
const TOKEN = 'deploy-token';

let api, site, releaseSite, browser;

test.before(async () => {
  const [sitePort, releasePort] = [await freePort(), await freePort()];
  const siteOrigin = `http://127.0.0.1:${sitePort}`;
  const releaseOrigin = `http://127.0.0.1:${releasePort}`;
  api = await h.startServer({ demo: 40, token: TOKEN,
    extraArgs: ['--cors-origin', siteOrigin, '--cors-origin', releaseOrigin] });
  const config = { apiBaseUrl: api.origin, title: 'Deployed Console', allowApiOverride: false };
  site = await startNginx({ siteDir: TEST_PACKAGE, port: sitePort, apiOrigin: api.origin, config });
  releaseSite = await startNginx({ siteDir: RELEASE_PACKAGE, port: releasePort, apiOrigin: api.origin, config });
  assert.notEqual(new URL(site.origin).origin, new URL(api.origin).origin, 'the API is on another origin');
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  for (const s of [site, releaseSite]) if (s) await s.stop();
  if (api) await api.stop();
});

// Opens a page and records what a deploy can get wrong: page errors, CSP violations, API requests.
async function open(origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.errors = [];
  page.cspViolations = [];
  page.apiRequests = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) page.cspViolations.push(m.text()); });
  page.on('request', (r) => { if (r.url().includes('/api/')) page.apiRequests.push(r); });
  await page.goto(origin + '/');
  return page;
}

// Polls the model from Node (no eval in the page: the CSP forbids it, as it should).
async function waitModel(page, predicate, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const m = await page.evaluate(() => window.consoleTest && window.consoleTest.model());
    if (m && predicate(m)) return m;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; model: ${JSON.stringify(m)}`);
    await page.waitForTimeout(50);
  }
}

// The console draws only when something happens (idle loop): ask for frames, then wait for them.
async function waitFrames(page, n = 3, timeout = 15000) {
  const start = await h.frameCount(page);
  await page.evaluate((k) => { if (window.consoleTest.wake) window.consoleTest.wake(k); }, n);
  const deadline = Date.now() + timeout;
  while ((await h.frameCount(page)) < start + n) {
    if (Date.now() > deadline) throw new Error(`no ${n} frames drawn within ${timeout} ms`);
    await page.waitForTimeout(20);
  }
}

test('nginx serves the package with the documented types, encodings and cache headers', async () => {
  const index = await fetch(site.origin + '/');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('cache-control'), /no-cache/);
  const csp = index.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.ok(csp.includes(`connect-src 'self' ${api.origin}`), csp);
  const html = await index.text();
  const wasm = html.match(/data-app-wasm="(app\.[0-9a-f]{12}\.wasm)"/);
  assert.ok(wasm, 'index.html names the hashed wasm file');

  const config = await fetch(site.origin + '/config.json');
  assert.match(config.headers.get('cache-control'), /no-cache/);
  assert.equal((await config.json()).apiBaseUrl, api.origin);

  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip'], ['identity', null]]) {
    const r = await fetch(`${site.origin}/${wasm[1]}`, { headers: { 'Accept-Encoding': encoding } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/wasm');
    assert.match(r.headers.get('cache-control'), /max-age=31536000, immutable/);
    // fetch() decodes the body itself, so the encoding sent is read from the header.
    assert.equal(r.headers.get('content-encoding'), expected, `Accept-Encoding: ${encoding}`);
    const bytes = new Uint8Array(await r.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0, 0x61, 0x73, 0x6d], 'a WebAssembly module');
  }
});

test('the release package (no test bridge) signs in and loads the list from the other origin', async () => {
  const page = await open(releaseSite.origin);
  await h.signIn(page, TOKEN);
  // The list's own request (stage-count requests use limit=1).
  const listResponse = await page.waitForResponse(
    (r) => r.url().startsWith(api.origin + '/api/accounts/?') && r.url().includes('limit=25'), { timeout: 30000 });
  assert.equal(listResponse.status(), 200);
  assert.equal((await listResponse.json()).count, 40);
  // The title names the screen, then the console's title from config.json ("Accounts · Deployed Console").
  for (let i = 0; i < 100 && !(await page.title()).endsWith('Deployed Console'); i++) await page.waitForTimeout(50);
  assert.ok((await page.title()).endsWith(' · Deployed Console'), `the title comes from config.json: ${await page.title()}`);
  assert.equal(await page.evaluate(() => typeof window.consoleTest), 'undefined', 'no test bridge in release');
  assert.ok(await page.locator('#signin').isHidden());
  assert.ok(await page.locator('#fatal').isHidden());
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.cspViolations, []);
});

// ---- The release package users deploy, driven as a screen reader would --------------------------
// No test bridge here: everything is read from the screen-reader mirror (#a11y-mirror) and the
// pixels the browser composites; presses go through the mirror's elements, text through the keyboard.

// A screen reader's press on the mirror element whose text (or label) matches.
async function pressInMirror(page, match, what) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const pressed = await page.evaluate((src) => {
      const re = new RegExp(src);
      const el = [...document.querySelectorAll('#a11y-mirror [data-item]')]
        .find((e) => re.test(e.getAttribute('aria-label') || e.textContent));
      if (!el) return false;
      el.click();
      return true;
    }, match.source);
    if (pressed) return;
    if (Date.now() > deadline) throw new Error(`no mirror element for ${what}`);
    await page.waitForTimeout(50);
  }
}

// Pixels as composited (page.screenshot), decoded in a blank page of the same browser: the distinct
// colours in each horizontal band of `rect` (CSS pixels). Text rows show many; an empty band one or two.
async function bandColours(page, rect, bands) {
  const png = (await page.screenshot({ clip: rect })).toString('base64');
  const blank = await page.context().browser().newPage();
  try {
    return await blank.evaluate(async ([b64, n]) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const out = [];
      const bh = Math.floor(img.height / n);
      for (let i = 0; i < n; i++) {
        const d = ctx.getImageData(0, i * bh, img.width, bh).data;
        const seen = new Set();
        for (let k = 0; k < d.length; k += 4) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
        out.push(seen.size);
      }
      return out;
    }, [png, bands]);
  } finally {
    await blank.close();
  }
}

test('the release package (no test bridge), as a screen reader drives it: rows drawn, a stage filter, open, edit and save', async () => {
  const page = await open(releaseSite.origin);
  await h.signIn(page, TOKEN);
  assert.equal(await page.evaluate(() => typeof window.consoleTest), 'undefined', 'no test bridge in release');

  // Rows: the mirror's rows are the API's first page, in order, with the exact strings.
  const truth = (await apiGet('/api/accounts/?page=1&limit=25')).json;
  const first = await h.waitMirror(page, (t) => t.rows.length >= 10, 'the first rows');
  const nameAt = first.headers.indexOf('Name'), stageAt = first.headers.indexOf('Stage');
  assert.ok(nameAt >= 0 && stageAt >= 0, `Name and Stage headers: ${first.headers}`);
  first.rows.forEach((cells, i) => assert.equal(cells[nameAt], truth.results[i].name, `row ${i + 1}`));
  // ...and they are on screen: the table's area has text in every band (a row is about 22 px).
  const table = { x: 0, y: 150, width: 1280, height: 220 };
  const drawn = await bandColours(page, table, 10);
  assert.ok(drawn.every((n) => n >= 8), `every band of the table area shows text: ${drawn}`);

  // A stage filter pressed through the mirror: the mirror's rows become the API's customers.
  await pressInMirror(page, /^Customer \d+$/, 'the Customer chip');
  const customers = (await apiGet('/api/accounts/?stage=customer&page=1&limit=25')).json;
  assert.ok(customers.count >= 1 && customers.count < truth.count, 'the demo data has some customers');
  const filtered = await h.waitMirror(page, (t) => t.rows.length === Math.min(customers.results.length, first.rows.length) &&
    t.rows.every((c, i) => c[nameAt] === customers.results[i].name), 'the customers');
  assert.ok(filtered.rows.every((c) => c[stageAt] === 'Customer'));

  // Open the first customer (a press on its row), then Edit, change the name, Save.
  const target = customers.results[0];
  await pressInMirror(page, new RegExp('^' + target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$'), 'the row');
  await pressInMirror(page, /^Edit$/, 'the Edit button');
  // The dialog's Name field: focusing its mirror element focuses the field; Enter starts editing.
  const deadline = Date.now() + 15000;
  while (!(await page.evaluate(() => !!document.querySelector('#a11y-mirror [role=dialog] input[aria-label="Name *"]')))) {
    if (Date.now() > deadline) throw new Error('no edit dialog with a Name field in the mirror');
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => document.querySelector('#a11y-mirror [role=dialog] input[aria-label="Name *"]').focus());
  for (let i = 0; i < 100 && !(await page.evaluate(() => document.activeElement.id === 'crm-text-input')); i++) {
    if (i % 10 === 0) await page.keyboard.press('Enter');
    await page.waitForTimeout(50);
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'crm-text-input', 'typing goes to the Name field');
  await page.keyboard.press('End');
  await page.keyboard.type(' (released)', { delay: 10 });
  await pressInMirror(page, /^Save$/, 'the Save button');
  const renamed = target.name + ' (released)';
  for (let i = 0; i < 300 && (await apiGet(`/api/accounts/${target.id}/`)).json.name !== renamed; i++) await page.waitForTimeout(50);
  assert.equal((await apiGet(`/api/accounts/${target.id}/`)).json.name, renamed, 'the API has the new name');
  await h.waitMirror(page, (t) => t.rows.some((c) => c[nameAt] === renamed), 'the renamed row');
  // Put the name back for the other tests of this file.
  const etag = (await fetch(`${api.origin}/api/accounts/${target.id}/`, { headers: { Authorization: `Bearer ${TOKEN}` } })).headers.get('etag');
  const back = await fetch(`${api.origin}/api/accounts/${target.id}/`, { method: 'PATCH',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'If-Match': etag }, body: JSON.stringify({ name: target.name }) });
  assert.equal(back.status, 200);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.cspViolations, []);
  await page.context().close();
});

// The API's own answer, read from Node (no CORS there), to compare the deployed console with.
async function apiGet(p) {
  const r = await fetch(api.origin + p, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: r.status, json: r.status === 200 ? await r.json() : null };
}

// Items whose label starts with a prefix (stage chips carry their count: "Customer 12").
async function findByPrefix(page, prefix, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await h.items(page)).find((it) => it.label.startsWith(prefix) && it.w > 0 && it.h > 0);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no item starting with ${JSON.stringify(prefix)}`);
    await page.waitForTimeout(50);
  }
}

// Clicks a form field by its label, goes to its end (or clears it) and types.
async function typeInto(page, label, text, { replace = false } = {}) {
  await h.clickItem(page, label);
  await waitFrames(page, 2);
  if (replace) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
  } else {
    await page.keyboard.press('End');
  }
  await page.keyboard.type(text, { delay: 10 });
  await waitFrames(page, 2);
}

// Flows that run against the deployed site, each on a fresh, signed-in page: reads, filters and
// every kind of write (POST, PATCH with If-Match, DELETE: preflighted across origins).
const flows = {
  'the list shows the seeded accounts and a row click selects one': async (page) => {
    const m = await waitModel(page, (x) => x.list.status === 'loaded', 'the list');
    assert.equal(m.list.count, 40);
    assert.equal(m.list.rows.length, 25);
    await waitFrames(page);
    await h.clickItem(page, m.list.rows[3].name);
    await waitModel(page, (x) => x.selectedId === m.list.rows[3].id, 'the selection');
  },
  'Next loads page 2 through the API': async (page) => {
    const first = await waitModel(page, (x) => x.list.status === 'loaded', 'the list');
    await waitFrames(page);
    await h.clickItem(page, 'Next');
    const second = await waitModel(page, (x) => x.list.status === 'loaded' && x.list.query.page === 2, 'page 2');
    assert.equal(second.list.rows.length, 15);
    assert.ok(second.list.rows.every((r) => !first.list.rows.some((f) => f.id === r.id)));
  },
  'a stage chip and a search filter through the API': async (page) => {
    await waitModel(page, (x) => x.list.status === 'loaded', 'the list');
    await waitFrames(page);
    const chip = await findByPrefix(page, 'Customer ');
    await page.mouse.click(chip.x + chip.w / 2, chip.y + chip.h / 2);
    const byStage = await waitModel(page, (x) => x.list.status === 'loaded' && x.list.query.stage === 'customer', 'the stage filter');
    const stageTruth = await apiGet('/api/accounts/?stage=customer&limit=25');
    assert.equal(byStage.list.count, stageTruth.json.count);
    assert.deepEqual(byStage.list.rows.map((r) => r.id), stageTruth.json.results.map((r) => r.id));
    await waitFrames(page);
    await page.keyboard.press('/');
    await waitFrames(page);
    const term = byStage.list.rows[0].name.slice(0, 4);
    await page.keyboard.type(term, { delay: 20 });
    const searched = await waitModel(page, (x) => x.list.status === 'loaded' && x.list.query.search === term, 'the search');
    const searchTruth = await apiGet(`/api/accounts/?stage=customer&search=${encodeURIComponent(term)}&limit=25`);
    assert.ok(searchTruth.json.count >= 1);
    assert.equal(searched.list.count, searchTruth.json.count);
  },
  'create, edit (If-Match) and delete an account on the API origin': async (page) => {
    await waitModel(page, (x) => x.list.status === 'loaded', 'the list');
    await waitFrames(page);
    await h.clickItem(page, 'New account');
    await waitModel(page, (x) => x.records.form.open && x.records.form.mode === 'create', 'the create form');
    await waitFrames(page);
    const name = 'Deployed ' + Date.now();
    await typeInto(page, 'Name *', name);
    await page.keyboard.press('Control+Enter');
    const created = await waitModel(page, (x) => !x.records.form.open && x.records.detail.status === 'loaded' &&
      x.records.detail.account.name === name, 'the created account');
    const id = created.selectedId;
    assert.equal((await apiGet(`/api/accounts/${id}/`)).json.name, name);

    await waitFrames(page);
    await h.clickItem(page, 'Edit');
    await waitModel(page, (x) => x.records.form.open && x.records.form.mode === 'edit', 'the edit form');
    await waitFrames(page);
    await typeInto(page, 'Name *', ' (edited)');
    await h.clickItem(page, 'Save');
    await waitModel(page, (x) => !x.records.form.open && x.records.detail.account.name === name + ' (edited)', 'the saved edit');
    assert.equal((await apiGet(`/api/accounts/${id}/`)).json.name, name + ' (edited)');
    const patch = page.apiRequests.find((r) => r.method() === 'PATCH');
    assert.ok(patch && patch.headers()['if-match'], 'the edit sent If-Match (ETag is exposed across origins)');

    await waitFrames(page);
    await h.clickItem(page, 'Delete');
    await waitModel(page, (x) => x.records.delete.confirmOpen, 'the delete confirmation');
    await waitFrames(page);
    await h.clickItem(page, 'Delete account');
    // The DELETE goes out when the undo window closes.
    await waitModel(page, (x) => x.records.toasts.some((t) => t.text === `Deleted ${name} (edited).`), 'the deleted toast', 40000);
    assert.equal((await apiGet(`/api/accounts/${id}/`)).status, 404);
    assert.ok(page.apiRequests.some((r) => r.method() === 'DELETE'));
  },
};

for (const [name, flow] of Object.entries(flows)) {
  test(`deployed: ${name}`, async () => {
    const page = await open(site.origin);
    await h.signIn(page, TOKEN);
    await flow(page);
    assert.ok(page.apiRequests.length > 0, 'the flow used the API');
    for (const r of page.apiRequests) {
      assert.ok(r.url().startsWith(api.origin + '/api/'), `request to the API origin: ${r.url()}`);
      assert.ok(!r.url().includes(TOKEN), `the token is never in a URL: ${r.url()}`);
      if (r.method() !== 'OPTIONS') assert.equal(r.headers().authorization, `Bearer ${TOKEN}`);
    }
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.cspViolations, []);
  });
}

test('a wrong token shows the API\'s own message across origins (CORS on errors too)', async () => {
  const page = await open(site.origin);
  await h.signIn(page, 'not-the-token');
  await waitModel(page, (x) => x.auth === 'signedOut' && x.authMessage !== '', 'the sign-in message');
  await page.locator('#signin-message').filter({ hasText: 'Invalid token.' }).waitFor({ timeout: 10000 });
  assert.ok(await page.locator('#signin').isVisible());
  assert.deepEqual(page.errors, []);
});

test('a wrong apiBaseUrl in config.json shows "cannot reach the API at …", not a blank page', async () => {
  const wrong = `http://127.0.0.1:${await freePort()}`;   // nothing listens there
  site.writeConfig({ apiBaseUrl: wrong, title: 'Deployed Console', allowApiOverride: false });
  try {
    const page = await open(site.origin);
    await h.signIn(page, TOKEN);
    const m = await waitModel(page, (x) => x.list.status === 'failed', 'the failed list');
    assert.equal(m.list.error.code, 'api.network');
    assert.ok(m.list.error.message.startsWith(`Cannot reach the API at ${wrong} `), m.list.error.message);
    // Signing in checks the token with a real request: an unreachable API keeps the sign-in form up
    // and says why, naming the URL (the user can fix the deployment or retry by signing in again).
    await page.locator('#signin-message').filter({ hasText: `Cannot reach the API at ${wrong}` }).waitFor({ timeout: 10000 });
    assert.ok(await page.locator('#signin').isVisible());
    await waitFrames(page);
    const stats = await h.canvasStats(page);
    assert.ok(stats.nonBackgroundSamples > 200, `the canvas is not blank (${stats.nonBackgroundSamples} samples)`);
    assert.ok(await page.locator('#fatal').isHidden());
    assert.deepEqual(page.errors, []);
  } finally {
    site.writeConfig({ apiBaseUrl: api.origin, title: 'Deployed Console', allowApiOverride: false });
  }
});
