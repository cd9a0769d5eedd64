// font.test.js: the UI font (ui.ttf) is fetched by the shell and handed to the app (no virtual file
// system, no app.data); when it cannot be fetched the page says so instead of a blank canvas.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 40 }, (s) => ({ server, browser } = s));

// Opens the console with `route` (or nothing) handling requests for the font; records every request.
async function open(route) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('request', (r) => page.requests.push(new URL(r.url()).pathname));
  if (route) await page.route(/\/ui(\.[0-9a-f]{12})?\.ttf$/, route);
  await page.goto(server.origin + '/');
  return page;
}

test('the shell fetches ui.ttf once and the app draws with it; no app.data, no virtual file system', async () => {
  const page = await open(null);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded"');
  assert.deepEqual(page.requests.filter((p) => p.endsWith('.ttf')), ['/ui.ttf']);
  assert.deepEqual(page.requests.filter((p) => p.endsWith('.data')), []);
  assert.equal(await page.evaluate(() => typeof window.FS), 'undefined', 'no Emscripten FS in the page');
  const p = await page.evaluate(() => window.consoleTest.platform());
  assert.ok(p.fontAtlasWidth > 0 && p.fontAtlasHeight > 0, 'a font atlas was built');
  const stats = await h.canvasStats(page);
  assert.ok(stats.nonBackgroundSamples > 500, `canvas has drawn content (${stats.nonBackgroundSamples} samples)`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [what, route, reason] of [
  ['answered 404', (r) => r.fulfill({ status: 404, body: 'gone' }), /HTTP 404/],
  ['a network failure', (r) => r.abort('connectionreset'), /font \(ui\.ttf\) could not be loaded: \S/],
  ['an empty file', (r) => r.fulfill({ status: 200, contentType: 'font/ttf', body: '' }), /empty/],
  ['an HTML page instead', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>Not here</p>' }),
    /not a font file/],
]) {
  test(`a font request that fails (${what}) shows why the console cannot start, not a blank canvas`, async () => {
    const page = await open(route);
    await page.locator('#fatal').waitFor({ state: 'visible', timeout: 30000 });
    const text = await page.locator('#fatal-text').textContent();
    assert.match(text, /font \(ui\.ttf\) could not be loaded/);
    assert.match(text, reason);
    assert.match(text, /Reload the page/);
    assert.ok(await page.locator('#loading').isHidden(), 'the loading indicator is gone');
    assert.ok(await page.locator('#signin').isHidden(), 'no sign-in over a console that cannot draw');
    assert.ok(await page.locator('#fatal-reload').isVisible(), 'a Reload button');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
