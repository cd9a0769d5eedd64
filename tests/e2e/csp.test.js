// csp.test.js: the console runs under the reference server's Content-Security-Policy (the other
// browser tests bypass CSP because their helpers evaluate strings in the page).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 12 }, (s) => ({ server, browser } = s));

test('the console signs in and loads the list with CSP enforced, without violations', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });   // CSP enforced
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const response = await page.goto(server.origin + '/');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  await page.locator('#signin-token').fill(server.token);
  await page.keyboard.press('Enter');
  let count = -1;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    count = await page.evaluate(() => (window.consoleTest ? window.consoleTest.model().list.count : -1));
    if (count === 12) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(count, 12, 'the list loaded through the API');
  assert.deepEqual(problems, []);
  await context.close();
});
