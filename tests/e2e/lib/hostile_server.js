// hostile_server.js: a proxy in front of the real reference server that answers chosen requests with
// broken, wrong, huge, slow or reset responses (hostile.test.js). Test-only: never used by the product.
'use strict';
const http = require('node:http');

const TEN_MB = 10 * 1024 * 1024;

// Starts the proxy on 127.0.0.1 (a free port); everything without a matching rule goes to `upstream`
// (the reference server, which also serves the site). Resolves to
// {origin, rule(r), clear(), requests, stop()}; a rule is {method?, path: RegExp, action, ...options}:
//   status+body     answer with that status, body and contentType (default application/json)
//   truncated       the upstream answer cut in half (still a 200 with a matching Content-Length)
//   transform       the upstream JSON passed through fn(json, req) -> new JSON
//   upstreamPath    the upstream answer to a GET of another path (e.g. account B's detail for A's
//                   URL; a PATCH answered this way writes nothing upstream)
//   huge            a valid JSON object padded to 10 MB
//   html502         a proxy's HTML "502 Bad Gateway" page
//   delayMs         waits that long, then answers normally (or with the other options)
//   hang            never answers (the client's timeout must fire)
//   reset           the TCP connection is reset without an answer
async function startHostileServer({ upstream }) {
  const rules = [];
  const requests = [];            // {method, path} of every /api/ request seen
  const hanging = new Set();
  const up = new URL(upstream);

  function forward(req, body, path, cb, method = req.method) {
    const headers = { ...req.headers, host: up.host };
    delete headers['accept-encoding'];   // bodies are read and rewritten as text
    if (method !== req.method) {
      body = undefined;
      delete headers['content-length'];
      delete headers['content-type'];
      delete headers['if-match'];
    }
    const r = http.request({ host: up.hostname, port: up.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => cb(null, res, Buffer.concat(chunks)));
    });
    r.on('error', (e) => cb(e));
    r.end(body);
  }

  function send(res, status, headers, body) {
    const h = { ...headers };
    delete h['content-length'];
    delete h['transfer-encoding'];
    delete h['connection'];
    delete h['keep-alive'];
    h['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, h);
    res.end(body);
  }

  function answer(rule, req, res, body) {
    if (rule.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    if (rule.hang) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (rule.html502) {
      return send(res, 502, { 'content-type': 'text/html' },
        '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
        '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
    }
    if (rule.huge) {
      const head = '{"count":1,"id":"huge","results":[],"padding":"';
      const pad = 'A'.repeat(TEN_MB - head.length - 2);
      return send(res, 200, { 'content-type': 'application/json' }, head + pad + '"}');
    }
    if (rule.status !== undefined) {
      return send(res, rule.status, { 'content-type': rule.contentType || 'application/json' }, rule.body ?? '');
    }
    const path = rule.upstreamPath || req.url;
    forward(req, body, path, (err, upRes, upBody) => {
      if (err) return send(res, 502, { 'content-type': 'text/plain' }, 'upstream failed: ' + err.message);
      let out = upBody.toString('utf8');
      if (rule.truncated) out = out.slice(0, Math.max(1, Math.floor(out.length / 2)));
      if (rule.transform) out = JSON.stringify(rule.transform(JSON.parse(out), req));
      send(res, upRes.statusCode, upRes.headers, out);
    }, rule.upstreamPath ? 'GET' : req.method);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url;
      if (path.startsWith('/api/')) requests.push({ method: req.method, path });
      const rule = rules.find((r) => (!r.method || r.method === req.method) && r.path.test(path));
      if (!rule) {
        return forward(req, body, path, (err, upRes, upBody) => {
          if (err) return send(res, 502, { 'content-type': 'text/plain' }, 'upstream failed: ' + err.message);
          const h = { ...upRes.headers };
          res.writeHead(upRes.statusCode, h);
          res.end(upBody);
        });
      }
      if (rule.delayMs) setTimeout(() => answer(rule, req, res, body), rule.delayMs);
      else answer(rule, req, res, body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    rule: (r) => { rules.unshift(r); },
    clear: () => { rules.length = 0; },
    stop: () => new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

module.exports = { startHostileServer, TEN_MB };
