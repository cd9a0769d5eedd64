// stats.js: median/min/max over the cold loads, and the ours/peer table. Pure; no I/O.
'use strict';

// {median, min, max, n} of the numbers among samples; null when there are none.
function summarise(samples) {
  const xs = samples.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

const median = (xs) => { const s = summarise(xs); return s ? s.median : null; };

function fmt(x, digits) {
  if (x === null || x === undefined) return '-';
  if (Math.abs(x) >= 1000 && digits <= 1) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}

// Rows of [label, unit, digits, oursSummary, peerSummary, target] -> a Markdown table.
function table(rows) {
  const out = ['| Metric | Accounts Console (median, min-max) | react-admin (median, min-max) | ours/peer | Target |',
    '|---|---|---|---|---|'];
  const cell = (s, unit, d) => (s ? `${fmt(s.median, d)} ${unit} (${fmt(s.min, d)}-${fmt(s.max, d)})` : 'n/a');
  for (const [label, unit, d, ours, peer, target] of rows) {
    const ratio = ours && peer && peer.median ? (ours.median / peer.median).toFixed(2) : '-';
    out.push(`| ${label} | ${cell(ours, unit, d)} | ${cell(peer, unit, d)} | ${ratio} | ${target || ''} |`);
  }
  return out.join('\n');
}

module.exports = { summarise, median, table, fmt };
