import type { FastifyServerOptions } from 'fastify';
import { pino } from 'pino';
import { systemActor } from './platform/auth/actor.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Ctx } from './platform/context.ts';
import { deriveKeys } from './platform/auth/keys.ts';
import { type OutboundPolicy, PUBLIC_ONLY } from './platform/outbound/address.ts';
import { type DbHandle, openDatabase } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { ensureKeySalt, ensureSecret } from './platform/db/settings.ts';
import { type App, buildApp } from './platform/http/app.ts';
import { createMetricsRegistry } from './platform/http/metrics.ts';
import { API_ROUTES, ROOT_ROUTES } from './routes.ts';
import { type Engine, createEngine, newEngineId } from './engine/engine.ts';
import { engineMetrics } from './engine/metrics.ts';
import { type BootstrapResult, ensureAdmin } from './bootstrap.ts';
import { loggerOptions } from './platform/log.ts';

export interface Tocsin {
  handle: DbHandle;
  app: App | undefined;
  /** The escalation/delivery/timer engine; started in `all` and `engine` processes. */
  engine: Engine;
  bootstrap: BootstrapResult | undefined;
  close(): Promise<void>;
}

/** `outbound` defaults to public addresses only; pass the configuration's where there is one. */
export function systemCtx(
  handle: DbHandle,
  name: string,
  clock: Clock = systemClock,
  outbound: OutboundPolicy = PUBLIC_ONLY,
): Ctx {
  return { actor: systemActor(name), db: handle.db, dialect: handle.dialect, clock, outbound };
}

/**
 * Opens the database, applies migrations, makes sure a secret and an admin exist, and builds the
 * HTTP app unless this process is engine-only. Shared by `tocsin serve` and the tests.
 */
export async function startTocsin(
  config: Config,
  opts: { clock?: Clock; logger?: FastifyServerOptions['logger']; handle?: DbHandle; engine?: boolean } = {},
): Promise<Tocsin> {
  const clock = opts.clock ?? systemClock;
  const handle = opts.handle ?? openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    // Only keys derived from the secret leave this function: nothing signs with the secret itself.
    const secret = await ensureSecret(handle.db, config.secret, clock.now());
    const keys = deriveKeys(secret, await ensureKeySalt(handle.db, clock.now()));
    const bootstrap = await ensureAdmin(systemCtx(handle, 'bootstrap', clock, config.outbound), {
      adminToken: config.adminToken,
    });
    const metrics = createMetricsRegistry();
    const app =
      config.role === 'engine'
        ? undefined
        : await buildApp({
            deps: {
              config,
              db: handle.db,
              dialect: handle.dialect,
              clock,
              metrics,
              keys,
              listen: (channel, onMessage, onError) => handle.listen(channel, onMessage, onError),
            },
            routes: API_ROUTES,
            rootRoutes: ROOT_ROUTES,
            logger: opts.logger,
          });
    const engine = createEngine(
      {
        db: handle.db,
        dialect: handle.dialect,
        clock,
        notify: config.notify,
        outbound: config.outbound,
        publicUrl: config.publicUrl,
        keys,
        engineId: newEngineId(),
        metrics: engineMetrics(metrics, handle.db),
        // An engine-only process has no HTTP app to borrow a logger from.
        log: app?.log ?? pino(loggerOptions({ level: config.logLevel })),
      },
      handle,
    );
    // Background work runs in `all` and `engine` processes; tests drive it by hand instead.
    if (config.role !== 'api' && opts.engine !== false) engine.start();
    return {
      handle,
      app,
      engine,
      bootstrap,
      close: async () => {
        await engine.stop();
        await app?.close();
        await handle.close();
      },
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
