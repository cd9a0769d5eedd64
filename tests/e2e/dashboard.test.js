// dashboard.test.js: the dashboard in the browser, against the reference server with the facets
// extension and without it (today's API, or the server started with `--disable facets`): every number
// it shows (read through the screen-reader mirror's tables) equals the API's own counts; a click on a
// stage bar cross-filters every chart and changes the URL; the back button restores; Ctrl+click opens
// the filtered list with the same count; an edit of an account's stage in the console moves one count;
// the keys d / l and Tab + Space reach the screens and the bars. Real mouse and keyboard events only.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const STAGES = ['prospect', 'active', 'customer', 'partner', 'churned'];
const DEMO = 240;
let browser;
const servers = {};   // mode -> server ('fallback' always; 'extension' when the server has the facets endpoint)
let extra;            // a second server started here (stopped after)

h.serverAndBrowser({ demo: DEMO }, (s) => { browser = s.browser; servers.first = s.server; }, {
  setup: async () => {
    const probe = await h.api(servers.first, 'GET', '/api/accounts/facets/?fields=stage');
    if (probe.status === 200) {
      servers.extension = servers.first;
      extra = await h.startServer({ demo: DEMO, extraArgs: ['--disable', 'facets'] });
      const off = await h.api(extra, 'GET', '/api/accounts/facets/?fields=stage');
      assert.equal(off.status, 404, 'the server started with --disable facets has no facets endpoint');
      servers.fallback = extra;
    } else {
      assert.equal(probe.status, 404, 'a server without the extension answers 404');
      servers.fallback = servers.first;
    }
  },
});
test.after(async () => { if (extra) await extra.stop(); });

// The API's own count for a query (a limit=1 list request made by the test).
async function count(server, query = '') {
  const r = await h.api(server, 'GET', `/api/accounts/?limit=1${query ? '&' + query : ''}`);
  assert.equal(r.status, 200);
  return r.json.count;
}

// Every account, page by page (for the fields the list cannot filter by: company size, month).
async function allAccounts(server) {
  const out = [];
  for (let p = 1; ; ++p) {
    const r = await h.api(server, 'GET', `/api/accounts/?limit=100&page=${p}`);
    assert.equal(r.status, 200);
    out.push(...r.json.results);
    if (!r.json.next) return out;
  }
}

const enc = encodeURIComponent;
const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);
const num = (text) => Number(String(text).replace(/,/g, ''));

// The dashboard has every answer it needs and nothing in flight.
const SETTLED = 'm.screen === "dashboard" && m.dashboard.facetsApi !== "probing" && m.dashboard.needed > 0 && ' +
  'm.dashboard.known === m.dashboard.needed && m.dashboard.inFlight === 0';
async function settled(page, extraCondition = 'true') {
  await h.waitForModel(page, `${SETTLED} && (${extraCondition})`);
  await h.waitFrames(page, 3);
  return (await h.model(page)).dashboard;
}

// The mirror's tables: name -> rows of cells (the header row left out).
function mirrorTables(page) {
  return page.evaluate(() => {
    const out = {};
    for (const t of document.querySelectorAll('#a11y-mirror table')) {
      const rows = [...t.querySelectorAll('tr')].filter((tr) => tr.querySelector('td'));
      out[t.getAttribute('aria-label')] = rows.map((tr) => [...tr.children].map((c) => c.textContent));
    }
    return out;
  });
}

async function open(server, hash = '#/dashboard') {
  const page = await h.openConsole(browser, server.origin);
  await page.goto(`${server.origin}/${hash}`);
  await h.signIn(page, server.token);
  return page;
}

const tileOf = (d, key) => d.tiles.find((t) => t.key === key);

for (const mode of ['fallback', 'extension']) {
  test(`[${mode}] every number on the dashboard equals the API's own counts (mirror tables, tiles, shares)`, async (t) => {
    const server = servers[mode];
    if (!server) return t.skip('this server has no facets extension');
    // Two accounts created now: the demo's are older than the 24 months the month chart shows.
    if (mode === 'extension') {
      for (const name of ['Dashboard New 1', 'Dashboard New 2']) await h.createAccount(server, { name, stage: 'prospect', companySize: '1-10' });
    }
    const page = await open(server);
    const d = await settled(page, `m.dashboard.facetsApi === "${mode === 'extension' ? 'present' : 'absent'}"`);
    const total = await count(server);
    assert.equal(total, DEMO + (mode === 'extension' ? 2 : 0));
    t.diagnostic(`${mode}: ${d.requestsSent} dashboard requests for one filter set (${d.needed} answers)`);
    assert.equal(tileOf(d, 'total').count, total);

    // Stage funnel and stage tiles.
    for (const s of STAGES) {
      const truth = await count(server, `stage=${s}`);
      assert.equal(d.charts.stage.rows.find((r) => r.key === s).count, truth, `stage ${s}`);
      assert.equal(tileOf(d, s).count, truth, `tile ${s}`);
    }
    // Industries: each named one by its own count, none by a walk of every account; "Other" is the rest.
    const accounts = await allAccounts(server);
    assert.equal(accounts.length, total);
    const ind = d.charts.industry.rows;
    assert.ok(ind.length > 1 && ind.length <= 13);
    let named = 0;
    for (const r of ind) {
      if (r.key === 'other') continue;
      const truth = r.key === '' ? accounts.filter((a) => !a.industry).length : await count(server, `industry=${enc(r.key)}`);
      assert.equal(r.count, truth, `industry ${r.key}`);
      named += truth;
    }
    const other = ind.find((r) => r.key === 'other');
    assert.equal(other ? other.count : 0, total - named, 'Other is everything else');
    // Owners: each user by their count; unassigned by the walk.
    const unassigned = accounts.filter((a) => !a.assignedTo).length;
    for (const r of d.charts.assigned.rows) {
      if (r.key === '' || r.key === 'other') continue;
      assert.equal(r.count, await count(server, `assignedTo=${enc(r.key)}`), `owner ${r.key}`);
      assert.ok(r.byStage, 'stacked by stage');
      for (let i = 0; i < 5; ++i) {
        assert.equal(r.byStage[i], await count(server, `assignedTo=${enc(r.key)}&stage=${STAGES[i]}`), `owner ${r.key} ${STAGES[i]}`);
      }
    }
    assert.equal(tileOf(d, 'unassigned').count, unassigned);
    if (mode === 'extension') {
      // Company size and month: recounted from every account.
      const bySize = {};
      for (const a of accounts) bySize[a.companySize || ''] = (bySize[a.companySize || ''] || 0) + 1;
      for (const r of d.charts.size.rows) if (r.key !== 'other') assert.equal(r.count, bySize[r.key] || 0, `size ${r.key}`);
      const byMonth = {};
      for (const a of accounts) byMonth[a.createdAt.slice(0, 7)] = (byMonth[a.createdAt.slice(0, 7)] || 0) + 1;
      assert.equal(d.charts.month.rows.length, 24);
      for (const r of d.charts.month.rows) assert.equal(r.count, byMonth[r.key] || 0, `month ${r.key}`);
      const thisMonth = new Date().toISOString().slice(0, 7);
      assert.equal(d.charts.month.rows[23].key, thisMonth, 'the last bar is this month');
      assert.ok(d.charts.month.rows[23].count >= 2, 'the accounts created now are counted');
      assert.equal(tileOf(d, 'contacts').count, accounts.reduce((s, a) => s + (a.contactCount || 0), 0));
      assert.equal(tileOf(d, 'opportunities').count, accounts.reduce((s, a) => s + (a.openOpportunityCount || 0), 0));
    } else {
      assert.equal(d.charts.size.unavailable, 'needs the facets extension');
      assert.equal(d.charts.month.unavailable, 'needs the facets extension');
      assert.equal(d.charts.size.rows.length, 0, 'no made-up data');
    }
    // What a screen reader gets: the same numbers, each chart a table (label, count, share), shares summing to 100.
    const tables = await mirrorTables(page);
    const titles = { stage: 'Stage funnel', industry: 'Accounts by industry', assigned: 'Accounts by assigned user' };
    for (const [id, title] of Object.entries(titles)) {
      const rows = tables[title];
      assert.ok(rows, `mirror table ${title}: ${Object.keys(tables)}`);
      assert.deepEqual(rows.map((r) => [r[0], num(r[1])]), d.charts[id].rows.map((r) => [r.label, r.count]), title);
      assert.equal(rows.reduce((s, r) => s + parseInt(r[2], 10), 0), 100, `${title}: shares sum to 100 %`);
    }
    const kpi = tables['Key figures'];
    assert.equal(num(kpi.find((r) => r[0] === 'Accounts')[1]), total);
    if (mode === 'fallback') assert.ok(tables['Accounts by company size (needs the facets extension)']);
    // The recently updated accounts: the API's own first 10 by -updatedAt.
    const recent = await h.api(server, 'GET', '/api/accounts/?limit=10&ordering=-updatedAt');
    assert.deepEqual(d.recent.map((a) => a.id), recent.json.results.map((a) => a.id));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`[${mode}] a stage bar click cross-filters every chart and the URL; back restores; Ctrl+click opens the filtered list`, async (t) => {
    const server = servers[mode];
    if (!server) return t.skip('this server has no facets extension');
    const page = await open(server);
    await settled(page);
    await h.hoverClick(page, await h.findItem(page, 'dash:stage:customer'));
    let d = await settled(page, 'm.list.query.stage === "customer"');
    assert.equal(hashOf(page), '#/dashboard?stage=customer');
    const customers = await count(server, 'stage=customer');
    assert.equal(tileOf(d, 'total').count, customers);
    // The funnel keeps every stage (its own filter ignored), customer highlighted.
    for (const s of STAGES) {
      const r = d.charts.stage.rows.find((x) => x.key === s);
      assert.equal(r.count, await count(server, `stage=${s}`));
      assert.equal(r.selected, s === 'customer');
    }
    // Every other chart: customers only.
    for (const r of d.charts.industry.rows) {
      if (r.key !== 'other' && r.key !== '') assert.equal(r.count, await count(server, `stage=customer&industry=${enc(r.key)}`), `industry ${r.key}`);
    }
    assert.equal(d.charts.industry.total, customers);
    for (const r of d.charts.assigned.rows) {
      if (r.key !== '' && r.key !== 'other') assert.equal(r.count, await count(server, `stage=customer&assignedTo=${enc(r.key)}`));
    }
    // A second click clears it.
    await h.hoverClick(page, await h.findItem(page, 'dash:stage:customer'));
    d = await settled(page, 'm.list.query.stage === ""');
    assert.equal(hashOf(page), '#/dashboard');
    assert.equal(tileOf(d, 'total').count, await count(server));
    // Back: customer again; back again: nothing.
    await page.goBack();
    d = await settled(page, 'm.list.query.stage === "customer"');
    assert.equal(tileOf(d, 'total').count, customers);
    await page.goBack();
    d = await settled(page, 'm.list.query.stage === ""');
    assert.equal(tileOf(d, 'total').count, await count(server));

    // Ctrl+click on an industry bar: the list with that industry, and the same count.
    const industry = d.charts.industry.rows.find((r) => r.key !== 'other' && r.key !== '');
    const bar = await h.findItem(page, `dash:industry:${industry.key}`);
    await page.mouse.move(bar.x + 20, bar.y + bar.h / 2);
    await h.waitFrames(page, 2);
    await page.keyboard.down('Control');
    await page.mouse.click(bar.x + 20, bar.y + bar.h / 2);
    await page.keyboard.up('Control');
    await h.waitForModel(page, 'm.screen === "list" && m.list.status === "loaded" && m.list.query.industry === arg', industry.key);
    const m = await h.model(page);
    assert.equal(m.list.count, await count(server, `industry=${enc(industry.key)}`));
    assert.equal(m.list.count, industry.count);
    assert.match(hashOf(page), /^#\/accounts\?industry=/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('an edit of an account\'s stage in the console moves one count; keys d and l switch screens', async () => {
  const server = servers.extension || servers.fallback;
  const page = await open(server);
  let d = await settled(page);
  const target = d.recent[0];
  const before = (await h.api(server, 'GET', `/api/accounts/${target.id}/`)).json;
  const to = before.stage === 'churned' ? 'partner' : 'churned';
  const counts = Object.fromEntries(d.charts.stage.rows.map((r) => [r.key, r.count]));
  // Open it from "Recently updated", edit its stage, save.
  await h.hoverClick(page, await h.findItem(page, target.name));
  await h.waitForModel(page, 'm.screen === "list" && m.selectedId === arg && m.records.detail.status === "loaded"', target.id);
  await h.waitFrames(page);
  await h.clickItem(page, 'Edit');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit"');
  await h.waitFrames(page);
  await h.clickItem(page, 'Account stage');
  await h.waitFrames(page);
  const option = (await h.items(page)).filter((it) => it.label === to[0].toUpperCase() + to.slice(1) && it.w > 0).pop();
  await h.hoverClick(page, option);
  await h.waitForModel(page, 'm.records.form.draft.stage === arg', to);
  await h.waitFrames(page);
  await h.clickItem(page, 'Save');
  await h.waitForModel(page, '!m.records.form.open');
  assert.equal((await h.api(server, 'GET', `/api/accounts/${target.id}/`)).json.stage, to);
  // Back to the dashboard by key: one account moved from its stage to the new one.
  await page.locator('#canvas').focus();
  await h.waitFrames(page);
  await page.keyboard.press('d');
  d = await settled(page, `m.dashboard.charts.stage.rows.find((r) => r.key === "${to}").count === ${counts[to] + 1}`);
  assert.equal(hashOf(page), '#/dashboard');
  for (const s of STAGES) {
    const expected = counts[s] + (s === to ? 1 : 0) - (s === before.stage ? 1 : 0);
    assert.equal(d.charts.stage.rows.find((r) => r.key === s).count, expected, `stage ${s}`);
    assert.equal(expected, await count(server, `stage=${s}`));
  }
  await page.keyboard.press('l');
  await h.waitForModel(page, 'm.screen === "list" && m.list.status === "loaded"');
  assert.match(hashOf(page), /^#\/accounts/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('keyboard: Tab reaches the tiles and bars; Space on a bar sets its filter', async () => {
  const server = servers.extension || servers.fallback;
  const page = await open(server);
  await settled(page);
  const bar = await h.findItem(page, 'dash:stage:active');
  const tile = await h.findItem(page, 'dash:tile:total');
  await page.locator('#canvas').focus();
  await h.waitFrames(page);
  let sawTile = false;
  for (let i = 0; i < 120; ++i) {
    await page.keyboard.press('Tab');
    await h.waitFrames(page, 2);
    const nav = await page.evaluate(() => window.consoleTest.navId());
    if (nav === tile.id) sawTile = true;
    if (nav === bar.id) break;
  }
  assert.ok(sawTile, 'Tab passed the total tile');
  assert.equal(await page.evaluate(() => window.consoleTest.navId()), bar.id, 'Tab reached the Active bar');
  await page.keyboard.press('Space');
  await settled(page, 'm.list.query.stage === "active"');
  assert.equal(hashOf(page), '#/dashboard?stage=active');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
