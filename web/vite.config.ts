import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The API server `npm run dev` starts. The dev page proxies to it so that page
// and API share one origin, as they do in production.
const API_SERVER = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Absolute asset URLs: the server answers /labs/<id> with index.html (SPA
  // fallback), and relative asset paths would resolve under /labs/.
  base: '/',
  publicDir: false,
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // Never inline assets as data: URIs: the page must run under
    // `default-src 'self'`, which refuses them.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      // Host and Origin pass through unchanged (no changeOrigin): the server's
      // same-origin check on terminal upgrades compares the two, so the dev
      // page passes it and a cross-site page still does not.
      '/api': { target: API_SERVER, ws: true },
      '/healthz': { target: API_SERVER },
    },
  },
});
