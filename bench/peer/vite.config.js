// vite.config.js: production build of the benchmark peer (minified, relative asset paths), with
// brotli (quality 11) and gzip (level 9) variants written next to each text file, as a deployment
// to a static host that serves precompressed files has them. Build-time only; no dev-server settings.
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vite';

const COMPRESSIBLE = /\.(html|js|css|json|svg|txt)$/;

function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) { precompress(file); continue; }
    if (!COMPRESSIBLE.test(entry.name)) continue;
    const body = readFileSync(file);
    writeFileSync(file + '.br', brotliCompressSync(body, { params: {
      [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(file + '.gz', gzipSync(body, { level: 9 }));
  }
}

export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, minify: true, sourcemap: false, reportCompressedSize: false },
  plugins: [{ name: 'precompress', apply: 'build', closeBundle() { precompress('dist'); } }],
});
