// frame_cost.test.js: what a frame costs the browser. Every frame sent to the canvas is rasterised
// and (software compositing, as in headless Chromium) read back on the main thread, which holds
// back the answer to a click; so a click must not queue a second animation frame in one refresh,
// and a frame identical to the one on the canvas must not be sent again. Counts only, no timing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

// Runs in the page before its scripts: how many of the app's animation-frame requests are waiting
// at most (the app's come from its JS glue, app.js; Playwright's own polling ones are left out).
function rafCounter() {
  const c = { waiting: 0, max: 0 };
  window.__rafCount = c;
  const orig = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => {
    if (!/app\.js/.test(new Error().stack || '')) return orig(cb);
    c.waiting++;
    c.max = Math.max(c.max, c.waiting);
    return orig((t) => { c.waiting--; cb(t); });
  };
}

const perf = (page) => page.evaluate(() => ({
  frames: window.consolePerf.frames(),
  submitted: window.consolePerf.framesSubmitted ? window.consolePerf.framesSubmitted() : null,
  rafMax: window.__rafCount.max,
}));

// Waits until the console has drawn nothing for `quietMs` (it draws only on change).
async function waitIdle(page, quietMs = 1500, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let last = await h.frameCount(page), since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error('the console kept drawing');
    await page.waitForTimeout(100);
    const n = await h.frameCount(page);
    if (n !== last) { last = n; since = Date.now(); }
  }
}

test('a chip click queues one animation frame at a time; unchanged frames are not sent to the canvas', async () => {
  const server = await h.startServer({ demo: 60 });
  const browser = await h.launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await context.addInitScript(rafCounter);
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(server.origin + '/');
    await h.signIn(page, server.token);
    await h.waitForModel(page, "m.list.status === 'loaded'");
    await waitIdle(page);

    // Frames that change nothing: drawn (ImGui runs), not sent to GL.
    const before = await perf(page);
    assert.notEqual(before.submitted, null, 'consolePerf.framesSubmitted exists');
    await page.evaluate(() => window.consoleTest.wake(5));
    await page.waitForFunction((n) => window.consolePerf.frames() >= n + 5, before.frames);
    await waitIdle(page);
    const woken = await perf(page);
    assert.ok(woken.frames - before.frames >= 5, `5 frames drawn (${woken.frames - before.frames})`);
    assert.equal(woken.submitted, before.submitted, 'no unchanged frame was sent to the canvas');

    // A click on a stage chip: press and release are drawn at once, the rest at the refresh, with
    // never more than one animation frame requested; what changed reaches the canvas.
    const chip = (await h.items(page))
      .filter((it) => it.label.startsWith('Customer') && it.w > 0 && !it.disabled)
      .sort((p, q) => p.y - q.y)[0];
    assert.ok(chip, 'the Customer chip');
    await page.evaluate(() => { window.__rafCount.max = window.__rafCount.waiting; });
    await page.mouse.click(chip.x + Math.min(chip.w / 2, 40), chip.y + chip.h / 2);
    await h.waitForModel(page, "m.list.query.stage === 'customer' && m.list.status === 'loaded'");
    await waitIdle(page);
    const after = await perf(page);
    assert.equal(after.rafMax, 1, 'one animation frame requested at a time');
    assert.ok(after.submitted > woken.submitted, 'the filtered rows were sent to the canvas');
    assert.ok(after.submitted - woken.submitted < after.frames - woken.frames,
      `fewer frames sent (${after.submitted - woken.submitted}) than drawn (${after.frames - woken.frames})`);
    const rows = await h.model(page);
    assert.ok(rows.list.rows.length > 0 && rows.list.rows.every((a) => a.stage === 'customer'), 'the rows are customers');
    const stats = await h.canvasStats(page);
    assert.ok(stats.nonBackgroundSamples > 100, 'the canvas shows the console');
    assert.deepEqual(page.errors, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
