// start_requests.test.js: the shell (shell/shell.js) builds the first screen's request URLs before
// the app runs; they must be exactly the app's, or the app would send them again. Both sides are
// tested against tests/fixtures/start_requests.json (the core's side: tests/core/prefetch_table_test.cpp).
// No browser: shell.js exports its URL builder when loaded by Node.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { startRequests } = require('../../shell/shell.js');
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'start_requests.json'), 'utf8'));

test('the shell builds the URLs the core builds for every fixture route', () => {
  assert.ok(fixture.cases.length >= 10);
  for (const c of fixture.cases) {
    assert.deepEqual(startRequests.urls(c.hash, c.apiBaseUrl), c.urls, `hash ${JSON.stringify(c.hash)}, apiBaseUrl ${JSON.stringify(c.apiBaseUrl)}`);
  }
});

test('the fixture covers what the rules turn on: decoding, clamps, repeats, a base URL', () => {
  const hashes = fixture.cases.map((c) => c.hash).join(' ');
  for (const part of ['%C3%85', '+', 'limit=500', 'page=0', 'stage=partner&stage=churned', '%ZZ', '99999999999999999999']) {
    assert.ok(hashes.includes(part), `no fixture case with ${part}`);
  }
  assert.ok(fixture.cases.some((c) => c.apiBaseUrl.endsWith('/')), 'no base URL with a trailing slash');
});
