// prefetch.test.js: the parallel start. With a stored token the shell sends the first screen's
// requests (list page, stage counts, users) before the app runs, and the app takes their answers
// instead of sending them again; a stale token's answer (401) ends at the sign-in form like any 401;
// the preloaded files are fetched once; a screen reader's press sends its request in the handler.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const { startRequests } = require('../../shell/shell.js');

let server, browser;
h.serverAndBrowser({ demo: 60 }, (s) => ({ server, browser } = s));

// A page whose session already holds `token` (as after a sign-in), recording every request.
async function openWithToken(token, hash = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await context.addInitScript((t) => {
    if (!sessionStorage.getItem('accountsConsole.token.set')) {
      sessionStorage.setItem('accountsConsole.token', t);
      sessionStorage.setItem('accountsConsole.token.set', '1');   // once: a later sign-out must stick
    }
  }, token);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  const requests = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    requests.push({ path: u.pathname + u.search, type: r.resourceType(), auth: r.headers().authorization || '' });
  });
  await page.goto(server.origin + '/' + hash);
  return { context, page, requests };
}

const count = (requests, path, auth) => requests.filter((r) => r.path === path && (!auth || r.auth === auth)).length;

test('the first screen\'s requests leave from the shell before the app runs, and none is sent twice', async () => {
  const hash = '#/accounts?stage=customer&ordering=name';
  const { context, page, requests } = await openWithToken(server.token, hash);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length > 0 && m.list.users.status === "loaded" && ' +
    'Object.values(m.list.stageCounts).every((c) => c !== null)');
  await h.waitFrames(page);
  const m = await h.model(page);
  assert.ok(m.list.rows.every((r) => r.stage === 'customer'));
  assert.equal(m.list.count, m.list.stageCounts.customer);
  const expected = startRequests.urls(hash, '');
  assert.equal(expected.length, 8);
  for (const url of expected) {
    assert.equal(count(requests, url), 1, `${url} requested ${count(requests, url)} times`);
    const r = requests.find((x) => x.path === url);
    assert.equal(r.type, 'fetch', `${url} was sent by the app (${r.type}), not by the shell`);
    assert.equal(r.auth, `Bearer ${server.token}`);
  }
  // The preloaded files: one request each (index.html preloads, shell.js and Emscripten's loader take them).
  for (const f of ['/app.js', '/app.wasm', '/ui.ttf', '/config.json']) {
    assert.equal(count(requests, f), 1, `${f} requested ${count(requests, f)} times`);
  }
  const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  for (const f of ['/app.js', '/app.wasm', '/ui.ttf', '/config.json']) {
    assert.equal(resources.filter((p) => p === f).length, 1, `${f} in the resource timing ${resources.filter((p) => p === f).length} times`);
  }
  // The phases are marked for the benchmarks.
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((e) => e.name));
  for (const name of ['crm:shell-start', 'crm:config', 'crm:font', 'crm:wasm-compiled', 'crm:app-ready',
    'crm:first-request', 'crm:first-answer', 'crm:rows-in-mirror', 'crm:first-frame', 'crm:first-rows']) {
    assert.ok(marks.includes(name), `no performance mark ${name}`);
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a stale token\'s prefetched 401 ends at the sign-in form; signing in loads the same route', async () => {
  const hash = '#/accounts?stage=active';
  const { context, page, requests } = await openWithToken('stale-token', hash);
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  await h.waitForModel(page, 'm.auth === "signedOut"');
  const message = await page.locator('#signin-message').textContent();
  assert.ok(message.length > 0, 'the form says why');
  const list = startRequests.urls(hash, '')[0];
  assert.equal(count(requests, list, 'Bearer stale-token'), 1, 'the stale list request went out once');
  assert.equal(requests.find((r) => r.path === list).type, 'fetch');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('accountsConsole.token')), null, 'the stale token is forgotten');

  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.auth === "signedIn" && m.list.status === "loaded" && m.list.rows.length > 0');
  const m = await h.model(page);
  assert.equal(m.list.query.stage, 'active', 'the route survived the sign-in');
  assert.ok(m.list.rows.every((r) => r.stage === 'active'));
  assert.equal(count(requests, list, `Bearer ${server.token}`), 1, 'the new token\'s list request went out once');
  assert.equal(await page.locator('#signin').isHidden(), true);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a screen reader\'s press on a stage chip sends the request inside its click handler', async () => {
  const { context, page } = await openWithToken(server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && Object.values(m.list.stageCounts).every((c) => c !== null)');
  await h.waitFrames(page);
  await page.waitForFunction(() => [...document.querySelectorAll('#a11y-mirror [data-item]')]
    .some((e) => e.textContent.startsWith('Partner ')));
  const sent = await page.evaluate(() => {
    const urls = [];
    const send = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) { urls.push(String(url)); return send.apply(this, arguments); };
    const chip = [...document.querySelectorAll('#a11y-mirror [data-item]')].find((e) => e.textContent.startsWith('Partner '));
    chip.click();
    XMLHttpRequest.prototype.open = send;
    return urls;   // what left before click() returned
  });
  assert.ok(sent.some((u) => u.includes('stage=partner') && u.includes('limit=25')), `requests sent in the handler: ${JSON.stringify(sent)}`);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === "partner"');
  assert.deepEqual(page.errors, []);
  await context.close();
});
