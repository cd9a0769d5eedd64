// intl_text.test.js: names in every script are drawn as the browser draws them. The console draws a
// string its font atlas cannot draw right through the browser's canvas text engine
// (platform/browser_text.hpp); these tests check what is drawn: no code point drawn as the atlas's
// fallback glyph ("?"), and each name cell's pixels matching the browser's own rendering of the
// same string in the same font and size. Both checks are first shown to fail with the browser text
// switched off (the atlas alone, as the console drew before).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./lib/harness');
const HARD = require('../fixtures/hard_names.json').names.map((n) => n.name);

// Every name's row is labelled with the whole name (never ImGui label syntax) and fits its column.
const LABELLED = HARD;
// Scripts the UI font lacks entirely: with the atlas alone these cells are all "?".
const NOT_IN_ATLAS = ['株式会社東京データ', '北京云端科技有限公司', '한빛 소프트웨어', 'חברת הגליל',
  'شركة النخيل للتجارة', 'บริษัท สยามดิจิทัล', 'क्षितिज टेक्नोलॉजी'];
// Names the UI font's atlas draws itself (stb_truetype, not the browser's rasteriser).
const ATLAS_DRAWN = ['ß', '<b>Bold</b> & <script>x</script>', 'Percent %s %d %n Ltd', 'Triple###Reset ID Corp',
  'Label##Hidden GmbH'];
// Ink masks of a name cell and of the browser's own rendering: intersection over union. Measured
// (Chromium 156, SwiftShader, DPR 1, Debian's Noto fonts): 0.86-0.99 for the browser-drawn names
// (Arabic and Thai lowest), 0.53-0.72 for Latin names drawn by the atlas (same font, another
// rasteriser, no kerning: the atlas's ink is up to 4 % wider), 0.08-0.20 for the scripts the atlas
// lacks when it draws them alone ("?"). Atlas-drawn names must also be drawn whole: their ink is as
// wide as the browser's within 7 % ("Label" for "Label##Hidden GmbH" would be a third of it).
const MIN_SIMILARITY = 0.8;
const MIN_SIMILARITY_ATLAS = 0.45;
const ATLAS_WIDTH_TOLERANCE = 0.07;

let server, browser;
h.serverAndBrowser({ demo: 0 }, (s) => ({ server, browser } = s), { setup: async () => {
  for (const name of HARD) await h.createAccount(server, { name, industry: 'Software', stage: 'prospect' });
} });

async function openList() {
  const page = await h.openConsole(browser, server.origin, { viewport: { width: 1400, height: 1000 } });
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded" && m.list.rows.length === arg', HARD.length);
  await h.waitFrames(page, 3);
  return page;
}

const textStats = (page) => page.evaluate(() => window.consoleTest.textStats());

async function setBrowserText(page, on) {
  await page.evaluate((v) => window.consoleTest.setBrowserText(v), on);
  await h.waitFrames(page, 3);
}

// The name text's box in `name`'s row: from its selection checkbox to the next column's header,
// inside the row's borders.
async function nameCell(page, name) {
  const row = (await h.model(page)).list.rows.find((r) => r.name === name);
  assert.ok(row, `a row for ${JSON.stringify(name)}`);
  const all = await h.items(page);
  const box = all.find((it) => it.label === `select:${row.id}` && it.w > 0);
  assert.ok(box, `the selection box of ${JSON.stringify(name)}`);
  const next = all.find((it) => it.label === 'col:Website');
  assert.ok(next, 'the Website column header');
  const x = box.x + box.w + 2;
  return { x, y: box.y, w: next.x - x - 6, h: box.h };
}

// Compares the canvas's pixels in `cell` (CSS pixels) with the browser's own rendering of `text`
// in `font`, in the cell's text colour on its background: ink masks (pixels far from the
// background) aligned at their bounding boxes, best intersection over union within +-2 px.
function compareInPage({ cell, text, font }) {
  const src = document.getElementById('canvas');
  const r = src.getBoundingClientRect();
  const k = src.width / r.width;
  const W = Math.round(cell.w * k), H = Math.round(cell.h * k);
  const grab = document.createElement('canvas');
  grab.width = W; grab.height = H;
  const g = grab.getContext('2d');
  g.drawImage(src, Math.round((cell.x - r.left) * k), Math.round((cell.y - r.top) * k), W, H, 0, 0, W, H);
  const a = g.getImageData(0, 0, W, H).data;
  const counts = new Map();
  for (let i = 0; i < a.length; i += 4) {
    const c = (a[i] << 16) | (a[i + 1] << 8) | a[i + 2];
    counts.set(c, (counts.get(c) || 0) + 1);
  }
  const bg = [...counts.entries()].sort((p, q) => q[1] - p[1])[0][0];
  // Ink: pixels at least 45 % of the way from the background to the text colour (the most distant
  // colour in the cell), so thin grey borders and antialiasing fringes do not count.
  const dist = (d, i) => Math.abs(d[i] - (bg >> 16)) + Math.abs(d[i + 1] - ((bg >> 8) & 255)) + Math.abs(d[i + 2] - (bg & 255));
  let contrast = 0, fg = '#000';
  for (let i = 0; i < a.length; i += 4) {
    if (dist(a, i) > contrast) { contrast = dist(a, i); fg = `rgb(${a[i]},${a[i + 1]},${a[i + 2]})`; }
  }
  const ink = (d) => {
    const m = new Uint8Array(W * H);
    for (let i = 0, p = 0; i < d.length; i += 4, p++) m[p] = dist(d, i) > contrast * 0.45 ? 1 : 0;
    return m;
  };
  const inkA = ink(a);
  const ref = document.createElement('canvas');
  ref.width = W; ref.height = H;
  const c = ref.getContext('2d');
  c.font = font;
  const rtl = /^[^A-Za-z\u00C0-\u024F\u0370-\u04FF\u0900-\u0E7F\u3040-\u9FFF\uAC00-\uD7AF]*[\u0590-\u08FF]/.test(text);
  c.direction = rtl ? 'rtl' : 'ltr';
  c.textAlign = 'left';
  c.fillStyle = `rgb(${bg >> 16},${(bg >> 8) & 255},${bg & 255})`;
  c.fillRect(0, 0, W, H);
  c.fillStyle = fg;   // the cell's text colour: colour emoji keep theirs in both
  c.fillText(text, 2, Math.round(H * 0.75));
  const inkB = ink(c.getImageData(0, 0, W, H).data);
  const box = (m) => {
    let x0 = W, y0 = H, x1 = -1, y1 = -1;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (m[y * W + x]) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
    return { x0, y0, x1, y1, n: x1 < 0 ? 0 : 1 };
  };
  const ba = box(inkA), bb = box(inkB);
  if (!ba.n || !bb.n) return { similarity: 0, inkA: ba.n, inkB: bb.n };
  let best = 0;
  for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
    const ox = ba.x0 - bb.x0 + dx, oy = ba.y0 - bb.y0 + dy;
    let inter = 0, uni = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const pa = inkA[y * W + x];
      const xb = x - ox, yb = y - oy;
      const pb = xb >= 0 && yb >= 0 && xb < W && yb < H ? inkB[yb * W + xb] : 0;
      if (pa && pb) inter++;
      if (pa || pb) uni++;
    }
    best = Math.max(best, uni ? inter / uni : 0);
  }
  const lum = (c) => 0.2126 * (c >> 16) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255);
  const [fr, fgr, fb] = fg.match(/\d+/g).map(Number);
  return { similarity: best, boxA: [ba.x0, ba.y0, ba.x1, ba.y1], boxB: [bb.x0, bb.y0, bb.x1, bb.y1],
    bgLum: lum(bg), fgLum: lum((fr << 16) | (fgr << 8) | fb) };
}

async function similarity(page, name) {
  const cell = await nameCell(page, name);
  const s = await textStats(page);
  const font = `${s.emPx * (s.fontSize / 16) * s.dpr}px ${s.fontFamily}`;
  return page.evaluate(compareInPage, { cell, text: name, font });
}

test('every hard name in the list is drawn without a fallback glyph; with the atlas alone they are not', async () => {
  const page = await openList();
  const on = await textStats(page);
  assert.equal(on.fallbackGlyphs, 0, `no code point drawn as "?" (${JSON.stringify(on)})`);
  assert.ok(on.strings >= NOT_IN_ATLAS.length, `the browser drew the names the atlas lacks (${on.strings} strings)`);
  assert.ok(on.emPx > 12 && on.emPx < 16, `the browser's em matches the UI font's pixel height (${on.emPx})`);
  await setBrowserText(page, false);
  const off = await textStats(page);
  assert.ok(off.fallbackGlyphs > 50, `the atlas alone draws "?" for them (${off.fallbackGlyphs} code points)`);
  await setBrowserText(page, true);
  assert.equal((await textStats(page)).fallbackGlyphs, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('each name cell matches the browser\'s own rendering of the same string in the same font and size', async () => {
  const page = await openList();
  const results = {};
  for (const name of LABELLED) results[name] = await similarity(page, name);
  const width = (box) => box[2] - box[0] + 1;
  const poor = Object.entries(results).filter(([name, r]) => (ATLAS_DRAWN.includes(name)
    ? !(r.similarity >= MIN_SIMILARITY_ATLAS && Math.abs(width(r.boxA) / width(r.boxB) - 1) <= ATLAS_WIDTH_TOLERANCE)
    : !(r.similarity >= MIN_SIMILARITY)));
  assert.deepEqual(poor, [], 'cells unlike the browser\'s rendering');
  // The same comparison fails where the atlas draws alone: the check can tell "?" from the name.
  await setBrowserText(page, false);
  for (const name of NOT_IN_ATLAS) {
    const r = await similarity(page, name);
    assert.ok(r.similarity < MIN_SIMILARITY_ATLAS, `${name} drawn by the atlas alone is unlike the browser's (${r.similarity})`);
  }
  await setBrowserText(page, true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the detail pane and the edit dialog draw every hard name without a fallback glyph', async () => {
  const page = await openList();
  for (const name of NOT_IN_ATLAS.concat(['👨‍👩‍👧‍👦 Family Foods', 'Z\u0337\u0322a\u0338l\u0335g\u0336o\u0334 Corp'])) {
    await h.clickItem(page, name);
    await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.name === arg', name);
    await h.waitFrames(page, 3);
    const detail = await textStats(page);
    assert.equal(detail.fallbackGlyphs, 0, `detail of ${name}: ${JSON.stringify(detail)}`);
    assert.ok(detail.strings > 0);
    await page.keyboard.press('e');
    await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit"', null);
    await h.waitFrames(page, 3);
    const form = await textStats(page);
    assert.equal(form.fallbackGlyphs, 0, `edit dialog of ${name}: ${JSON.stringify(form)}`);
    await page.keyboard.press('Escape');
    await h.waitForModel(page, '!m.records.form.open', null);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('local mode, the delete dialog and its toast draw hard names without a fallback glyph', async () => {
  const page = await openList();
  const name = 'شركة النخيل للتجارة';
  // The delete confirmation names the account; the toast after it too.
  await h.clickItem(page, name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.name === arg', name);
  await page.keyboard.press('Delete');
  await h.waitForModel(page, 'm.records.delete.confirmOpen', null);
  await h.waitFrames(page, 3);
  assert.equal((await textStats(page)).fallbackGlyphs, 0, 'delete dialog');
  await h.clickItem(page, 'Delete account');
  await h.waitForModel(page, 'm.records.toasts.some((t) => t.text === "Deleted " + arg + ".")', name, 40000);
  await h.waitFrames(page, 3);
  const toast = await textStats(page);
  assert.equal(toast.fallbackGlyphs, 0, `toast: ${JSON.stringify(toast)}`);
  await h.createAccount(server, { name, industry: 'Software', stage: 'prospect' });   // back for the other tests
  // Local mode: its own virtualised table.
  await h.clickItem(page, 'Local mode');
  await h.waitForModel(page, 'm.local.active && m.local.loaded', undefined, 120000);
  await h.waitFrames(page, 3);
  const local = await textStats(page);
  assert.equal(local.fallbackGlyphs, 0, `local mode: ${JSON.stringify(local)}`);
  assert.ok(local.strings >= NOT_IN_ATLAS.length, `local mode names drawn by the browser (${local.strings})`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('frames drawn again reuse the cached rasters; the texture pages stay bounded', async () => {
  const page = await openList();
  const before = await textStats(page);
  await h.waitFrames(page, 10);
  const after = await textStats(page);
  assert.ok(after.strings >= NOT_IN_ATLAS.length, 'the names are still drawn by the browser');
  assert.equal(after.rasters, before.rasters, 'redrawing the same screen rasterises nothing new');
  assert.ok(after.textureBytes > 0 && after.textureBytes <= 8 * 4 * 1024 * 1024, `texture pages bounded (${after.textureBytes})`);
  await page.context().close();
});

test('a theme change draws the cached names again in the new text colour', async () => {
  const page = await openList();
  const name = '株式会社東京データ';
  await page.emulateMedia({ colorScheme: 'light' });
  await h.waitFrames(page, 3);
  const light = await similarity(page, name);
  assert.ok(light.similarity >= MIN_SIMILARITY && light.fgLum < light.bgLum, `dark text on light (${JSON.stringify(light)})`);
  const before = await textStats(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => window.consoleTest.platform().theme === 'dark');
  await h.waitFrames(page, 3);
  const dark = await similarity(page, name);
  assert.ok(dark.similarity >= MIN_SIMILARITY && dark.fgLum > dark.bgLum, `light text on dark (${JSON.stringify(dark)})`);
  const after = await textStats(page);
  assert.ok(after.rasters - before.rasters >= NOT_IN_ATLAS.length, `the names were rasterised again (${before.rasters} -> ${after.rasters})`);
  assert.equal(after.fallbackGlyphs, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('after a lost WebGL context is restored, the names are rasterised into new pages and drawn right', async () => {
  const page = await openList();
  const name = 'חברת הגליל';
  const before = await textStats(page);
  await page.evaluate(() => {
    window.__lose = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.__lose.loseContext();
  });
  await page.waitForFunction(() => window.consoleTest.platform().contextLost);
  await page.evaluate(() => window.__lose.restoreContext());
  await page.waitForFunction(() => !window.consoleTest.platform().contextLost);
  await h.waitFrames(page, 5);
  const after = await textStats(page);
  assert.ok(after.rasters - before.rasters >= NOT_IN_ATLAS.length, `rasterised again into the new context (${before.rasters} -> ${after.rasters})`);
  assert.ok(after.pages >= 1 && after.fallbackGlyphs === 0, JSON.stringify(after));
  const r = await similarity(page, name);
  assert.ok(r.similarity >= MIN_SIMILARITY, `drawn from the new pages, not stale textures (${JSON.stringify(r)})`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Distinct names from the fixture's scripts, recombined: a dump file the server imports at start.
const RECYCLE_ROWS = 1500;
let manyNames, dumpDir;
test.after(async () => {
  if (manyNames) await manyNames.stop();
  if (dumpDir) fs.rmSync(dumpDir, { recursive: true, force: true });
});
async function openScaledLocal(scalePercent) {
  if (!manyNames) {
    const parts = NOT_IN_ATLAS.flatMap((n) => n.split(' '));
    const accounts = Array.from({ length: RECYCLE_ROWS }, (_, i) => ({
      id: `acc_many_${i}`, name: `${parts[i % parts.length]} ${parts[Math.floor(i / parts.length) % parts.length]} ${i}`,
      industry: 'Software', stage: 'prospect', website: '', phone: '', description: '', companySize: '', tags: [],
      annualRevenue: null, assignedTo: null, billingAddress: { street: '', city: '', state: '', postalCode: '', country: '' },
      createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', version: 1 }));
    dumpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-intl-'));
    const file = path.join(dumpDir, 'many.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'accounts-console-dump', version: 1, users: [], accounts,
      contacts: [], opportunities: [], cases: [] }));
    manyNames = await h.startServer({ demo: 0, extraArgs: ['--import', file] });
  }
  // As wide as 1400 px at 100 %: the toolbar keeps every button on screen.
  const page = await h.openSignedIn(browser, manyNames.origin, manyNames.token, {
    viewport: { width: 1400 * scalePercent / 100, height: 1000 },
    initScript: [(v) => localStorage.setItem('accountsConsole.display.scale', v), String(scalePercent)] });
  await h.clickItem(page, 'Local mode');
  await h.waitForModel(page, 'm.local.active && m.local.loaded', undefined, 120000);
  await h.waitFrames(page, 3);
  await page.mouse.move(700, 600);
  return { context: page.context(), page };
}

// Local mode over more distinct names than 8 texture pages hold (at UI scale 200 %, rasters take four
// times the area): scrolling through them recycles the least recently used pages; scrolled back,
// the first names are rasterised again and drawn, never "?" or another name's pixels.
test('scrolling through more names than the texture pages hold recycles pages, bounded, and draws every name', async () => {
  const { context, page } = await openScaledLocal(200);
  const rows = (await h.model(page)).local.count;
  assert.ok(rows >= RECYCLE_ROWS, `local copy holds the names (${rows})`);
  let s = await textStats(page);
  let steps = 0;
  for (; steps < 400 && s.evictions === 0; ++steps) {
    await page.mouse.wheel(0, 600);
    await h.waitFrames(page, 2);
    s = await textStats(page);
    assert.equal(s.fallbackGlyphs, 0, `no "?" while scrolling (${JSON.stringify(s)})`);
  }
  assert.ok(s.evictions > 0, `pages were recycled (${JSON.stringify(s)})`);
  assert.ok(s.pages <= 8 && s.textureBytes <= 8 * 4 * 1024 * 1024, `texture pages bounded (${JSON.stringify(s)})`);
  for (let i = 0; i <= steps / 10; ++i) { await page.mouse.wheel(0, -6000); await h.waitFrames(page, 2); }
  await h.waitFrames(page, 3);
  const back = await textStats(page);
  assert.ok(back.rasters > s.rasters, `the first names were rasterised again (${s.rasters} -> ${back.rasters})`);
  assert.equal(back.fallbackGlyphs, 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});
