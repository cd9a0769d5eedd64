// waterfall.js: the phases of a cold load of Accounts Console, from the performance marks the
// shell and the app set (shell/shell.js, platform/*, app/a11y_mirror.cpp) and the resource timing
// of the site's files and first API calls. Measures only.
'use strict';
const { summarise, fmt } = require('./stats');

// Marks in the order of a load; label for the table.
const PHASES = [
  ['crm:shell-start', 'shell.js runs'],
  ['crm:config', 'config.json read'],
  ['crm:font', 'ui.ttf read'],
  ['crm:wasm-compiled', 'app.wasm compiled'],
  ['crm:app-ready', 'app ready (runtime up)'],
  ['crm:first-request', 'first API request sent'],
  ['crm:first-answer', 'first API answer'],
  ['crm:first-frame', 'first frame'],
  ['crm:rows-in-mirror', 'rows in the mirror (DOM)'],
  ['crm:first-rows', 'first frame with rows'],
];
// Resources: [start, end] of each; hashed release names (app.0123456789ab.wasm) read as plain ones.
const RESOURCES = ['shell.js', 'style.css', 'config.json', 'ui.ttf', 'app.js', 'app.wasm', 'api/accounts/ (first)', 'api/users/'];

// Reads one load's waterfall (call once the first rows are drawn): {mark: ms, 'res:<file>': [start, end], requests: {file: n}}.
async function readWaterfall(page) {
  return page.evaluate((phases) => {
    const out = { requests: {} };
    for (const [name] of phases) {
      const e = performance.getEntriesByName(name)[0];
      if (e) out[name] = e.startTime;
    }
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav) out['res:index.html'] = [nav.requestStart, nav.responseEnd];
    for (const e of performance.getEntriesByType('resource')) {
      const u = new URL(e.name);
      let key = u.pathname.replace(/^\//, '').replace(/\.[0-9a-f]{12}\./, '.');
      if (key === 'api/accounts/') key = 'api/accounts/ (first)';
      out.requests[key] = (out.requests[key] || 0) + 1;
      if (!(('res:' + key) in out)) out['res:' + key] = [e.startTime, e.responseEnd];
    }
    return out;
  }, PHASES);
}

// Median (min-max) of each phase over the loads, as a Markdown table.
function waterfallTable(loads) {
  const rows = ['| Phase (ms since navigation) | median | min-max |', '|---|---|---|'];
  const line = (label, xs) => {
    const s = summarise(xs);
    rows.push(`| ${label} | ${s ? fmt(s.median, 0) : '-'} | ${s ? `${fmt(s.min, 0)}-${fmt(s.max, 0)}` : '-'} |`);
  };
  for (const f of ['index.html', ...RESOURCES]) {
    const k = 'res:' + f;
    if (!loads.some((l) => l[k])) continue;
    line(`${f} requested`, loads.map((l) => (l[k] ? l[k][0] : null)));
    line(`${f} received`, loads.map((l) => (l[k] ? l[k][1] : null)));
  }
  for (const [name, label] of PHASES) line(`${label} (${name})`, loads.map((l) => l[name]));
  // A file fetched more than once (a preload not taken) shows here.
  const twice = new Set();
  for (const l of loads) {
    for (const [f, n] of Object.entries(l.requests || {})) if (n > 1 && !f.startsWith('api/')) twice.add(`${f} x${n}`);
  }
  if (twice.size) rows.push(`\nFetched more than once: ${[...twice].join(', ')}`);
  return rows.join('\n');
}

module.exports = { PHASES, readWaterfall, waterfallTable };
