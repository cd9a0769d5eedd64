// skeleton.test.js: the walking skeleton end to end: server -> fetch -> ImGui table -> click -> model.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 40 }, (s) => ({ server, browser } = s));

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`signing in shows the seeded accounts; clicking a row selects it; the canvas is drawn${h.atDpr(dpr)}`, async () => {
    const page = await h.openConsole(browser, server.origin, { deviceScaleFactor: dpr });
    await h.signIn(page, server.token);
    await h.waitForModel(page, 'm.list.status === "loaded"');
    const m = await h.model(page);
    assert.equal(m.auth, 'signedIn');
    assert.equal(m.list.count, 40);
    assert.equal(m.list.rows.length, 25);
    assert.equal(m.selectedId, '');

    const target = m.list.rows[2];
    await h.waitFrames(page);
    await h.clickItem(page, target.name);
    await h.waitForModel(page, 'm.selectedId === arg', target.id);

    const stats = await h.canvasStats(page);
    assert.ok(stats.width > 0 && stats.height > 0, 'canvas has a size');
    assert.ok(stats.colours > 8, `canvas shows more than a flat colour (${stats.colours} colours)`);
    assert.ok(stats.nonBackgroundSamples > 500, `canvas has drawn content (${stats.nonBackgroundSamples} samples)`);
    assert.equal(stats.width, 1280 * dpr, 'the backbuffer is in device pixels');
    assert.deepEqual(page.errors, []);
  });
}

test('the Next button loads page 2 through the API', async () => {
  const page = await h.openConsole(browser, server.origin);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded"');
  const first = await h.model(page);
  await h.waitFrames(page);
  await h.clickItem(page, 'Next');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2');
  const second = await h.model(page);
  assert.equal(second.list.rows.length, 15);
  const firstIds = new Set(first.list.rows.map((r) => r.id));
  assert.ok(second.list.rows.every((r) => !firstIds.has(r.id)), 'page 2 shows other accounts');
  assert.equal(new URL(page.url()).hash, '#/accounts?page=2');

  await page.goBack();
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 1');
  assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), first.list.rows.map((r) => r.id));
});

test('a URL with a page and an account opens that page with that account selected', async () => {
  const page = await h.openConsole(browser, server.origin);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded"');
  const target = (await h.model(page)).list.rows[0];
  await page.goto(`${server.origin}/#/accounts/${encodeURIComponent(target.id)}?page=2&limit=10`);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2 && m.selectedId === arg', target.id);
  assert.equal((await h.model(page)).list.rows.length, 10);
});

test('a wrong token keeps the sign-in form up with the server\'s message', async () => {
  const page = await h.openConsole(browser, server.origin);
  await h.signIn(page, 'not-the-token');
  await h.waitForModel(page, 'm.auth === "signedOut" && m.authMessage !== ""');
  await page.locator('#signin-message').filter({ hasText: 'Invalid token.' }).waitFor();
  assert.ok(await page.locator('#signin').isVisible());
});

test('a server error shows a visible error state with a working Retry', async () => {
  const page = await h.openConsole(browser, server.origin);
  let failNext = true;
  await page.route('**/api/accounts/**', (route) => {
    if (failNext) { failNext = false; return route.fulfill({ status: 500, body: '<h1>boom</h1>' }); }
    return route.continue();
  });
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "failed"');
  const m = await h.model(page);
  assert.equal(m.list.error.code, 'api.http_500');
  await h.waitFrames(page);
  await h.clickItem(page, 'Retry');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length === 25');
});
