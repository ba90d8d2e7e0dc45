import type { FastifyBaseLogger } from 'fastify';
import type { Keys } from './auth/keys.ts';
import type { Clock } from './clock.ts';
import type { NotifyConfig } from './config.ts';
import type { Db, Dialect } from './db/connect.ts';
import type { OutboundPolicy } from './outbound/address.ts';

/** What the engine reports at /metrics (SPEC §5): notification attempts, escalation lag, open incidents. */
export interface EngineMetrics {
  attempt(channel: string, outcome: 'delivered' | 'failed', seconds: number): void;
  /** How late a due escalation step was taken (now - due_at). */
  lag(seconds: number): void;
}

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
