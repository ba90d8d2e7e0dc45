import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/deps.ts';
import type { TypedApp } from '../../platform/http/app.ts';
import { PublicPageCache, type Rendered, type Snapshot, rendered } from './cache.ts';
import { renderAtom, renderRss } from './feeds.ts';
import { HISTORY_PER_PAGE, renderHistoryPage, renderIncidentPage, renderNotFound } from './history-html.ts';
import { LOCAL_TIME_SCRIPT, SCRIPT_PATH } from './html-kit.ts';
import { type PageData, loadHistoryPage, loadIncident } from './page-data.ts';
import { renderStatusPage } from './page-html.ts';

/**
 * The public status page (issue 18), at the root: no login, GET only, nothing internal. Every
 * answer is rendered once per snapshot of the page's data (cache.ts) and sent as bytes with an
 * ETag (a matching If-None-Match gets 304) and a short public max-age, so browsers, proxies and
 * CDNs may keep it for a moment and the node itself does no work per request but the send.
 */

/** Seconds a browser or CDN may reuse an answer: short, an outage page must move on quickly. */
export const MAX_AGE = 2;
const SCRIPT_MAX_AGE = 3600;
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const PUBLIC_ID = /^spi_[0-9A-HJKMNP-TV-Z]{26}$/;
const MAX_PAGE = 10_000;
const SCRIPT = rendered(LOCAL_TIME_SCRIPT, 'text/javascript; charset=utf-8');

const caches = new WeakMap<AppDeps, PublicPageCache>();

/** The node's page cache (one per app): tests call invalidate() on it after writing rows directly. */
export function publicPageCache(deps: AppDeps): PublicPageCache {
  let cache = caches.get(deps);
  if (cache === undefined) {
    cache = new PublicPageCache({ db: deps.db, clock: deps.clock, tocsinPublicUrl: deps.config.publicUrl });
    caches.set(deps, cache);
  }
  return cache;
}

/** The Statuspage API v2 endpoints under /status/api/v2, each a body built from the snapshot. */
const V2: Record<string, (d: PageData) => unknown> = {
  'summary.json': (d) => ({
    page: d.page,
    components: d.components,
    incidents: d.unresolved,
    scheduled_maintenances: [...d.active, ...d.upcoming],
    status: d.status,
  }),
  'status.json': (d) => ({ page: d.page, status: d.status }),
  'components.json': (d) => ({ page: d.page, components: d.components }),
  'incidents.json': (d) => ({ page: d.page, incidents: d.incidents }),
  'incidents/unresolved.json': (d) => ({ page: d.page, incidents: d.unresolved }),
  'scheduled-maintenances.json': (d) => ({ page: d.page, scheduled_maintenances: d.maintenances }),
  'scheduled-maintenances/upcoming.json': (d) => ({ page: d.page, scheduled_maintenances: d.upcoming }),
  'scheduled-maintenances/active.json': (d) => ({ page: d.page, scheduled_maintenances: d.active }),
};

/** Does If-None-Match name this ETag (or `*`)? Weak comparison, as RFC 9110 asks for GET. */
function notModified(request: FastifyRequest, etag: string): boolean {
  const given = request.headers['if-none-match'];
  if (given === undefined) return false;
  return given
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/**
 * The pages' CSP: helmet's for the app, plus the logo's origin for images (a logo is usually on
 * the company's own site), and our one script from 'self'.
 */
function pageCsp(logoUrl: string | null): string {
  let logoOrigin = '';
  if (logoUrl !== null) {
    try {
      logoOrigin = ` ${new URL(logoUrl).origin}`;
    } catch {
      logoOrigin = '';
    }
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${logoOrigin}`,
    "form-action 'self'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
  ].join(';');
}

/** Does Accept-Encoding take gzip (named, or `*`, without q=0)? */
export function acceptsGzip(request: FastifyRequest): boolean {
  const given = request.headers['accept-encoding'];
  if (given === undefined) return false;
  return given.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function send(request: FastifyRequest, reply: FastifyReply, r: Rendered, maxAge = MAX_AGE): FastifyReply {
  const gzip = r.gzip !== undefined && acceptsGzip(request) ? r.gzip : undefined;
  const etag = gzip?.etag ?? r.etag;
  void reply.header('etag', etag).header('cache-control', `public, max-age=${maxAge}`);
  if (r.gzip !== undefined) void reply.header('vary', 'accept-encoding');
  if (r.status === 200 && notModified(request, etag)) return reply.status(304).send();
  if (gzip !== undefined) void reply.header('content-encoding', 'gzip');
  return reply
    .status(r.status)
    .type(r.type)
    .send(gzip?.body ?? r.body);
}

function sendHtml(request: FastifyRequest, reply: FastifyReply, snap: Snapshot, r: Rendered): FastifyReply {
  void reply.header('content-security-policy', pageCsp(snap.data.settings.logo_url));
  return send(request, reply, r);
}

const notFound = (snap: Snapshot) =>
  snap.render('404', () => rendered(renderNotFound(snap.data), HTML_TYPE, 404));

export function publicStatusPageRoutes(app: TypedApp): void {
  const deps = app.deps;
  const cache = publicPageCache(deps);
  const options = { config: { auth: 'public' as const }, schema: { hide: true } };

  app.get('/status', options, (request, reply) => {
    const hit = cache.ready('page');
    if (hit !== undefined) return sendHtml(request, reply, hit.snap, hit.r);
    return cache.current().then(async (snap) => {
      const r = await snap.render('page', () => rendered(renderStatusPage(snap.data), HTML_TYPE));
      return sendHtml(request, reply, snap, r);
    });
  });

  app.get(SCRIPT_PATH, options, (request, reply) => send(request, reply, SCRIPT, SCRIPT_MAX_AGE));

  app.get('/status/history', options, async (request, reply) => {
    const snap = await cache.current();
    const raw = (request.query as Record<string, unknown>).page;
    const page = raw === undefined ? 1 : Number(raw);
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) {
      return sendHtml(request, reply, snap, await notFound(snap));
    }
    const r = await snap.render(`history:${page}`, async () => {
      const { items, hasNext } = await loadHistoryPage(deps.db, snap.data, page, HISTORY_PER_PAGE);
      return rendered(renderHistoryPage(snap.data, page, items, hasNext), HTML_TYPE);
    });
    return sendHtml(request, reply, snap, r);
  });

  app.get('/status/incidents/:id', options, async (request, reply) => {
    const snap = await cache.current();
    const id = (request.params as { id: string }).id;
    const r = !PUBLIC_ID.test(id)
      ? await notFound(snap)
      : await snap.render(`incident:${id}`, async () => {
          const incident = await loadIncident(deps.db, snap.data, id);
          return incident === undefined
            ? rendered(renderNotFound(snap.data), HTML_TYPE, 404)
            : rendered(renderIncidentPage(snap.data, incident), HTML_TYPE);
        });
    return sendHtml(request, reply, snap, r);
  });

  const feed = (path: string, type: string, render: (d: PageData) => string) =>
    app.get(path, options, async (request, reply) => {
      const snap = await cache.current();
      return send(request, reply, await snap.render(path, () => rendered(render(snap.data), type)));
    });
  feed('/status/history.rss', 'application/rss+xml; charset=utf-8', renderRss);
  feed('/status/history.atom', 'application/atom+xml; charset=utf-8', renderAtom);

  for (const [name, body] of Object.entries(V2)) {
    app.get(`/status/api/v2/${name}`, options, (request, reply) => {
      // Widgets on other sites read these (Statuspage answers the same).
      void reply
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin');
      const hit = cache.ready(name);
      if (hit !== undefined) return send(request, reply, hit.r);
      return cache.current().then(async (snap) => {
        const r = await snap.render(name, () => rendered(JSON.stringify(body(snap.data)), JSON_TYPE));
        return send(request, reply, r);
      });
    });
  }

  // Anything else under /status is a page that does not exist (not the web app's).
  app.get('/status/*', options, async (request, reply) => {
    const snap = await cache.current();
    return sendHtml(request, reply, snap, await notFound(snap));
  });
}
