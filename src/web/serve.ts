import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../platform/http/app.ts';
import { MAX_PATH_SEGMENT, sendUriTooLong } from '../platform/http/errors.ts';

/**
 * The web UI (web/, built by scripts/build.js into dist/ui/) at `/`. Vite names every asset by
 * its content hash, so /assets/* are cached for a year as immutable; index.html is never cached,
 * so a new build is picked up on the next load. Every other GET that a browser makes for a page
 * (it accepts HTML) gets index.html, and the app's router shows the page: that is how a link to
 * /incidents/INC-42 from a page or an email (platform/http/page-urls.ts) opens the incident.
 */

/** Paths the server answers itself: never the app, even for a browser asking for HTML. */
const SERVER_PATHS = /^\/(api|v2|integrations|heartbeat|actions|metrics|docs|healthz|readyz)(\/|$|\?)/;

/**
 * Where the built UI is: dist/ui/ next to the compiled server (dist/web/serve.js), or, when the
 * server runs from source (tsx, the tests), the last build's dist/ui/.
 */
export function uiDir(): string {
  const candidates = [
    fileURLToPath(new URL('../ui/', import.meta.url)),
    fileURLToPath(new URL('../../dist/ui/', import.meta.url)),
  ];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

function wantsPage(req: FastifyRequest): boolean {
  if (SERVER_PATHS.test(req.url)) return false;
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html');
}

export function webRoutes(app: TypedApp): void {
  const dir = uiDir();
  const indexFile = join(dir, 'index.html');
  const sendIndex = async (reply: FastifyReply) => {
    // Read on every request (a small file): after a rebuild the page names the new assets
    // without a restart, and a UI built while the server runs is served at once.
    const index = await readFile(indexFile).catch(() => undefined);
    if (index === undefined) {
      return reply
        .status(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('The web UI is not built: run `npm run build` (npm ci and npm start do it).\n');
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };

  void app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    decorateReply: false,
    // Hashed names: a changed file is a new name, so a cached one is never stale.
    immutable: true,
    maxAge: '365d',
    // scripts/build.js writes each asset's .br and .gz: sent (with Vary: Accept-Encoding) to
    // browsers that accept them, which is every browser; the first load is the heavy one.
    preCompressed: true,
    schemaHide: true,
  });

  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, (req, reply) =>
    wantsPage(req)
      ? sendIndex(reply)
      : // An API path with an over-long parameter lands here rather than in the router's error.
        req.url
            .split('?')[0]!
            .split('/')
            .some((s) => s.length > MAX_PATH_SEGMENT)
        ? sendUriTooLong(reply)
        : reply.callNotFound(),
  );
}
