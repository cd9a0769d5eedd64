// static_host.js: serves the react-admin peer's Vite build the way a static host or CDN in front of an
// API serves such an app: the precompressed .br/.gz variant the browser accepts, content-hashed
// assets (dist/assets/) cacheable for a year and index.html revalidated, the security headers with
// the Content-Security-Policy a Material UI app needs (its styles are <style> elements, so style-src
// allows 'unsafe-inline'), and /api/ forwarded to the reference server (a keep-alive connection pool,
// bodies streamed). Runs as its own process, so the benchmark's driver never delays a response.
//   node bench/lib/static_host.js --dir DIR --api http://127.0.0.1:PORT [--port 0]
// prints "listening on http://127.0.0.1:N/" once it accepts connections. Measures nothing.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Whether Accept-Encoding allows `coding` (a listed name with q > 0, or "*").
function accepts(header, coding) {
  let star = false;
  for (const item of String(header || '').split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = !q || Number(q.slice(2)) > 0;
    if (name === coding) return ok;
    if (name === '*') star = ok;
  }
  return star;
}

const isFile = (f) => { try { return fs.statSync(f).isFile(); } catch { return false; } };

function serveFile(root, req, res) {
  let rel;
  try { rel = decodeURIComponent(new URL(req.url, 'http://host').pathname); } catch { rel = ''; }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = path.join(root, rel);
  if (!file.startsWith(root + path.sep) || !isFile(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('Not found.\n');
  }
  const headers = {
    'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
    'Cache-Control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    Vary: 'Accept-Encoding',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
  let served = file;
  const enc = req.headers['accept-encoding'];
  if (accepts(enc, 'br') && isFile(file + '.br')) { served = file + '.br'; headers['Content-Encoding'] = 'br'; }
  else if (accepts(enc, 'gzip') && isFile(file + '.gz')) { served = file + '.gz'; headers['Content-Encoding'] = 'gzip'; }
  const body = fs.readFileSync(served);
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function forward(api, agent, req, res) {
  const target = new URL(api);
  const headers = { ...req.headers, host: target.host };
  const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (ans) => {
    res.writeHead(ans.statusCode, ans.headers);
    ans.pipe(res);
  });
  up.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  req.pipe(up);
}

function main() {
  const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
  const root = path.resolve(arg('--dir', '.'));
  const api = arg('--api', '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/api/')) {
      if (!api) { res.writeHead(404); return res.end(); }
      return forward(api, agent, req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }); return res.end(); }
    return serveFile(root, req, res);
  });
  server.keepAliveTimeout = 5000;
  server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/`);
  });
  process.on('SIGTERM', () => { server.close(); agent.destroy(); process.exit(0); });
}

if (require.main === module) main();
module.exports = { accepts };
