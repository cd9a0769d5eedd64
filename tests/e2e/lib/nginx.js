// nginx.js: runs Debian's nginx as a test's own process (no daemon, no root paths) serving a
// packaged site with the documented config (docs/deploy/nginx.conf). Test helper only.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NGINX = process.env.CRM_NGINX || ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const MIME_TYPES = '/etc/nginx/mime.types';

// A port that was free a moment ago (the kernel picks it).
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// docs/deploy/nginx.conf with the lines its header says to change, changed.
function deployConfig({ port, root, apiOrigin }) {
  let conf = fs.readFileSync(path.join(ROOT, 'docs/deploy/nginx.conf'), 'utf8');
  const replace = (from, to) => {
    if (!conf.includes(from)) throw new Error(`docs/deploy/nginx.conf no longer contains ${JSON.stringify(from)}`);
    conf = conf.split(from).join(to);
  };
  replace('listen 8080;', `listen 127.0.0.1:${port};`);
  replace('root /srv/accounts-console/site;', `root ${root};`);
  replace('https://api.example.com', apiOrigin);
  replace('# brotli_static on;', 'brotli_static on;');
  return conf;
}

// Copies `siteDir` into a temp folder (so config.json can be rewritten), writes the config and
// starts nginx on `port`. Resolves to {origin, siteRoot, writeConfig(obj), stop()}.
async function startNginx({ siteDir, port, apiOrigin, config }) {
  if (!NGINX) throw new Error('nginx is not installed: run scripts/setup.sh');
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
    throw new Error(`no packaged site in ${siteDir}: run scripts/package.sh (see scripts/test.sh)`);
  }
  if (!fs.existsSync(BROTLI_MODULE)) throw new Error('libnginx-mod-http-brotli-static is not installed: run scripts/setup.sh');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-nginx-'));
  fs.chmodSync(dir, 0o755);                       // nginx workers may run as another user
  const siteRoot = path.join(dir, 'site');
  fs.cpSync(siteDir, siteRoot, { recursive: true });
  const writeConfig = (obj) => fs.writeFileSync(path.join(siteRoot, 'config.json'), JSON.stringify(obj, null, 2) + '\n');
  writeConfig(config);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, t));
  const main = [
    `load_module ${BROTLI_MODULE};`,
    'daemon off;',
    'master_process off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  include ${MIME_TYPES};`,
    '  default_type application/octet-stream;',
    `  access_log ${dir}/access.log;`,
    ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${dir}/${t};`),
    deployConfig({ port, root: siteRoot, apiOrigin }),
    '}',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), main);

  const proc = spawn(NGINX, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exited = false;
  proc.on('exit', () => { exited = true; });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) {
      const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
      throw new Error(`nginx exited: ${output}\n${log}`);
    }
    try {
      const r = await fetch(origin + '/config.json');
      if (r.ok) break;
    } catch (e) { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('nginx did not start: ' + output);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin, siteRoot, writeConfig,
    stop: () => new Promise((resolve) => {
      const done = () => { fs.rmSync(dir, { recursive: true, force: true }); resolve(); };
      if (exited) return done();
      proc.once('exit', done);
      proc.kill('SIGTERM');
    }),
  };
}

module.exports = { freePort, startNginx };
