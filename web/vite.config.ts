import { fileURLToPath } from 'node:url';
import type { ProxyOptions } from 'vite';
import { defineConfig } from 'vite';

// The API server `npm run dev` starts; the dev page proxies to it so that the
// page and the API share one origin, as they do in production.
const API_SERVER = 'http://127.0.0.1:3000';

/**
 * The server refuses WebSocket upgrades (and may refuse state-changing
 * requests) whose Origin is not its own. Behind the dev proxy the browser's
 * Origin is the Vite server's, so present the API server's origin instead —
 * but only for requests that really come from the dev page (Origin host equals
 * the Host the browser asked for); anything cross-site keeps its Origin and is
 * refused as it would be in production.
 */
const sameOriginProxy: ProxyOptions = {
  target: API_SERVER,
  ws: true,
  configure(proxy) {
    const rewriteOrigin = (
      proxyReq: { getHeader(name: string): unknown; setHeader(name: string, value: string): void },
      req: { headers: Record<string, string | string[] | undefined> },
    ): void => {
      const origin = req.headers.origin;
      if (typeof origin !== 'string') return;
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        return;
      }
      if (originHost === req.headers.host) proxyReq.setHeader('origin', API_SERVER);
    };
    proxy.on('proxyReq', rewriteOrigin);
    proxy.on('proxyReqWs', rewriteOrigin);
  },
};

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
      '/api': sameOriginProxy,
      '/healthz': { target: API_SERVER },
    },
  },
});
