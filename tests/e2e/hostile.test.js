// hostile.test.js: the console against a hostile API (lib/hostile_server.js in front of the reference
// server): truncated JSON, wrong types, 10 MB, HTML 502, null, duplicated ids, long, RTL and emoji
// strings, a slow answer, no answer, connection resets. Each: a clear error, frames and clicks still
// work, no other account's data shown in place of the requested one, and every draft kept.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, hostile, browser;
h.serverAndBrowser({ demo: 60 }, (s) => ({ server, hostile, browser } = s), { hostile: true });
test.afterEach(() => hostile.clear());

const LIST = /^\/api\/accounts\/\?/;
const detailPath = (id) => new RegExp('^/api/accounts/' + encodeURIComponent(id) + '/$');

async function api(method, p) {
  const res = await fetch(server.origin + p, { method, headers: { Authorization: 'Bearer ' + server.token } });
  return res.json();
}

const signedIn = () => h.openSignedIn(browser, hostile.origin, server.token);

// "No answer" cases run with a deployment whose config.json sets requestTimeoutSeconds to this, so
// each waits seconds, not the default 15 (records_test.cpp checks the default and that the value
// goes with every request).
const SHORT_TIMEOUT_S = 4;
async function signedInWithTimeout(seconds) {
  hostile.rule({ method: 'GET', path: /^\/config\.json$/, transform: (j) => ({ ...j, requestTimeoutSeconds: seconds }) });
  return signedIn();
}

// Responsive: frames keep being drawn on request, and the canvas is not blank.
async function assertResponsive(page) {
  await h.waitFrames(page, 5);
  const stats = await h.canvasStats(page);
  assert.ok(stats.colours > 3 && stats.nonBackgroundSamples > 100, 'the canvas still shows the console');
}

// Each hostile answer for the list: the code and a readable message; then the next case.
const LIST_CASES = [
  { name: 'truncated JSON', rule: { truncated: true }, code: 'api.bad_json', text: 'not JSON' },
  { name: 'wrong types', rule: { transform: (j) => ({ count: 'many', results: { id: j.results[0].id } }) },
    code: 'api.bad_shape', text: '"results"' },
  { name: '10 MB body', rule: { huge: true }, code: 'api.too_large', text: '10.0 MB' },
  { name: 'HTML 502 from a proxy', rule: { html502: true }, code: 'api.http_502', text: 'The server failed (HTTP 502)' },
  { name: '200 with null', rule: { status: 200, body: 'null' }, code: 'api.bad_shape', text: 'not a JSON object' },
  { name: 'connection reset', rule: { reset: true }, code: 'api.network', text: 'Cannot reach the API' },
];

test('list: each hostile answer shows a clear error; frames and clicks keep working; Retry recovers', async () => {
  const page = await signedIn();
  const p1 = await api('GET', '/api/accounts/?page=1&limit=25');
  const p2 = await api('GET', '/api/accounts/?page=2&limit=25');
  const known = new Set([...p1.results, ...p2.results].map((r) => r.id));
  let first = true;
  for (const c of LIST_CASES) {
    hostile.rule({ method: 'GET', path: LIST, ...c.rule });
    await h.clickItem(page, first ? 'Next' : 'Retry');   // a real click: the console still takes input
    first = false;
    await h.waitForModel(page, 'm.list.status === "failed" && m.list.error.code === arg', c.code, 40000);
    const m = await h.model(page);
    assert.ok(m.list.error.message.includes(c.text), `${c.name}: ${m.list.error.message}`);
    assert.equal(m.auth, 'signedIn', `${c.name}: still signed in`);
    // Only rows the server really sent (the last good page 1 or cached page 2), nothing made up.
    assert.ok(m.list.rows.length > 0 && m.list.rows.every((r) => known.has(r.id)), c.name);
    await assertResponsive(page);
    hostile.clear();
  }
  await h.clickItem(page, 'Retry');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2');
  assert.deepEqual((await h.model(page)).list.rows.map((r) => r.id), p2.results.map((r) => r.id));
  assert.deepEqual(page.errors, []);
});

test('detail: another account\'s body is refused; broken answers are clear errors; Retry loads the right one', async () => {
  const page = await signedIn();
  const [a, b] = (await h.model(page)).list.rows;
  const cases = [
    { name: 'B\'s body for A', rule: { upstreamPath: `/api/accounts/${encodeURIComponent(b.id)}/` },
      code: 'api.id_mismatch', text: 'different account' },
    { name: 'truncated JSON', rule: { truncated: true }, code: 'api.bad_json', text: 'not JSON' },
    { name: 'id of the wrong type', rule: { transform: (j) => ({ ...j, id: { value: j.id } }) },
      code: 'api.bad_shape', text: 'no "id"' },
    { name: '200 with null', rule: { status: 200, body: 'null' }, code: 'api.bad_shape', text: 'not a JSON object' },
    { name: 'HTML 502', rule: { html502: true }, code: 'api.http_502', text: 'HTTP 502' },
    { name: '10 MB body', rule: { huge: true }, code: 'api.too_large', text: 'MB' },
    { name: 'connection reset', rule: { reset: true }, code: 'api.network', text: 'Cannot reach the API' },
  ];
  let first = true;
  for (const c of cases) {
    hostile.rule({ method: 'GET', path: detailPath(a.id), ...c.rule });
    await h.clickItem(page, first ? a.name : 'Retry loading account');
    first = false;
    await h.waitForModel(page, 'm.records.detail.status === "failed" && m.records.detail.error.code === arg', c.code, 40000);
    const m = await h.model(page);
    assert.equal(m.records.detail.id, a.id, c.name);
    assert.equal(m.records.detail.account, null, `${c.name}: nothing shown as account A`);
    assert.ok(m.records.detail.error.message.includes(c.text), `${c.name}: ${m.records.detail.error.message}`);
    assert.equal(m.list.rows.find((r) => r.id === a.id).name, a.name, `${c.name}: A's row keeps A's name`);
    await assertResponsive(page);
    hostile.clear();
  }
  await h.clickItem(page, 'Retry loading account');
  await h.waitForModel(page, 'm.records.detail.status === "loaded"');
  const m = await h.model(page);
  assert.equal(m.records.detail.account.id, a.id);
  assert.equal(m.records.detail.account.name, a.name);
  assert.notEqual(m.records.detail.account.name, b.name);
  assert.deepEqual(page.errors, []);
});

test('drafts survive every hostile answer to a save; the save then succeeds', async () => {
  const page = await signedIn();
  const [a, b] = (await h.model(page)).list.rows;
  await h.clickItem(page, a.name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', a.id);
  await h.waitFrames(page);
  await h.clickItem(page, 'Edit');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit"');
  await h.waitFrames(page);
  await h.clickItem(page, 'Name *');
  await h.waitFrames(page, 2);
  await page.keyboard.press('End');
  const typed = ' \u0645\u0631\u062D\u0628\u0627 \u{1F600}';   // RTL Arabic and an emoji
  await page.keyboard.insertText(typed);
  await h.waitFrames(page, 2);
  const want = a.name + typed;
  assert.equal((await h.model(page)).records.form.draft.name, want);

  const cases = [
    { name: 'B\'s body', rule: { upstreamPath: `/api/accounts/${encodeURIComponent(b.id)}/` }, code: 'api.id_mismatch' },
    { name: 'truncated JSON', rule: { truncated: true, upstreamPath: `/api/accounts/${encodeURIComponent(a.id)}/` }, code: 'api.bad_json' },
    { name: 'HTML 502', rule: { html502: true }, code: 'api.http_502' },
    { name: '200 with null', rule: { status: 200, body: 'null' }, code: 'api.bad_shape' },
    { name: '10 MB body', rule: { huge: true }, code: 'api.too_large' },
    { name: 'connection reset', rule: { reset: true }, code: 'api.network' },
  ];
  let first = true;
  for (const c of cases) {
    // upstreamPath answers the PATCH with a GET of that path: nothing is written upstream.
    hostile.rule({ method: 'PATCH', path: detailPath(a.id), ...c.rule });
    await h.clickItem(page, first ? 'Save' : 'Retry save');
    first = false;
    await h.waitForModel(page, 'm.records.form.error && m.records.form.error.code === arg && !m.records.form.saving', c.code, 40000);
    const m = await h.model(page);
    assert.ok(m.records.form.open, `${c.name}: the form stays open`);
    assert.equal(m.records.form.draft.name, want, `${c.name}: the typed name is kept`);
    assert.ok(m.records.form.error.message.length > 10, `${c.name}: ${m.records.form.error.message}`);
    assert.equal(m.records.detail.account.name, a.name, `${c.name}: the detail still shows A`);
    await assertResponsive(page);
    hostile.clear();
  }
  await h.clickItem(page, 'Retry save');
  await h.waitForModel(page, '!m.records.form.open');
  assert.equal((await api('GET', `/api/accounts/${encodeURIComponent(a.id)}/`)).name, want);
  assert.equal((await h.model(page)).records.detail.account.name, want);
  assert.deepEqual(page.errors, []);
});

test('duplicated ids across and within pages, very long, right-to-left and emoji strings', async (t) => {
  const page = await signedIn();
  const page1 = (await h.model(page)).list.rows;
  const msPerFrame = async () => {
    const f0 = await h.frameCount(page);
    const s0 = Date.now();
    await h.waitFrames(page, 30);
    return (Date.now() - s0) / ((await h.frameCount(page)) - f0);
  };
  const baseline = await msPerFrame();
  const long = 'L'.repeat(200000);
  const rtl = '\u202E\u0634\u0631\u0643\u0629 \u05D7\u05D1\u05E8\u05D4 \u{1F469}\u200D\u{1F4BB}\u{1F1E9}\u{1F1EA}';
  // Page 2 repeats page 1's first row twice, and carries a 200,000-character name and RTL/emoji text.
  hostile.rule({
    method: 'GET', path: /^\/api\/accounts\/\?page=2&/, transform: (j) => {
      j.results[0].name = long;
      j.results[1].name = rtl;
      j.results[1].industry = rtl;
      j.results.push({ ...page1[0], name: page1[0].name }, { ...page1[0], name: 'Impostor' });
      return j;
    },
  });
  await h.clickItem(page, 'Next');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2');
  let m = await h.model(page);
  const ids = m.list.rows.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'each id once per page');
  const dup = m.list.rows.find((r) => r.id === page1[0].id);
  assert.equal(dup.name, page1[0].name, 'the first copy is kept, not the impostor');
  assert.equal(m.list.rows[0].name.length, long.length, 'the long name arrives intact');
  assert.equal(m.list.rows[1].name, rtl);
  // Drawing 200,000 characters and bidi/emoji text keeps frames coming at a usable rate.
  const perFrame = await msPerFrame();
  t.diagnostic(`ms per frame: ${baseline.toFixed(1)} normal page, ${perFrame.toFixed(1)} with a 200,000-character row`);
  await assertResponsive(page);
  // The RTL row opens its own account (its label is its name), never another.
  const rtlRow = m.list.rows[1];
  await h.clickItem(page, rtl);
  await h.waitForModel(page, 'm.records.detail.status === "loaded"');
  m = await h.model(page);
  assert.equal(m.records.detail.account.id, rtlRow.id);
  assert.deepEqual(page.errors, []);
});

test('a slow answer (4 s) leaves the console usable: a click on a shown row opens it meanwhile', async () => {
  const page = await signedIn();
  hostile.rule({ method: 'GET', path: LIST, delayMs: 4000 });
  const t0 = Date.now();
  await h.clickItem(page, 'Next');
  await h.waitForModel(page, 'm.list.status === "loading"');
  // While the list waits: frames come and a click on a shown row opens that account.
  await assertResponsive(page);
  const a = (await h.model(page)).list.rows[0];
  await h.clickItem(page, a.name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', a.id);
  assert.equal((await h.model(page)).list.status, 'loading', 'the slow list is still waiting');
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2', undefined, 30000);
  assert.ok(Date.now() - t0 >= 3500, 'the list waited for the slow answer');
  assert.deepEqual(page.errors, []);
});

test('an answer that never comes times out after config.json\'s requestTimeoutSeconds with a message; Retry works', async () => {
  const page = await signedInWithTimeout(SHORT_TIMEOUT_S);
  hostile.clear();
  assert.equal((await h.model(page)).requestTimeoutMs, SHORT_TIMEOUT_S * 1000, 'the console read config.json\'s timeout');
  const b = (await h.model(page)).list.rows[1];
  hostile.rule({ method: 'GET', path: detailPath(b.id), hang: true });
  const t1 = Date.now();
  await h.clickItem(page, b.name);
  await h.waitForModel(page, 'm.records.detail.status === "loading" && m.records.detail.id === arg', b.id);
  await assertResponsive(page);
  await h.waitForModel(page, 'm.records.detail.status === "failed"', undefined, 40000);
  const m = await h.model(page);
  assert.equal(m.records.detail.error.code, 'api.timeout');
  assert.match(m.records.detail.error.message, /did not answer in time/);
  const waited = Date.now() - t1;
  assert.ok(waited >= SHORT_TIMEOUT_S * 1000 - 500, `not before the configured ${SHORT_TIMEOUT_S} s timeout (${waited} ms)`);
  hostile.clear();
  await h.clickItem(page, 'Retry loading account');
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', b.id);
  assert.deepEqual(page.errors, []);
});

const contactsPath = (id) => new RegExp('^/api/accounts/' + encodeURIComponent(id) + '/contacts/\\?');
const contactsTab = async (page) => (await h.items(page)).find((it) => /^Contacts \(/.test(it.label) && it.w > 0);

test('contacts tab: broken answers and another account\'s contacts are clear errors, never shown; Retry recovers', async () => {
  const page = await signedInWithTimeout(SHORT_TIMEOUT_S);
  // A with contacts; B with a different number of them (its contacts must never appear as A's).
  const rows = (await api('GET', '/api/accounts/?page=1&limit=25')).results;
  const a = rows.find((r) => r.contactCount > 0);
  const b = rows.find((r) => r.id !== a.id && r.contactCount > 0 && r.contactCount !== a.contactCount);
  assert.ok(a && b, 'two demo accounts with different contact counts');
  const aContacts = (await api('GET', `/api/accounts/${encodeURIComponent(a.id)}/contacts/?page=1&limit=50`)).results.map((c) => c.id);
  const bContacts = (await api('GET', `/api/accounts/${encodeURIComponent(b.id)}/contacts/?page=1&limit=50`)).results.map((c) => c.id);
  await h.clickItem(page, a.name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', a.id);
  await h.waitFrames(page);
  const cases = [
    { name: 'B\'s contacts for A', rule: { upstreamPath: `/api/accounts/${encodeURIComponent(b.id)}/contacts/?page=1&limit=50` },
      code: 'api.contacts_mismatch', text: 'do not match this account' },
    { name: 'truncated JSON', rule: { truncated: true }, code: 'api.bad_json', text: 'not JSON' },
    { name: 'wrong types', rule: { transform: (j) => ({ count: 'many', results: { id: j.results[0].id } }) },
      code: 'api.bad_shape', text: '"results"' },
    { name: '500', rule: { status: 500, body: '{"detail":"Internal server error."}' }, code: 'api.http_500', text: 'Internal server error' },
    { name: 'HTML 502', rule: { html502: true }, code: 'api.http_502', text: 'HTTP 502' },
    { name: '10 MB body', rule: { huge: true }, code: 'api.too_large', text: 'MB' },
    { name: 'no answer', rule: { hang: true }, code: 'api.timeout', text: 'did not answer in time' },
  ];
  let first = true;
  for (const c of cases) {
    hostile.rule({ method: 'GET', path: contactsPath(a.id), ...c.rule });
    if (first) await h.clickItem(page, (await contactsTab(page)).label);
    else await h.clickItem(page, 'Retry contacts');
    first = false;
    // Each case's code differs from the one before, so the wait for it below cannot pass on the last.
    if (c.rule.hang) {
      await h.waitForModel(page, 'm.records.detail.contacts.status === "loading"');
      await assertResponsive(page);   // frames keep coming while the request waits
    }
    await h.waitForModel(page, 'm.records.detail.contacts.status === "failed" && m.records.detail.contacts.error.code === arg',
      c.code, 40000);
    const m = await h.model(page);
    const d = m.records.detail;
    assert.ok(d.contacts.error.message.includes(c.text), `${c.name}: ${d.contacts.error.message}`);
    assert.deepEqual(d.contacts.rows, [], `${c.name}: no contacts shown`);
    assert.equal(d.account.id, a.id, `${c.name}: still account A`);
    await assertResponsive(page);
    hostile.clear();
  }
  // Repeated contacts (within the page, and an impostor copy): each id once, the first copy.
  hostile.rule({ method: 'GET', path: contactsPath(a.id), transform: (j) => {
    j.results.push({ ...j.results[0] }, { ...j.results[0], firstName: 'Impostor' });
    return j;
  } });
  await h.clickItem(page, 'Retry contacts');
  await h.waitForModel(page, 'm.records.detail.contacts.status === "loaded"', undefined, 30000);
  const d = (await h.model(page)).records.detail;
  assert.equal(d.contacts.error, null);
  assert.deepEqual(d.contacts.rows.map((c) => c.id), aContacts, 'A\'s own contacts, each once');
  assert.ok(!d.contacts.rows.some((c) => c.firstName === 'Impostor'));
  assert.ok(!d.contacts.rows.some((c) => bContacts.includes(c.id)), 'none of B\'s contacts');
  hostile.clear();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('users directory: each hostile answer is a clear error; ids stay ids, no made-up names; Retry users recovers', async () => {
  const users = (await api('GET', '/api/users/')).results;
  const USERS = /^\/api\/users\/$/;
  const cases = [
    { name: 'truncated JSON', rule: { truncated: true }, code: 'api.bad_json', text: 'not JSON' },
    { name: 'wrong types', rule: { transform: () => ({ count: 'x', results: { id: 'u' } }) }, code: 'api.bad_shape', text: '"results"' },
    { name: '500', rule: { status: 500, body: '{"detail":"Internal server error."}' }, code: 'api.http_500', text: 'Internal server error' },
    { name: 'HTML 502', rule: { html502: true }, code: 'api.http_502', text: 'HTTP 502' },
    { name: '10 MB body', rule: { huge: true }, code: 'api.too_large', text: 'MB' },
    { name: 'connection reset', rule: { reset: true }, code: 'api.network', text: 'Cannot reach the API' },
    { name: 'no answer', rule: { hang: true }, code: 'api.timeout', text: 'did not answer in time' },
  ];
  hostile.rule({ method: 'GET', path: USERS, ...cases[0].rule });
  const page = await signedInWithTimeout(SHORT_TIMEOUT_S);
  for (const c of cases) {
    hostile.clear();
    hostile.rule({ method: 'GET', path: USERS, ...c.rule });
    if (c !== cases[0]) await h.clickItem(page, 'Retry users');
    await h.waitForModel(page, 'm.list.users.status === "failed" && m.list.users.error && m.list.users.error.code === arg', c.code, 40000)
      .catch(async () => assert.fail(`${c.name}: ${JSON.stringify((await h.model(page)).list.users)}`));
    const m = await h.model(page);
    assert.ok(m.list.users.error.message.includes(c.text), `${c.name}: ${m.list.users.error.message}`);
    assert.equal(m.list.users.count, 0, `${c.name}: no user names made up`);
    assert.equal(m.list.status, 'loaded', `${c.name}: the list still works`);
    await assertResponsive(page);
  }
  // Repeated ids with an impostor's name: each user once, with the first (real) name.
  hostile.clear();
  hostile.rule({ method: 'GET', path: USERS, transform: (j) => {
    j.results.push({ ...j.results[0] }, { ...j.results[0], name: 'Impostor' });
    return j;
  } });
  await h.clickItem(page, 'Retry users');
  await h.waitForModel(page, 'm.list.users.status === "loaded"', undefined, 30000);
  assert.equal((await h.model(page)).list.users.count, users.length);
  await h.waitFrames(page, 3);
  const assigned = await page.evaluate(() => [...document.querySelectorAll('#a11y-mirror td')].map((c) => c.textContent));
  assert.ok(!assigned.includes('Impostor'), 'no impostor name in the table');
  hostile.clear();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
