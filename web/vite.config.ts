import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web UI. `npm run build` (scripts/build.js) builds it into dist/ui/, which the server
 * serves at / (src/web/). `npm run dev` serves it from source with the API proxied to a running
 * Tocsin at TOCSIN_URL (default http://127.0.0.1:7420).
 */
const target = process.env.TOCSIN_URL ?? 'http://127.0.0.1:7420';
const SERVER_PATHS = ['/api', '/v2', '/integrations', '/heartbeat', '/actions', '/metrics', '/docs'];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    // One chunk: about 560 KB, 170 KB gzipped, under the 300 KB gzip budget for initial
    // JS; Vite's 500 KB (uncompressed) warning would only repeat that on every build.
    chunkSizeWarningLimit: 800,
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(SERVER_PATHS.map((p) => [p, { target, changeOrigin: false }])),
  },
});
