// signin_selection.test.js: the sign-in form's options and the list's selection keys, in the browser
// against reference servers: config.json's allowApiOverride (the API URL field, its value used and
// remembered across reloads), "Remember me" (the token outlives the tab only when checked), the `x`
// key and Cmd+click (Meta) selection in the list. Real keyboard and mouse events only.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./lib/harness');

const SITE_DIR = process.env.CRM_SITE_DIR || path.resolve(__dirname, '../../build/web-test/site');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-signin-'));

let site, other, browser;
test.before(async () => {
  // The site (and its own API) served with allowApiOverride on; a second API elsewhere (CORS).
  const overrideSite = path.join(tmp, 'site');
  fs.cpSync(SITE_DIR, overrideSite, { recursive: true });
  fs.writeFileSync(path.join(overrideSite, 'config.json'),
    JSON.stringify({ apiBaseUrl: '', title: 'Accounts Console', allowApiOverride: true }));
  site = await h.startServer({ demo: 30, token: 'site-token', extraArgs: ['--site', overrideSite] });
  other = await h.startServer({ demo: 45, token: 'other-token', extraArgs: ['--cors-origin', site.origin] });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  for (const s of [site, other]) if (s) await s.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function newPage(context, origin) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  h.trackRequests(page);
  await page.goto(origin + '/');
  return page;
}

const newContext = () => browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });

test('allowApiOverride: the sign-in form has an API URL field; its API is used and remembered across reloads', async () => {
  const context = await newContext();
  const page = await newPage(context, site.origin);
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) requests.push(new URL(r.url()).origin); });
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  const apiField = page.locator('#signin-api');
  assert.ok(await apiField.isVisible(), 'the API URL field is shown');
  assert.equal(await apiField.inputValue(), '', 'config.json\'s apiBaseUrl (empty: this site)');

  // A malformed URL is refused with a message; nothing is sent.
  await apiField.click();
  await page.keyboard.type('not a url');
  await page.locator('#signin-token').click();
  await page.keyboard.type(other.token);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /API base URL/.test(document.getElementById('signin-message').textContent));
  assert.deepEqual(requests, []);

  // The other API's origin (a trailing slash is dropped) and its token.
  await apiField.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(other.origin + '/');
  await page.locator('#signin-token').click();
  await page.keyboard.press('Control+A');   // the token typed before is still there
  await page.keyboard.type(other.token);
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.auth === "signedIn" && m.list.status === "loaded"');
  let m = await h.model(page);
  assert.equal(m.apiBaseUrl, other.origin);
  assert.equal(m.list.count, 45, 'the other server\'s accounts');
  assert.ok(requests.length > 0 && requests.every((o) => o === other.origin), `API requests went to ${[...new Set(requests)]}`);
  await h.waitIdle(page);
  const names = (await h.items(page)).map((it) => it.label);
  const first = (await h.api(other, 'GET', '/api/accounts/?page=1&limit=25')).json.results[0];
  assert.ok(names.includes(first.name), 'the other API\'s first account is drawn');

  // Reload: the same API without asking.
  requests.length = 0;
  await page.reload();
  await h.waitForModel(page, 'm && m.auth === "signedIn" && m.list.status === "loaded"');
  m = await h.model(page);
  assert.equal(m.apiBaseUrl, other.origin);
  assert.equal(m.list.count, 45);
  assert.ok(requests.every((o) => o === other.origin));

  // Signed out: the form shows the remembered URL; emptied, the site's own API is used again.
  await h.waitIdle(page);
  await h.hoverClick(page, await h.findItem(page, 'Sign out'));
  await page.locator('#signin-token').waitFor({ state: 'visible' });
  assert.equal(await apiField.inputValue(), other.origin);
  await page.reload();
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  await page.waitForFunction((o) => document.getElementById('signin-api').value === o, other.origin);
  await apiField.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.locator('#signin-token').click();
  await page.keyboard.type(site.token);
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.auth === "signedIn" && m.list.status === "loaded"');
  assert.equal((await h.model(page)).list.count, 30, 'this site\'s own API');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('without allowApiOverride (the default config) there is no API URL field', async () => {
  const context = await newContext();
  const page = await newPage(context, other.origin);
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  assert.equal(await page.locator('#signin-api').isVisible(), false);
  await context.close();
});

// Signs in through the form, with "Remember me" checked or not (a real click on the box).
async function signInWith(page, token, remember) {
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  assert.equal(await page.locator('#signin-remember').isChecked(), false, 'unchecked by default');
  if (remember) await page.locator('#signin-remember').click();
  await page.locator('#signin-token').click();
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.auth === "signedIn" && m.list.status === "loaded"');
}

test('"Remember me": unchecked, the token lasts for the tab only; checked, a new tab is signed in', async () => {
  // Unchecked: a reload keeps the tab signed in; a new tab (as after closing the browser) asks again.
  let context = await newContext();
  let page = await newPage(context, other.origin);
  await signInWith(page, other.token, false);
  assert.deepEqual(await page.evaluate(() => [sessionStorage.getItem('accountsConsole.token'), localStorage.getItem('accountsConsole.token')]),
    [other.token, null]);
  await page.reload();
  await h.waitForModel(page, 'm && m.auth === "signedIn" && m.list.status === "loaded"');
  await page.close();
  page = await newPage(context, other.origin);
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  await h.waitForModel(page, 'm && m.auth !== "signedIn"');
  await context.close();

  // Checked: kept on the device; a new tab opens signed in, without the form.
  context = await newContext();
  page = await newPage(context, other.origin);
  await signInWith(page, other.token, true);
  assert.equal(await page.evaluate(() => localStorage.getItem('accountsConsole.token')), other.token);
  await page.close();
  page = await newPage(context, other.origin);
  await h.waitForModel(page, 'm && m.auth === "signedIn" && m.list.status === "loaded"');
  assert.equal(await page.locator('#signin').isVisible(), false, 'no sign-in form');
  // Signing out forgets it.
  await h.waitIdle(page);
  await h.hoverClick(page, await h.findItem(page, 'Sign out'));
  await page.locator('#signin-token').waitFor({ state: 'visible' });
  assert.deepEqual(await page.evaluate(() => [sessionStorage.getItem('accountsConsole.token'), localStorage.getItem('accountsConsole.token')]),
    [null, null]);
  await page.close();
  page = await newPage(context, other.origin);
  await page.locator('#signin-token').waitFor({ state: 'visible', timeout: 30000 });
  await context.close();
});

// The row checkboxes drawn: id -> checked.
async function boxes(page) {
  await h.waitIdle(page);
  const out = {};
  for (const it of await h.items(page)) if (it.label.startsWith('select:') && it.h > 0) out[it.label.slice(7)] = it.checked;
  return out;
}

test('the x key toggles the selection of the keyboard cursor\'s row, opening nothing', async () => {
  const context = await newContext();
  const page = await newPage(context, other.origin);
  await signInWith(page, other.token, false);
  await h.waitIdle(page);
  const rows = (await h.model(page)).list.rows;

  // x: j moves the cursor to the first row, j again to the second; x selects it, x again clears it.
  await page.locator('#canvas').focus();
  await page.keyboard.press('j');
  await h.waitForModel(page, 'm.list.cursorId === arg', rows[0].id);
  await page.keyboard.press('j');
  await h.waitForModel(page, 'm.list.cursorId === arg', rows[1].id);
  await page.keyboard.press('x');
  await h.waitForModel(page, 'm.selection.count === 1');
  let m = await h.model(page);
  assert.deepEqual(m.selection.ids, [rows[1].id]);
  assert.equal(m.selectedId, '', 'x opens nothing');
  let b = await boxes(page);
  assert.equal(b[rows[1].id], true, 'its box is drawn checked');
  assert.equal(Object.values(b).filter(Boolean).length, 1);
  await page.keyboard.press('j');
  await h.waitForModel(page, 'm.list.cursorId === arg', rows[2].id);
  await page.keyboard.press('x');
  await h.waitForModel(page, 'm.selection.count === 2');
  await page.keyboard.press('k');
  await h.waitForModel(page, 'm.list.cursorId === arg', rows[1].id);
  await page.keyboard.press('x');
  await h.waitForModel(page, 'm.selection.count === 1');
  assert.deepEqual((await h.model(page)).selection.ids, [rows[2].id]);
  b = await boxes(page);
  assert.equal(b[rows[1].id], false);
  assert.equal(b[rows[2].id], true);

  assert.deepEqual(page.errors, []);
  await context.close();
});

test('Cmd+click (Meta held) on rows toggles them in the selection and opens nothing', async () => {
  const context = await newContext();
  const page = await newPage(context, other.origin);
  await signInWith(page, other.token, false);
  await h.waitIdle(page);
  const rows = (await h.model(page)).list.rows;
  // A plain click on row 3 opens it (and is where a Shift+click would extend from).
  await h.hoverClick(page, await h.findItem(page, rows[2].name));
  await h.waitForModel(page, 'm.selectedId === arg', rows[2].id);
  await h.hoverClick(page, await h.findItem(page, 'Close'));
  await h.waitForModel(page, 'm.selectedId === ""');
  await h.waitIdle(page);
  await h.hoverClick(page, await h.findItem(page, 'select:' + rows[2].id));
  await h.waitForModel(page, 'm.selection.count === 1');
  let m, b;
  // Cmd+click on two rows' names: both join the selection; nothing opens.
  const at = async (name) => h.findItem(page, name);
  for (const r of [rows[4], rows[6]]) {
    const it = await at(r.name);
    await page.mouse.move(it.x + 40, it.y + it.h / 2);
    await h.waitFrames(page, 2);
    await page.keyboard.down('Meta');
    await page.mouse.click(it.x + 40, it.y + it.h / 2);
    await page.keyboard.up('Meta');
  }
  await h.waitForModel(page, 'm.selection.count === 3');
  m = await h.model(page);
  assert.deepEqual([...m.selection.ids].sort(), [rows[2].id, rows[4].id, rows[6].id].sort());
  assert.equal(m.selectedId, '', 'Cmd+click opens nothing');
  b = await boxes(page);
  for (const r of [rows[2], rows[4], rows[6]]) assert.equal(b[r.id], true, `${r.name} drawn checked`);
  // Cmd+click again: that row leaves the selection.
  const it = await at(rows[4].name);
  await page.keyboard.down('Meta');
  await page.mouse.click(it.x + 40, it.y + it.h / 2);
  await page.keyboard.up('Meta');
  await h.waitForModel(page, 'm.selection.count === 2');
  assert.deepEqual([...(await h.model(page)).selection.ids].sort(), [rows[2].id, rows[6].id].sort());
  assert.equal((await h.model(page)).selectedId, '');
  assert.deepEqual(page.errors, []);
  await context.close();
});
