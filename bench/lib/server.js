// server.js: starts the reference server (accounts-server) for the benchmark on loopback, on a
// free port, and stops it; and the static host that serves the react-admin peer (static_host.js)
// in front of it. Reads nothing but the processes' own output.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

// Resolves to {origin, stop()} once the server prints its address (extraArgs: e.g. ['--import', file]).
// Without `site`, it serves the API only.
function startServer({ bin, site, db, demo, token, extraArgs = [] }) {
  const args = ['--host', '127.0.0.1', '--port', '0', '--token', token, '--db', db, ...extraArgs];
  if (site) args.push('--site', site);
  if (demo) args.push('--demo', String(demo));
  return listening(spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'server');
}

// The peer's static host: `dir` (a Vite build with .br/.gz variants) at its root, /api/ forwarded to `api`.
function startStaticHost({ dir, api }) {
  const script = path.join(__dirname, 'static_host.js');
  return listening(spawn(process.execPath, [script, '--dir', dir, '--api', api, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] }), 'static host');
}

// Resolves to {origin, stop()} once the process prints "listening on http://host:port/".
function listening(proc, what) {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 120000);
    const onData = (d) => {
      output += d.toString();
      const m = output.match(/listening on (http:\/\/[^/\s]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ origin: m[1], stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited with ${code}: ${output}`)); });
  });
}

module.exports = { startServer, startStaticHost };
