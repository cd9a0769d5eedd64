// intl_edit.test.js: editing text in every script through the native field laid over the active
// ImGui text field (platform/text_overlay.hpp): IME composition (CDP), Arabic, Hebrew with Latin,
// emoji and ZWJ sequences reach the model and the PATCH body as exact UTF-8; the overlay sits on the
// active field's rectangle, follows Tab and scrolling, hides when the field is left; a fixed-size
// buffer cuts at a code point; typing fast after "/" and "n" lands every character.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

let server, browser;
h.serverAndBrowser({ demo: 40 }, (s) => ({ server, browser } = s));

const api = (method, p, body) => h.api(server, method, p, body);

const signedIn = (viewport = { width: 1280, height: 800 }) => h.openSignedIn(browser, server.origin, server.token, { viewport });

// Every API write: method, url, the body as sent (bytes) and as text.
function recordWrites(page) {
  const writes = [];
  page.on('request', (req) => {
    if (['POST', 'PATCH'].includes(req.method()) && req.url().includes('/api/')) {
      writes.push({ method: req.method(), url: req.url(), bytes: req.postDataBuffer(), body: req.postData() });
    }
  });
  return writes;
}

// The overlay as the page shows it: which element, its value, selection, rectangle, look.
const overlay = (page) => page.evaluate(() => {
  const a = document.activeElement;
  const pick = (id) => document.getElementById(id);
  const el = [pick('crm-text-input'), pick('crm-text-area')].find((e) => e && getComputedStyle(e).display !== 'none') || null;
  if (!el) return { shown: false, focused: a && (a.id === 'crm-text-input' || a.id === 'crm-text-area') };
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  return {
    shown: true, tag: el.tagName.toLowerCase(), focused: a === el, value: el.value,
    selStart: el.selectionStart, selEnd: el.selectionEnd,
    x: r.left, y: r.top, w: r.width, h: r.height, clipPath: cs.clipPath,
    spellcheck: el.spellcheck, label: el.getAttribute('aria-label'), direction: cs.direction,
    fontSize: parseFloat(cs.fontSize), background: cs.backgroundColor, color: cs.color,
  };
});

async function waitOverlay(page, predicateSource, arg, timeout = 10000) {
  await page.waitForFunction(([src, a]) => {
    const el = ['crm-text-input', 'crm-text-area'].map((id) => document.getElementById(id))
      .find((e) => e && getComputedStyle(e).display !== 'none');
    return new Function('el', 'arg', 'return ' + src)(el || null, a);
  }, [predicateSource, arg], { timeout });
}

// The overlay covers the item's rectangle (1-2 px for rounding).
function assertCovers(o, it, what) {
  assert.ok(o.shown, `${what}: overlay shown`);
  const d = Math.max(Math.abs(o.x - it.x), Math.abs(o.y - it.y), Math.abs(o.w - it.w), Math.abs(o.h - it.h));
  assert.ok(d <= 2, `${what}: overlay ${JSON.stringify([o.x, o.y, o.w, o.h])} on item ${JSON.stringify([it.x, it.y, it.w, it.h])}`);
}

async function openEdit(page, account) {
  await h.clickItem(page, account.name);
  await h.waitForModel(page, 'm.records.detail.status === "loaded" && m.records.detail.account.id === arg', account.id);
  await h.waitFrames(page);
  await h.clickItem(page, 'Edit');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit" && m.records.form.accountId === arg', account.id);
  await h.waitFrames(page, 3);
}

// Scrolls the form with the wheel until the item labelled `label` is wholly inside its body.
async function scrollFormTo(page, label, up = false) {
  for (let i = 0; i < 20; i++) {
    const its = await h.items(page);
    const body = its.filter((it) => /^(Edit|New) account/.test(it.label) && it.h > 100).pop();
    const it = its.filter((x) => x.label === label && x.w > 0 && x.h > 0).pop();   // the dialog's, not the list's behind it
    if (!body) return h.findItem(page, label);
    if (it && body && it.y >= body.y && it.y + it.h <= body.y + body.h) return it;
    await page.mouse.move(body.x + body.w - 40, body.y + body.h / 2);
    await page.mouse.wheel(0, (it ? it.y < body.y : up) ? -120 : 120);
    await h.waitFrames(page, 2);
  }
  throw new Error('the form never showed ' + label);
}

// Clicks a text field (by its item label) and waits until the overlay has the DOM focus over it.
async function clickField(page, label, { up = false } = {}) {
  const it = await scrollFormTo(page, label, up);
  await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  await waitOverlay(page, 'el && document.activeElement === el');
  await h.waitFrames(page, 2);
  return it;
}

test('IME Japanese name, Arabic description and emoji tags are saved as exact UTF-8 and shown again', async () => {
  const page = await signedIn();
  const writes = recordWrites(page);
  const target = (await h.model(page)).list.rows[2];
  await openEdit(page, target);

  // The dialog focuses the name: the overlay holds its text, all selected (keyboard activation).
  await waitOverlay(page, 'el && document.activeElement === el && el.value === arg', target.name);
  let o = await overlay(page);
  assertCovers(o, await h.findItem(page, 'Name *'), 'name');
  assert.equal(o.tag, 'input');
  assert.equal(o.label, 'Name *');
  assert.equal(o.spellcheck, true, 'spell-check on for a name');
  assert.deepEqual([o.selStart, o.selEnd], [0, target.name.length], 'keyboard activation selects all');
  assert.ok(o.fontSize > 10 && o.fontSize <= 16, `font size matches ImGui's 16 px face (${o.fontSize})`);
  assert.notEqual(o.background, 'rgba(0, 0, 0, 0)', 'opaque over a field with text');

  await page.keyboard.press('Backspace');   // the browser deletes the selection
  await h.waitForModel(page, 'm.records.form.draft.name === ""');

  // IME: composition steps show in the field (in place), nothing reaches the model until the commit.
  await page.evaluate(() => {
    window.__composition = [];
    const el = document.getElementById('crm-text-input');
    for (const t of ['compositionstart', 'compositionupdate', 'compositionend']) {
      el.addEventListener(t, (e) => window.__composition.push([t, e.data]));
    }
  });
  const cdp = await page.context().newCDPSession(page);
  for (const step of ['と', 'とう', 'とうき', 'とうきょ', 'とうきょう', '東京']) {
    await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
    await waitOverlay(page, 'el.value === arg', step);
  }
  await h.waitFrames(page, 3);
  assert.equal((await h.model(page)).records.form.draft.name, '', 'nothing committed while composing');
  o = await overlay(page);
  assert.equal(o.value, '東京', 'the composition is shown in the field');
  assert.notEqual(o.background, 'rgba(0, 0, 0, 0)', 'opaque while composing');
  await cdp.send('Input.insertText', { text: '東京データ株式会社' });
  await h.waitForModel(page, 'm.records.form.draft.name === arg', '東京データ株式会社');
  const comp = await page.evaluate(() => window.__composition);
  assert.equal(comp[0][0], 'compositionstart');
  assert.ok(comp.some(([t, d]) => t === 'compositionupdate' && d === 'とうきょう'), JSON.stringify(comp));
  assert.deepEqual(comp[comp.length - 1], ['compositionend', '東京データ株式会社']);
  assert.equal((await overlay(page)).value, '東京データ株式会社');

  // Arabic, two lines, in the multiline description: a <textarea> over it.
  const description = 'شركة البيانات المتقدمة\nوصف ثانٍ للشركة';
  const descItem = await clickField(page, 'Description');
  o = await overlay(page);
  assert.equal(o.tag, 'textarea');
  assert.equal(o.label, 'Description');
  assertCovers(o, descItem, 'description');
  assert.equal(o.spellcheck, true);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(description);
  await h.waitForModel(page, 'm.records.form.draft.description === arg', description);
  assert.equal((await overlay(page)).direction, 'rtl', 'an Arabic value reads right to left (dir=auto)');

  // Tags: Enter adds one and the field starts again, empty, still edited in the overlay.
  const tagsBefore = (await h.model(page)).records.form.draft.tags || [];
  await clickField(page, 'Add tag');
  await page.keyboard.insertText('🚀');
  await h.waitFrames(page, 2);
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'JSON.stringify(m.records.form.draft.tags) === arg', JSON.stringify([...tagsBefore, '🚀']));
  await waitOverlay(page, 'el && document.activeElement === el && el.value === ""');
  await page.keyboard.insertText('👩‍💻');
  await h.waitFrames(page, 2);
  await page.keyboard.press('Enter');
  const tags = [...tagsBefore, '🚀', '👩‍💻'];
  await h.waitForModel(page, 'JSON.stringify(m.records.form.draft.tags) === arg', JSON.stringify(tags));

  await page.keyboard.press('Control+Enter');   // saves from a single-line field
  await h.waitForModel(page, '!m.records.form.open');
  const patch = writes.filter((w) => w.method === 'PATCH');
  assert.equal(patch.length, 1);
  const body = JSON.parse(patch[0].body);
  assert.deepEqual(body, { name: '東京データ株式会社', description, tags });
  for (const s of ['東京データ株式会社', 'شركة البيانات المتقدمة', '🚀', '👩‍💻']) {
    assert.ok(patch[0].bytes.includes(Buffer.from(s, 'utf8')), `the body carries ${s} as UTF-8 bytes`);
  }
  const truth = (await api('GET', `/api/accounts/${target.id}/`)).json;
  assert.equal(truth.name, '東京データ株式会社');
  assert.equal(truth.description, description);
  assert.deepEqual(truth.tags, tags);

  // Reopen: the model and the overlay (when focused) show the same strings.
  await h.waitFrames(page, 3);
  await h.clickItem(page, 'Edit');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "edit"');
  await waitOverlay(page, 'el && document.activeElement === el && el.value === arg', '東京データ株式会社');
  const draft = (await h.model(page)).records.form.draft;
  assert.equal(draft.description, description);
  assert.deepEqual(draft.tags, tags);
  await clickField(page, 'Description');
  assert.equal((await overlay(page)).value, description);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a Hebrew name with a Latin part keeps its logical order in the saved body', async () => {
  const page = await signedIn();
  const writes = recordWrites(page);
  const target = (await h.model(page)).list.rows[4];
  await openEdit(page, target);
  await waitOverlay(page, 'el && document.activeElement === el && el.value === arg', target.name);
  await page.keyboard.insertText('חברת הגליל Tech Ltd');   // replaces the selected name
  await h.waitForModel(page, 'm.records.form.draft.name === arg', 'חברת הגליל Tech Ltd');
  assert.equal((await overlay(page)).direction, 'rtl');
  await page.keyboard.press('End');   // the logical end, whatever the visual order
  await page.keyboard.type(' 2');
  const name = 'חברת הגליל Tech Ltd 2';
  await h.waitForModel(page, 'm.records.form.draft.name === arg', name);
  await h.clickItem(page, 'Save');
  await h.waitForModel(page, '!m.records.form.open');
  const patch = writes.filter((w) => w.method === 'PATCH');
  assert.equal(patch.length, 1);
  assert.deepEqual(JSON.parse(patch[0].body), { name });
  assert.ok(patch[0].bytes.includes(Buffer.from(name, 'utf8')), 'logical order, UTF-8');
  assert.equal((await api('GET', `/api/accounts/${target.id}/`)).json.name, name);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Tab moves the overlay from field to field; Esc closes the dialog; Enter submits the search', async () => {
  const page = await signedIn();
  await page.locator('#canvas').focus();
  await h.waitFrames(page);
  await page.keyboard.press('n');
  await h.waitForModel(page, 'm.records.form.open && m.records.form.mode === "create"');
  await waitOverlay(page, 'el && document.activeElement === el');
  await h.waitFrames(page, 2);
  assertCovers(await overlay(page), await h.findItem(page, 'Name *'), 'name');
  await page.keyboard.type('Łódź Sp. z o.o.');
  await page.keyboard.press('Tab');
  await h.waitFrames(page, 2);
  let o = await overlay(page);
  assertCovers(o, await h.findItem(page, 'Website URL'), 'Tab: website');
  assert.equal(o.focused, true);
  assert.equal(o.label, 'Website URL');
  assert.equal(o.spellcheck, false, 'no spell-check in a URL');
  await page.keyboard.type('lodz.example');
  await h.waitForModel(page, 'm.records.form.draft.name === arg[0] && m.records.form.draft.website === arg[1]',
    ['Łódź Sp. z o.o.', 'lodz.example']);
  await page.keyboard.press('Shift+Tab');
  await h.waitFrames(page, 2);
  o = await overlay(page);
  assertCovers(o, await h.findItem(page, 'Name *'), 'Shift+Tab: name');
  assert.equal(o.value, 'Łódź Sp. z o.o.');
  assert.deepEqual([o.selStart, o.selEnd], [0, o.value.length], 'tabbing in selects all, as ImGui does');

  // The window shrinks: the dialog moves and narrows, the overlay with it.
  await page.setViewportSize({ width: 900, height: 700 });
  await page.waitForFunction(() => window.consoleTest.platform().cssWidth === 900);
  await h.waitFrames(page, 3);
  o = await overlay(page);
  assertCovers(o, await h.findItem(page, 'Name *'), 'after a resize');
  assert.equal(o.focused, true);

  // A click on an inactive field places the caret where ImGui put it (its stb cursor, in code
  // points, as a DOM offset): past the end after the last letter, at 0 on the left edge.
  const nameItem = await h.findItem(page, 'Name *');
  const nameText = 'Łódź Sp. z o.o.';
  await page.keyboard.press('Tab');   // to the website: the name is inactive, drawn by ImGui
  await waitOverlay(page, 'el.getAttribute("aria-label") === "Website URL"');
  await page.mouse.click(nameItem.x + nameItem.w - 6, nameItem.y + nameItem.h / 2);
  await waitOverlay(page, 'el.getAttribute("aria-label") === "Name *" && document.activeElement === el');
  o = await overlay(page);
  assert.deepEqual([o.selStart, o.selEnd], [nameText.length, nameText.length], 'caret after the last letter');
  await page.keyboard.press('Tab');
  await waitOverlay(page, 'el.getAttribute("aria-label") === "Website URL"');
  await page.mouse.click(nameItem.x + 3, nameItem.y + nameItem.h / 2);
  await waitOverlay(page, 'el.getAttribute("aria-label") === "Name *" && document.activeElement === el');
  o = await overlay(page);
  assert.deepEqual([o.selStart, o.selEnd], [0, 0], 'caret before the first letter');

  // A suggestion picked from the combo beside the industry field: the field shows it when edited again.
  await clickField(page, 'Industry');
  await page.keyboard.type('Soft');
  await h.waitForModel(page, 'm.records.form.draft.industry === "Soft"');
  const industry = (await h.items(page)).filter((it) => it.label === 'Industry').pop();
  const arrow = (await h.items(page)).find((it) => it.label === 'Suggestions' && Math.abs(it.y - industry.y) < 2);
  await page.mouse.click(arrow.x + arrow.w / 2, arrow.y + arrow.h / 2);   // leaves the field, opens the list
  await h.clickItem(page, 'Software');
  await h.waitForModel(page, 'm.records.form.draft.industry === "Software"');
  assert.equal((await overlay(page)).shown, false, 'no field active while the list was open');
  await clickField(page, 'Industry');
  assert.equal((await overlay(page)).value, 'Software');

  // A filtered field: the country takes upper case; the overlay shows what the field keeps.
  await clickField(page, 'Country (ISO code)');
  await page.keyboard.type('de');
  await h.waitForModel(page, 'm.records.form.draft.billingAddress && m.records.form.draft.billingAddress.country === "DE"');
  await waitOverlay(page, 'el.value === "DE"');

  // Esc: the dialog asks first (the draft is dirty), a second Esc... the form's own flow; the overlay goes.
  await page.keyboard.press('Escape');
  await h.waitForModel(page, '!m.records.form.open || m.records.form.confirmDiscard');
  if ((await h.model(page)).records.form.open) {
    await h.clickItem(page, 'Discard');
    await h.waitForModel(page, '!m.records.form.open');
  }
  await h.waitFrames(page, 2);
  o = await overlay(page);
  assert.equal(o.shown, false, 'no overlay once the dialog is closed');

  // The search box: "/" focuses it, Enter submits and leaves it.
  const word = (await h.model(page)).list.rows[1].name.split(' ')[0];
  await page.locator('#canvas').focus();
  await page.keyboard.press('/');
  await h.waitFrames(page, 2);
  o = await overlay(page);
  assert.equal(o.value, '');
  assert.equal(o.background, 'rgba(0, 0, 0, 0)', 'empty: see-through, so ImGui\'s hint shows');
  await page.keyboard.type(word);
  o = await overlay(page);
  assert.notEqual(o.background, 'rgba(0, 0, 0, 0)', 'opaque once it has text');
  assert.equal(o.label, 'Search');
  assert.equal(o.spellcheck, false, 'no spell-check in the search box');
  assertCovers(o, await h.findItem(page, 'Search'), 'search');
  await page.keyboard.press('Enter');
  await h.waitForModel(page, 'm.list.query.search === arg && m.list.status === "loaded"', word);
  await h.waitFrames(page, 2);
  o = await overlay(page);
  assert.equal(o.shown, false, 'Enter left the search box');
  assert.ok(await page.evaluate(() => document.activeElement.id === 'canvas' ||
    document.getElementById('a11y-mirror').contains(document.activeElement)), 'focus back in the app');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the overlay follows its field when the dialog scrolls, is clipped out of view, and goes on a click elsewhere', async () => {
  const page = await signedIn({ width: 1100, height: 560 });   // the form scrolls in a short window
  const target = (await h.model(page)).list.rows[1];
  await openEdit(page, target);
  const street = await clickField(page, 'Street');
  let o = await overlay(page);
  assertCovers(o, street, 'street');
  assert.equal(o.clipPath, 'none', 'wholly visible: not clipped');

  // Scroll the form with the wheel over the overlay itself: the form scrolls, the overlay follows.
  await page.mouse.move(o.x + o.w / 2, o.y + o.h / 2);
  await page.mouse.wheel(0, 120);
  await page.waitForFunction((y) => {
    const r = document.getElementById('crm-text-input').getBoundingClientRect();
    return r.top < y - 20;
  }, o.y);
  await h.waitFrames(page, 2);
  const moved = await h.findItem(page, 'Street');
  assert.ok(moved.y < street.y - 20, `the field moved up (${street.y} -> ${moved.y})`);
  o = await overlay(page);
  assertCovers(o, moved, 'after scrolling');
  assert.equal(o.focused, true, 'still focused');

  // Scrolled out of the form's view: still the active field, but nothing of it is visible.
  await clickField(page, 'Name *', { up: true });
  const body = (await h.items(page)).filter((it) => /^Edit account/.test(it.label) && it.h > 100).pop();
  await page.mouse.move(body.x + body.w - 40, body.y + body.h - 20);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 120);
    await h.waitFrames(page, 2);
    const r = (await h.items(page)).find((it) => it.label === 'Name *');
    if (r.y + r.h < body.y) break;
  }
  await page.waitForFunction(() => getComputedStyle(document.getElementById('crm-text-input')).clipPath !== 'none');
  await h.waitFrames(page, 2);
  const hidden = await page.evaluate(() => {
    const el = document.getElementById('crm-text-input');
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { clip: getComputedStyle(el).clipPath, hit: hit && hit.id, focused: document.activeElement === el };
  });
  assert.notEqual(hidden.hit, 'crm-text-input', `clipped away (${hidden.clip})`);
  assert.equal(hidden.focused, true, 'keeps the focus while scrolled away');

  // A click elsewhere in the canvas leaves the field: the overlay goes, the canvas has the focus.
  const anyLabel = await h.findItem(page, 'Cancel');
  await page.mouse.click(anyLabel.x + anyLabel.w + 200, anyLabel.y + anyLabel.h / 2);
  await page.waitForFunction(() => !window.consoleTest.platform().wantTextInput);
  await h.waitFrames(page, 2);
  o = await overlay(page);
  assert.equal(o.shown, false);
  assert.equal(o.focused, false);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a fixed-size field keeps what fits, cut at a code point, and the overlay shows the same', async () => {
  const page = await signedIn();
  await page.evaluate(() => window.consoleTest.openProbe());
  await h.waitFrames(page);
  await clickField(page, 'Probe text');   // char text[512]: 511 bytes of UTF-8
  await page.keyboard.insertText('😀'.repeat(130));   // 520 bytes
  await page.waitForFunction(() => window.consoleTest.probe().text.length > 0);
  await waitOverlay(page, 'el.value === arg', '😀'.repeat(127));
  const text = (await page.evaluate(() => window.consoleTest.probe())).text;
  assert.equal(text, '😀'.repeat(127), '127 four-byte emoji fit in 511 bytes');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('while a field is edited in the overlay and nobody types, no frames are drawn', async () => {
  const page = await signedIn();
  await page.evaluate(() => window.consoleTest.openProbe());
  await h.waitFrames(page);
  await clickField(page, 'Probe text');
  await page.keyboard.type('idle now');
  await page.waitForFunction(() => window.consoleTest.probe().text === 'idle now');
  await page.mouse.move(5, 790);   // off every item: no hover timers
  // Wait until drawing has stopped (two reads 600 ms apart agree), then watch for two seconds.
  let last = await h.frameCount(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(600);
    const now = await h.frameCount(page);
    if (now === last) break;
    last = now;
  }
  const start = await h.frameCount(page);
  await page.waitForTimeout(2000);
  assert.equal(await h.frameCount(page) - start, 0, 'no caret-blink frames under the overlay');
  assert.equal((await overlay(page)).focused, true, 'still editing');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('focus moving to something else on the page leaves the field; a tap (DPR 3) focuses the overlay', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 3, bypassCSP: true, hasTouch: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.origin + '/');
  await h.signIn(page, server.token);
  await h.waitForModel(page, 'm.list.status === "loaded"');
  await h.waitFrames(page);
  await page.evaluate(() => window.consoleTest.openProbe());
  await h.waitFrames(page);
  const field = await h.findItem(page, 'Probe text');
  await page.touchscreen.tap(field.x + 20, field.y + field.h / 2);   // focused inside the tap: a virtual keyboard opens
  await waitOverlay(page, 'el && document.activeElement === el');
  await page.keyboard.type('tapped');
  await page.waitForFunction(() => window.consoleTest.probe().text === 'tapped');

  await page.evaluate(() => {
    const i = document.createElement('input'); i.id = 'outside'; i.style.cssText = 'position:fixed;left:0;top:0;z-index:20';
    document.body.appendChild(i); i.focus();
  });
  await page.waitForFunction(() => !window.consoleTest.platform().wantTextInput);
  await h.waitFrames(page, 2);
  const o = await overlay(page);
  assert.equal(o.shown, false, 'the field was left');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'outside', 'the page input keeps the focus');
  await page.keyboard.type('page text');
  assert.equal(await page.inputValue('#outside'), 'page text');
  assert.equal((await page.evaluate(() => window.consoleTest.probe())).text, 'tapped', 'the probe kept its text');
  assert.deepEqual(page.errors, []);
  await context.close();
});
