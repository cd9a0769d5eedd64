// hidpi.test.js: HiDPI screens and browser zoom. window.consoleTest.items() reports rectangles in
// the page's CSS pixels at every devicePixelRatio and UI scale, so a real click at a reported
// rectangle hits its item at DPR 1, 2 and 3, on a phone (DPR 3, touch), and after the DPR changes
// while the console runs (browser zoom 50-200 %, a window moved to another screen), where the
// fonts are rebuilt at the new ratio (text stays crisp).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const VIEW = { width: 1400, height: 900 };
let server, browser;
let reference;   // rectangles at DPR 1 (CSS pixels), what every other DPR must report

test.before(async () => {
  server = await h.startServer({ demo: 240 });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const platform = (page) => page.evaluate(() => window.consoleTest.platform());

async function openAt(contextOptions, { initScript, hash = '' } = {}) {
  const context = await browser.newContext({ viewport: VIEW, bypassCSP: true, ...contextOptions });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.origin + '/' + hash);
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && Object.values(m.list.stageCounts).every((c) => c !== null)');
  await h.waitFrames(page);
  return { context, page };
}

// The items a test clicks, by what they are: a row, its checkbox (a small target), a stage chip,
// a column header and a button.
async function targets(page) {
  await h.waitFrames(page);
  const m = await h.model(page);
  const row = m.list.rows[2];
  const all = await h.items(page);
  const find = (pred, what) => {
    const it = all.find((x) => x.w > 0 && x.h > 0 && pred(x));
    assert.ok(it, `no item for ${what}`);
    return it;
  };
  return {
    row, rowItem: find((x) => x.label === row.name, 'the third row'),
    box: find((x) => x.label === 'select:' + m.list.rows[4].id, 'the fifth row\'s checkbox'), boxId: m.list.rows[4].id,
    chip: find((x) => x.label.startsWith('Customer '), 'the Customer chip'),
    header: find((x) => x.label === 'col:Name', 'the Name header'),
    next: find((x) => x.label === 'Next', 'the Next button'),
  };
}

const rectOf = (it) => ({ x: it.x, y: it.y, w: it.w, h: it.h });
function assertSameRect(actual, expected, what) {
  for (const k of ['x', 'y', 'w', 'h']) {
    assert.ok(Math.abs(actual[k] - expected[k]) <= 0.5, `${what}: ${JSON.stringify(rectOf(actual))} vs ${JSON.stringify(rectOf(expected))} at DPR 1`);
  }
}

// Hovers first (table headers take a click only after a hovered frame), then clicks the middle
// (at most 40 px in, where a row's name is).
const clickAt = h.hoverClick;

// The most frequent colour of the backbuffer inside a CSS rectangle (read in device pixels): what
// is drawn there, e.g. a row's background, unselected or selected.
async function dominantColour(page, it) {
  await h.waitFrames(page, 2);
  return page.evaluate(([x, y, w, hh]) => {
    const src = document.getElementById('canvas');
    const ratio = src.width / src.getBoundingClientRect().width;   // device pixels per CSS pixel
    const c = document.createElement('canvas'); c.width = src.width; c.height = src.height;
    const ctx = c.getContext('2d'); ctx.drawImage(src, 0, 0);
    const d = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), Math.max(1, Math.round(w * ratio)),
      Math.max(1, Math.round(hh * ratio))).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  }, [it.x, it.y, it.w, it.h]);
}

// Clicks a row at its reported rectangle: the model selects it and the backbuffer at that
// rectangle shows it selected (its background changes).
async function clickRowAndSee(page, row, { drawn = true } = {}) {
  await page.mouse.move(2, VIEW.height - 2);   // hovering nothing: the row's own background
  if (!drawn) {
    await clickAt(page, await h.findItem(page, row.name));
    await h.waitForModel(page, 'm.selectedId === arg', row.id);
    return;
  }
  const before = await h.findItem(page, row.name);
  const bgBefore = await dominantColour(page, before);
  await clickAt(page, before);
  await h.waitForModel(page, 'm.selectedId === arg', row.id);
  await page.mouse.move(2, VIEW.height - 2);
  const after = await h.findItem(page, row.name);
  const bgAfter = await dominantColour(page, after);
  assert.notEqual(bgAfter, bgBefore, `the selected row is drawn selected at its rectangle (${bgBefore.toString(16)})`);
}

test('DPR 1: the reference rectangles (CSS pixels) of a row, a checkbox, a chip, a header, a button', async () => {
  const { context, page } = await openAt({ deviceScaleFactor: 1 });
  reference = await targets(page);
  assert.ok(reference.rowItem.w > VIEW.width * 0.5, `a row spans the list (${reference.rowItem.w} px)`);
  assert.ok(reference.rowItem.h >= 16, `a row is a line of text high (${reference.rowItem.h} px)`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const dpr of [1, 2, 3]) {
  test(`DPR ${dpr}: items() in CSS pixels; clicks at reported rectangles hit a row, a checkbox, a header, a button, a chip`, async () => {
    const { context, page } = await openAt({ deviceScaleFactor: dpr });
    const p = await platform(page);
    assert.equal(p.dpr, dpr);
    assert.equal(p.canvasWidth, VIEW.width * dpr);
    assert.equal(p.fontDensity, dpr, 'the font atlas is rasterised at the DPR');
    const t = await targets(page);
    // The same CSS rectangles as at DPR 1: the layout is in CSS pixels; only the backbuffer grows.
    assertSameRect(t.rowItem, reference.rowItem, 'the third row');
    assertSameRect(t.box, reference.box, 'a row checkbox');
    assertSameRect(t.chip, reference.chip, 'the Customer chip');
    assertSameRect(t.header, reference.header, 'the Name header');
    assertSameRect(t.next, reference.next, 'the Next button');

    await clickRowAndSee(page, t.row);
    // A small target: the checkbox (about a line high) of another row.
    await clickAt(page, (await targets(page)).box);
    await h.waitForModel(page, 'm.selection.ids.includes(arg)', t.boxId);
    // items() are the last frame's: the frame after the click draws the box checked (on its own).
    await page.waitForFunction((id) => window.consoleTest.items().some((it) => it.label === 'select:' + id && it.checked === true),
      t.boxId, { timeout: 15000 });
    await clickAt(page, await h.findItem(page, 'col:Name'));
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "name"');
    await clickAt(page, await h.findItem(page, 'Next'));
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.page === 2');
    const chip = (await h.items(page)).find((it) => it.label.startsWith('Customer ') && it.w > 0);
    await clickAt(page, chip);
    await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.stage === "customer" && m.list.query.page === 1');
    assert.ok((await h.model(page)).list.rows.every((r) => r.stage === 'customer'));
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('UI scale 150 % at DPR 2: rectangles grow by the UI scale only, and clicks still hit', async () => {
  const { context, page } = await openAt({ deviceScaleFactor: 2 },
    { initScript: () => localStorage.setItem('accountsConsole.display.scale', '150') });
  const t = await targets(page);
  const scale = t.next.h / reference.next.h;
  assert.ok(scale > 1.35 && scale < 1.65, `the Next button is ${reference.next.h} px at 100 %, ${t.next.h} px at 150 %`);
  await clickRowAndSee(page, t.row);
  await clickAt(page, await h.findItem(page, 'col:Name'));
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.query.ordering === "name"');
  assert.deepEqual(page.errors, []);
  await context.close();
});

// Browser zoom z on a 1400x900 window of a DPR 1 screen: devicePixelRatio z, a viewport of
// 1400/z x 900/z CSS pixels. Then the window moves to a DPR 2 screen and back (same CSS size).
const STEPS = [
  { what: 'zoom 200 %', dpr: 2, width: 700, height: 450 },
  { what: 'zoom 50 %', dpr: 0.5, width: 2800, height: 1800 },
  { what: 'zoom 150 %', dpr: 1.5, width: 933, height: 600 },
  { what: 'zoom 75 %', dpr: 0.75, width: 1867, height: 1200 },
  { what: 'zoom 125 %', dpr: 1.25, width: 1120, height: 720 },
  { what: 'zoom 100 %', dpr: 1, width: 1400, height: 900 },
  { what: 'moved to a DPR 2 screen', dpr: 2, width: 1400, height: 900 },
  { what: 'moved back to a DPR 1 screen', dpr: 1, width: 1400, height: 900 },
];

test('the DPR changes while running (zoom 50-200 %, another screen): fonts follow, a click after each hits its row', async () => {
  const { context, page } = await openAt({ deviceScaleFactor: 1 });
  const cdp = await context.newCDPSession(page);
  const rows = (await h.model(page)).list.rows;
  for (const [i, step] of STEPS.entries()) {
    await cdp.send('Emulation.setDeviceMetricsOverride',
      { width: step.width, height: step.height, deviceScaleFactor: step.dpr, mobile: false });
    // A real zoom or screen change fires resize or a resolution media-query change, which wake
    // the loop; CDP's emulation may fire neither, so a mouse move does.
    await page.mouse.move(2, 300 + i);
    await page.waitForFunction(([dpr, w]) => {
      const p = window.consoleTest.platform();
      return p.dpr === dpr && p.fontDensity === dpr && p.cssWidth === w && window.consoleTest.textStats().dpr === dpr;
    }, [step.dpr, step.width], { timeout: 10000 });
    const p = await platform(page);
    assert.equal(p.canvasWidth, Math.round(step.width * step.dpr), `${step.what}: backbuffer in device pixels`);
    assert.ok(p.fonts.every((f) => f.density === step.dpr), `${step.what}: every font rasterised at ${step.dpr}`);
    const stats = await h.canvasStats(page);
    console.log(`# ${step.what}: canvas ${stats.width}x${stats.height}, ${stats.colours} colours, ${stats.nonBackgroundSamples} non-background samples`);
    assert.ok(stats.nonBackgroundSamples > 1000, `${step.what}: the canvas is drawn`);
    await clickRowAndSee(page, rows[3 + i], { drawn: false });
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a phone (390x844, DPR 3, touch): taps at reported rectangles open a row and go back; a drag scrolls the list', async () => {
  const { context, page } = await openAt(h.PHONE, { hash: '#/accounts?limit=100' });   // taller than the screen
  const p = await platform(page);
  assert.equal(p.dpr, 3);
  assert.equal(p.cssWidth, 390);
  assert.equal(p.widthClass, 'narrow');
  const rows = (await h.model(page)).list.rows;
  const row = await h.findItem(page, rows[2].name);
  // The table is wider than the phone (it scrolls sideways): the row starts inside the screen.
  assert.ok(row.x >= 0 && row.x < 40 && row.h >= 16, `the row starts inside the phone's width: ${JSON.stringify(row)}`);
  await page.touchscreen.tap(row.x + 40, row.y + row.h / 2);
  await h.waitForModel(page, 'm.selectedId === arg && m.records.detail.status === "loaded"', rows[2].id);
  await h.waitFrames(page);
  await h.tapItem(page, '< Back');
  await h.waitForModel(page, 'm.selectedId === ""');
  await h.waitFrames(page);

  // A drag over the rows scrolls them (a row further down moves up by about the drag; the dragged
  // one may leave the table's view) and opens nothing.
  const before = await h.findItem(page, rows[5].name);
  const watched = await h.findItem(page, rows[15].name);
  const offScreen = new Set(rows.map((r) => r.name));   // rows not wholly on the screen before the drag
  for (const it of await h.items(page)) if (it.w > 0 && it.y >= 0 && it.y + it.h <= 844) offScreen.delete(it.label);
  const cdp = await context.newCDPSession(page);
  const x = before.x + 40, y0 = before.y + before.h / 2, y1 = y0 - 200;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let i = 1; i <= 10; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + (y1 - y0) * i / 10 }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction(([name, y]) => {
    window.consoleTest.wake(2);
    const it = window.consoleTest.items().find((i) => i.label === name && i.w > 0);
    return it && it.y < y - 100;
  }, [rows[15].name, watched.y]);
  assert.equal((await h.model(page)).selectedId, '', 'a drag opens nothing');
  // A tap on a row the drag brought onto the screen opens it.
  await h.waitFrames(page);
  const shown = await h.items(page);
  const target = rows.find((r) => offScreen.has(r.name) &&
    shown.some((it) => it.label === r.name && it.w > 0 && it.y >= 0 && it.y + it.h <= 844));
  assert.ok(target, 'a row that was below the screen is on it after the drag');
  await h.tapItem(page, target.name);
  await h.waitForModel(page, 'm.selectedId === arg', target.id);
  assert.deepEqual(page.errors, []);
  await context.close();
});
