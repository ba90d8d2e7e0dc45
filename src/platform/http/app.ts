import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyInstance,
  type FastifySchema,
  type FastifyServerOptions,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import helmet from 'helmet';
import { installAuth } from './auth.ts';
import type { AppDeps } from './deps.ts';
import { frameworkError, installErrorHandling } from './errors.ts';
import { addBoundedDateTime } from '../time-bounds.ts';
import { installJsonParser, installTextRules } from './input.ts';
import { installHttpMetrics } from './metrics.ts';
import { readiness } from './readiness.ts';
import { loggerOptions } from '../log.ts';

export const BODY_LIMIT = 512 * 1024;

export type App = FastifyInstance;
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
/** A domain's routes: a plain function registered under /api/v1. */
export type RoutePlugin = (app: TypedApp) => void;

/**
 * Bodies are validated strictly (no coercion, unknown fields rejected) so a wrong type is a 400,
 * not silently converted; query strings and params are text on the wire and are coerced.
 */
function validators() {
  const common = { allErrors: false, useDefaults: true, removeAdditional: false as const, strict: false };
  const strict = addBoundedDateTime(addFormats.default(new Ajv({ ...common, coerceTypes: false })));
  const coercing = addBoundedDateTime(addFormats.default(new Ajv({ ...common, coerceTypes: 'array' })));
  return { strict, coercing };
}

export interface RegisteredRoute {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
}

export interface BuildAppOptions {
  deps: AppDeps;
  routes: RoutePlugin[];
  /** Routes outside /api/v1: the drop-in ingest endpoints, which check their own keys. */
  rootRoutes?: RoutePlugin[];
  logger?: FastifyServerOptions['logger'];
}

/**
 * One access line per request, on completion, naming the request too, instead of Fastify's two
 * ("incoming request" and "request completed"): each line is a synchronous write, and ingest
 * answers thousands of requests a second.
 */
class AccessLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    // At debug a request that never completes (a stuck database, a live event stream) is still
    // seen arriving; at info, as shipped, this costs a level check.
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

export async function buildApp({ deps, routes, rootRoutes = [], logger }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    // Whatever logger is asked for, URL-borne secrets (ingest keys, action links, feed tokens) are
    // redacted from every line of it.
    logger: logger === undefined || logger === false ? false : loggerOptions(logger === true ? {} : logger),
    bodyLimit: BODY_LIMIT,
    logController: new AccessLog(),
    // Only named proxies may set the client address (X-Forwarded-For): it keys the login limits.
    trustProxy: deps.config.trustedProxies,
    frameworkErrors: frameworkError,
    ...(deps.config.tls ? { https: { cert: deps.config.tls.cert, key: deps.config.tls.key } } : {}),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  app.decorate('deps', deps);
  // Every route, as registered (HEAD twins left out): what the route fuzz test walks.
  const registered: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registered);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') registered.push({ method, url: route.url, schema: route.schema });
    }
  });

  const { strict, coercing } = validators();
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );

  installErrorHandling(app);
  installJsonParser(app);
  installTextRules(app);
  app.addHook('onSend', (request, reply, _payload, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  // Security headers. Built once here, not per request as @fastify/helmet does (it re-parses the
  // CSP for every request: 6% of the server's time under the status page's load).
  const securityHeaders = helmet({
    // The docs page loads its own scripts and styles from /docs, the web UI (src/web) its own from
    // /assets; nothing comes from elsewhere and no script is inline. Styles may be: Mantine writes
    // its theme's CSS variables into a <style> element and sets style attributes at run time.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Upgrading would break every asset when served over plain HTTP on a LAN address.
        upgradeInsecureRequests: deps.config.tls ? [] : null,
      },
    },
    hsts: deps.config.tls !== undefined,
  });
  app.addHook('onRequest', (request, reply, done) => {
    // helmet 8 throws instead of passing errors on, and sets nothing that can fail per request.
    securityHeaders(request.raw, reply.raw, () => done());
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tocsin API',
        version: '1',
        description: 'Incident management: alerts, on-call, escalation, incidents.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (tcs_...)' },
          session: { type: 'apiKey', in: 'cookie', name: 'tocsin_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  installAuth(app, deps);
  installHttpMetrics(app, deps.metrics);

  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const r = await readiness(deps.db);
    return reply.status(r.ready ? 200 : 503).send(r);
  });
  app.get('/api/v1/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  await app.register(
    (api, _opts, done) => {
      const typed = api.withTypeProvider<TypeBoxTypeProvider>();
      for (const plugin of routes) plugin(typed);
      done();
    },
    { prefix: '/api/v1' },
  );
  await app.register((root, _opts, done) => {
    const typed = root.withTypeProvider<TypeBoxTypeProvider>();
    for (const plugin of rootRoutes) plugin(typed);
    done();
  });
  await app.ready();
  return app;
}
