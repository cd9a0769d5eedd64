// console_ui.js: the Accounts Console test-bridge helpers the benchmarks share (bench/local_mode.js,
// lib/scenarios.js): its items and model, asking an idle console for frames, finding a widget by
// label and pointing or clicking at it with real mouse events. Reads the page; measures nothing.
'use strict';

const items = (page) => page.evaluate(() => window.consoleTest.items());
const model = (page) => page.evaluate(() => window.consoleTest.model());

// An idle console draws nothing: ask for the frames first (consoleTest.wake, where it exists).
async function waitFrames(page, n = 3) {
  const s = await page.evaluate(() => window.consoleTest.frameCount());
  await page.evaluate((k) => { if (window.consoleTest.wake) window.consoleTest.wake(k); }, n);
  await page.waitForFunction(([a, k]) => window.consoleTest.frameCount() >= a + k, [s, n]);
}

// The point a click on a consoleTest item goes to: its middle, at most 40 px from its left edge.
const pointOf = (it) => ({ x: it.x + Math.min(it.w / 2, 40), y: it.y + it.h / 2 });

// Clicks the middle of a consoleTest item (real mouse events).
async function clickAt(page, it) {
  const p = pointOf(it);
  await page.mouse.click(p.x, p.y);
}

// Moves the pointer over the item and lets the console draw the hover; returns the point, so the
// caller can start a clock right before clicking it.
async function hover(page, it) {
  const p = pointOf(it);
  await page.mouse.move(p.x, p.y);
  await waitFrames(page, 2);
  return p;
}

// The visible, enabled item labelled `label`, waiting up to `timeoutMs` for it to be drawn.
async function find(page, label, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const it = (await items(page)).find((x) => x.label === label && x.w > 0 && !x.disabled);
    if (it) return it;
    if (Date.now() > deadline) throw new Error(`no item ${label}`);
    await page.waitForTimeout(50);
  }
}

module.exports = { items, model, waitFrames, pointOf, clickAt, hover, find };
