import type { FastifyBaseLogger } from 'fastify';
import type { Keys } from '../platform/auth/keys.ts';
import type { Clock } from '../platform/clock.ts';
import type { NotifyConfig } from '../platform/config.ts';
import type { Db, Dialect } from '../platform/db/connect.ts';
import type { OutboundPolicy } from '../platform/outbound/address.ts';
import type { EngineMetrics } from './metrics.ts';

/** What the engine (escalation, delivery, timers) needs; one per process. */
export interface EngineDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  notify: NotifyConfig;
  /** Where deliveries may connect (src/platform/outbound). */
  outbound: OutboundPolicy;
  /** Base of links in pages. */
  publicUrl: string;
  /** Sign acknowledge/resolve links and decrypt webhook signing secrets. */
  keys: Keys;
  /** Names this process in leases and attempt records (`host:pid:random`). */
  engineId: string;
  log?: FastifyBaseLogger | undefined;
  metrics?: EngineMetrics | undefined;
  /** Tests make jitter predictable; defaults to Math.random. */
  random?: () => number;
}
