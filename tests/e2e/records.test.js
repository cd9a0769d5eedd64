// records.test.js: one account end to end against the reference server: sign-in, detail and
// contacts, create (invalid then valid), edit, conflict per field, delete with and without undo,
// previous/next across pages, a 401 mid-edit and a server stopped during a save.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 40 }, (s) => ({ server, browser } = s));

// The API as a second client (the "someone else" of conflicts, and the source of truth).
const api = h.api;

const signedIn = (srv, opts) => h.openSignedIn(browser, srv.origin, srv.token, opts);

// Records every API write the page sends: {method, url, body, headers}.
function recordWrites(page) {
  const writes = [];
  page.on('request', (req) => {
    if (['POST', 'PATCH', 'DELETE'].includes(req.method()) && req.url().includes('/api/')) {
      writes.push({ method: req.method(), url: req.url(), body: req.postData(), headers: req.headers() });
    }
  });
  return writes;
}

// Clicks a field by its label and types; `replace` selects what is there first.
async function typeInto(page, label, text, { replace = false } = {}) {
  await h.clickItem(page, label);
  await h.waitFrames(page, 2);
  if (replace) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
  } else {
    await page.keyboard.press('End');   // append to what the field holds
  }
  await page.keyboard.type(text, { delay: 10 });
  await h.waitFrames(page, 2);
}

async function openAccount(page, account) {
  await h.clickItem(page, account.name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', account.id);
  await h.waitFrames(page);
}

test('sign-in: a wrong token keeps the form with the reason; the right one enters and is kept in sessionStorage', async () => {
  const page = await h.openConsole(browser, server.origin);
  await h.signIn(page, 'wrong-token');
  await page.locator('#signin-message').filter({ hasText: 'Invalid token.' }).waitFor();
  assert.equal((await h.model(page)).auth, 'signedOut');
  assert.ok(await page.locator('#signin').isVisible());
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.auth === "signedIn" && m.list.status === "loaded"');
  await page.locator('#signin').waitFor({ state: 'hidden' });
  const stored = await page.evaluate(() => [sessionStorage.getItem('accountsConsole.token'), localStorage.getItem('accountsConsole.token')]);
  assert.deepEqual(stored, [server.token, null]);
  assert.deepEqual(page.errors, []);
});

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`opening an account from the list shows its detail and its contacts tab${h.atDpr(dpr)}`, async () => {
    const page = await signedIn(server, { deviceScaleFactor: dpr });
    const rows = (await h.model(page)).list.rows;
    const target = rows.find((r) => r.contactCount > 0);
    assert.ok(target, 'the demo data has an account with contacts');
    await openAccount(page, target);
    assert.equal(new URL(page.url()).hash, '#/accounts/' + encodeURIComponent(target.id));
    const detail = (await h.model(page)).records.detail.account;
    const truth = await api(server, 'GET', `/api/accounts/${target.id}/`);
    assert.equal(detail.name, truth.json.name);
    assert.equal(detail.openCaseCount, truth.json.openCaseCount);

    await h.clickItem(page, `Contacts (${truth.json.contactCount})`);
    await h.waitForModel(page, 'm.records.detail.tab === "contacts" && m.records.detail.contacts.status === "loaded"');
    const contacts = (await h.model(page)).records.detail.contacts;
    const apiContacts = await api(server, 'GET', `/api/accounts/${target.id}/contacts/`);
    assert.equal(contacts.count, apiContacts.json.count);
    assert.deepEqual(contacts.rows.map((c) => c.email).sort(), apiContacts.json.results.map((c) => c.email).sort());
    await h.waitFrames(page);
    const emails = (await h.items(page)).filter((it) => it.label === 'Copy');
    assert.ok(emails.length >= contacts.rows.length, 'a copy button per email (and id/website/phone)');
    assert.deepEqual(page.errors, []);
  });
}

test('create: a client-side error first (nothing sent), then fixed and created; the list shows it', async () => {
  const page = await signedIn(server);
  const writes = recordWrites(page);
  await h.clickItem(page, 'New account');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "create"');
  await h.waitFrames(page);
  await typeInto(page, 'Website URL', 'not a url');
  await h.clickItem(page, 'Create');
  await h.waitForModel(page, 'm.records.form.error && m.records.form.error.code === "form.invalid"');
  let form = (await h.model(page)).records.form;
  assert.deepEqual(form.clientErrors.name, ['This field may not be blank.']);
  assert.deepEqual(form.clientErrors.website, ['Enter a valid URL.']);
  assert.equal(writes.length, 0, 'an invalid form sends nothing');

  const name = 'E2E Created ' + Date.now();
  await typeInto(page, 'Name *', name);
  await typeInto(page, 'Website URL', 'https://e2e.example', { replace: true });
  form = (await h.model(page)).records.form;
  assert.deepEqual(form.clientErrors, {});
  assert.equal(form.draft.name, name);
  await page.keyboard.press('Control+Enter');
  await h.waitForModel(page, '!m.records.form.open && m.selectedId !== ""');
  const m = await h.model(page);
  assert.equal(m.list.rows[0].name, name);
  assert.equal(m.records.detail.account.name, name);
  assert.equal(writes.length, 1);
  assert.equal(writes[0].method, 'POST');
  assert.deepEqual(JSON.parse(writes[0].body), { name, website: 'https://e2e.example', stage: 'prospect' });
  const truth = await api(server, 'GET', `/api/accounts/${m.selectedId}/`);
  assert.equal(truth.status, 200);
  assert.equal(truth.json.website, 'https://e2e.example');
  assert.ok(m.records.toasts.some((t) => t.text === `Created ${name}.`));
});

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`edit: only the changed field is sent (with If-Match when the server gives an ETag); list and detail update${h.atDpr(dpr)}`, async () => {
    const page = await signedIn(server, { deviceScaleFactor: dpr });
    const writes = recordWrites(page);
    const target = (await h.model(page)).list.rows[3];
    await openAccount(page, target);
    const etag = (await h.model(page)).records.detail.etag;
    await h.clickItem(page, 'Edit');
    await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit"');
    await h.waitFrames(page);
    const newName = target.name + ' (edited)';
    await typeInto(page, 'Name *', ' (edited)');   // the caret lands at the end of the clicked field
    await h.waitForModel(page, 'm.records.form.draft.name === arg', newName);
    await h.clickItem(page, 'Save');
    await h.waitForModel(page, '!m.records.form.open');
    const m = await h.model(page);
    assert.equal(m.list.rows.find((r) => r.id === target.id).name, newName);
    assert.equal(m.records.detail.account.name, newName);
    assert.equal(writes.length, 1);
    assert.equal(writes[0].method, 'PATCH');
    assert.deepEqual(JSON.parse(writes[0].body), { name: newName });
    if (etag) assert.equal(writes[0].headers['if-match'], etag);
    assert.equal((await api(server, 'GET', `/api/accounts/${target.id}/`)).json.name, newName);
  });
}

test('conflict: a change through the API between open and save is shown per field and resolved', async () => {
  const page = await signedIn(server);
  const target = (await h.model(page)).list.rows[5];
  await openAccount(page, target);
  await h.clickItem(page, 'Edit');
  await h.waitForModel(page, 'm.records.form.open');
  await h.waitFrames(page);
  await typeInto(page, 'Name *', ' mine');
  // Someone else changes the name and the description meanwhile.
  const theirs = await api(server, 'PATCH', `/api/accounts/${target.id}/`, { name: target.name + ' theirs', description: 'their text' });
  assert.equal(theirs.status, 200);
  await h.clickItem(page, 'Save');
  await h.waitForModel(page, 'm.records.form.conflict.open');
  let conflict = (await h.model(page)).records.form.conflict;
  const byField = Object.fromEntries(conflict.fields.map((f) => [f.field, f]));
  assert.equal(byField.name.mine, target.name + ' mine');
  assert.equal(byField.name.theirs, target.name + ' theirs');
  assert.equal(byField.name.original, target.name);
  assert.equal(byField.name.choice, 'mine');
  assert.equal(byField.description.theirs, 'their text');
  assert.equal(byField.description.choice, 'theirs');
  // Nothing was overwritten yet.
  assert.equal((await api(server, 'GET', `/api/accounts/${target.id}/`)).json.name, target.name + ' theirs');
  await h.waitFrames(page);
  await h.clickItem(page, 'Save merged');
  await h.waitForModel(page, '!m.records.form.open');
  const truth = (await api(server, 'GET', `/api/accounts/${target.id}/`)).json;
  assert.equal(truth.name, target.name + ' mine');
  assert.equal(truth.description, 'their text');
});

for (const dpr of h.KEY_FLOW_DPRS) {
  test(`delete: confirmation lists what is detached; undo restores and sends nothing; without undo it is deleted${h.atDpr(dpr)}`, async () => {
    const page = await signedIn(server, { deviceScaleFactor: dpr });
    const writes = recordWrites(page);
    const rows = (await h.model(page)).list.rows;
    const first = rows[7];
    await openAccount(page, first);
    await h.clickItem(page, 'Delete');
    await h.waitForModel(page, 'm.records.delete.confirmOpen');
    await h.waitFrames(page);
    await h.clickItem(page, 'Delete account');
    await h.waitForModel(page, '!m.list.rows.some((r) => r.id === arg)', first.id);
    assert.equal((await h.model(page)).selectedId, '');
    await h.waitFrames(page);
    const undo = (await h.items(page)).find((it) => it.label.startsWith('Undo'));
    assert.ok(undo, 'the toast offers Undo');
    await page.mouse.click(undo.x + undo.w / 2, undo.y + undo.h / 2);
    await h.waitForModel(page, 'm.list.rows.some((r) => r.id === arg) && m.records.delete.pending.length === 0', first.id);
    await page.waitForTimeout(500);
    assert.equal(writes.length, 0, 'undo sent nothing');
    assert.equal((await api(server, 'GET', `/api/accounts/${first.id}/`)).status, 200);

    const second = rows[8];
    await openAccount(page, second);
    await h.clickItem(page, 'Delete');
    await h.waitForModel(page, 'm.records.delete.confirmOpen');
    await h.waitFrames(page);
    await h.clickItem(page, 'Delete account');
    await h.waitForModel(page, 'm.records.toasts.some((t) => t.text === "Deleted " + arg + ".")', second.name, 40000);
    assert.equal(writes.length, 1);
    assert.equal(writes[0].method, 'DELETE');
    assert.equal((await api(server, 'GET', `/api/accounts/${second.id}/`)).status, 404);
  });
}

test('previous/next with ] and [ cross a list page boundary', async () => {
  const page = await h.openConsole(browser, server.origin);
  await page.goto(server.origin + '/#/accounts?limit=5');
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length === 5');
  await h.waitFrames(page);
  const page1 = (await h.model(page)).list.rows;
  await openAccount(page, page1[4]);
  await page.keyboard.press(']');
  await h.waitForModel(page, 'm.list.query.page === 2 && m.list.status === "loaded" && m.selectedId === m.list.rows[0].id');
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.id === m.selectedId');
  const crossed = (await h.model(page)).selectedId;
  assert.ok(!page1.some((r) => r.id === crossed), 'the next account is on page 2');
  await page.keyboard.press('[');
  await h.waitForModel(page, 'm.list.query.page === 1 && m.list.status === "loaded" && m.selectedId === arg', page1[4].id);
  await h.clickItem(page, 'Next >');
  await h.waitForModel(page, 'm.list.query.page === 2 && m.selectedId === m.list.rows[0].id');
});

test('a phone (DPR 3, touch) shows the detail full screen with a Back button; taps open and go back', async () => {
  const page = await signedIn(server, h.PHONE);
  const target = (await h.model(page)).list.rows[1];
  await h.tapItem(page, target.name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', target.id);
  await h.waitFrames(page);
  const back = await h.findItem(page, '< Back');
  assert.ok(back.w > 0);
  assert.ok(!(await h.items(page)).some((it) => it.label === target.name && it.w > 0), 'the list is hidden behind the detail');
  await h.tapItem(page, '< Back');
  await h.waitForModel(page, 'm.selectedId === ""');
});

test('a 401 mid-edit keeps the draft, shows sign-in over the screen and retries the save after signing in', async () => {
  const page = await signedIn(server);
  const target = (await h.model(page)).list.rows[10];
  await openAccount(page, target);
  await h.clickItem(page, 'Edit');
  await h.waitForModel(page, 'm.records.form.open');
  await h.waitFrames(page);
  await typeInto(page, 'Name *', ' after 401');
  let refuse = true;
  await page.route('**/api/accounts/**', (route) => {
    if (refuse && route.request().method() === 'PATCH') {
      refuse = false;
      return route.fulfill({ status: 401, contentType: 'application/json', body: '{"detail":"Token expired."}' });
    }
    return route.continue();
  });
  await h.clickItem(page, 'Save');
  await page.locator('#signin-message').filter({ hasText: 'Token expired.' }).waitFor();
  let m = await h.model(page);
  assert.equal(m.auth, 'signedOut');
  assert.ok(m.records.form.open, 'the edit dialog is still open under the sign-in form');
  assert.equal(m.records.form.draft.name, target.name + ' after 401');
  assert.equal((await api(server, 'GET', `/api/accounts/${target.id}/`)).json.name, target.name);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.auth === "signedIn" && !m.records.form.open');
  assert.equal((await api(server, 'GET', `/api/accounts/${target.id}/`)).json.name, target.name + ' after 401');
  m = await h.model(page);
  assert.equal(m.list.rows.find((r) => r.id === target.id).name, target.name + ' after 401');
});

test('the server stopped during a save: the draft survives, and Retry succeeds after a restart', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-'));
  const db = path.join(dir, 'accounts.db');
  let own = await h.startServer({ demo: 12, db });
  const port = new URL(own.origin).port;
  try {
    const page = await signedIn(own);
    const target = (await h.model(page)).list.rows[0];
    await openAccount(page, target);
    await h.clickItem(page, 'Edit');
    await h.waitForModel(page, 'm.records.form.open');
    await h.waitFrames(page);
    await typeInto(page, 'Name *', ' survives');
    await own.stop();
    await h.clickItem(page, 'Save');
    await h.waitForModel(page, 'm.records.form.error && m.records.form.error.code === "api.network" && !m.records.form.saving');
    let m = await h.model(page);
    assert.ok(m.records.form.open);
    assert.equal(m.records.form.draft.name, target.name + ' survives');
    own = await h.startServer({ demo: 12, db, port: Number(port) });
    await h.waitFrames(page);
    await h.clickItem(page, 'Retry save');
    await h.waitForModel(page, '!m.records.form.open');
    assert.equal((await api(own, 'GET', `/api/accounts/${target.id}/`)).json.name, target.name + ' survives');
  } finally {
    await own.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('list keys: e edits the row under the cursor, n opens a new account, Delete asks first', async () => {
  const page = await signedIn(server);
  const rows = (await h.model(page)).list.rows;
  await page.locator('#canvas').focus();
  await h.waitFrames(page);
  await page.keyboard.press('j');
  await h.waitForModel(page, 'm.list.cursorId === arg', rows[0].id);
  await page.keyboard.press('e');   // not open yet: opens it, then the edit form when it has loaded
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit" && m.records.form.accountId === arg', rows[0].id);
  assert.equal((await h.model(page)).records.form.draft.name, rows[0].name);
  await h.waitFrames(page);
  await h.clickItem(page, 'Cancel');
  await h.waitForModel(page, '!m.records.form.open');

  await page.locator('#canvas').focus();
  await h.waitFrames(page);
  await page.keyboard.press('n');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "create"');
  await h.waitFrames(page);
  await h.clickItem(page, 'Cancel');
  await h.waitForModel(page, '!m.records.form.open');

  await page.locator('#canvas').focus();
  await h.waitFrames(page);
  await page.keyboard.press('Delete');
  await h.waitForModel(page, 'm.records.delete.confirmOpen && m.records.delete.targetId === arg', rows[0].id);
  const writes = recordWrites(page);
  await h.waitFrames(page);
  await h.clickItem(page, 'Cancel');
  await h.waitForModel(page, '!m.records.delete.confirmOpen');
  assert.deepEqual(writes, [], 'nothing was deleted');
});

test('an empty CRM says so and offers to create the first account', async () => {
  const empty = await h.startServer({ demo: 0 });
  try {
    const page = await signedIn(empty);
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.count === 0');
    await h.waitFrames(page);
    await h.clickItem(page, 'Create the first account');
    await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "create"');
  } finally {
    await empty.stop();
  }
});
