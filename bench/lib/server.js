// server.js: starts the reference server (accounts-server) for the benchmark on loopback, on a
// free port, and stops it. Reads nothing but the server's own output.
'use strict';
const { spawn } = require('node:child_process');

// Resolves to {origin, stop()} once the server prints its address (extraArgs: e.g. ['--import', file]).
function startServer({ bin, site, db, demo, token, extraArgs = [] }) {
  const args = ['--host', '127.0.0.1', '--port', '0', '--token', token, '--db', db, '--site', site, ...extraArgs];
  if (demo) args.push('--demo', String(demo));
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + output)), 120000);
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
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${output}`)); });
  });
}

module.exports = { startServer };
