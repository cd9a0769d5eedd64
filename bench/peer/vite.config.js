// vite.config.js: production build of the benchmark peer (minified, relative asset paths so the
// reference server can serve dist/ at its root). Build-time only; no dev-server settings.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', minify: true, sourcemap: false, reportCompressedSize: false },
});
