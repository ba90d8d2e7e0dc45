import type { FastifyBaseLogger } from 'fastify';
import type { Keys } from './auth/keys.ts';
import type { Clock } from './clock.ts';
import type { NotifyConfig } from './config.ts';
import type { Db, Dialect, Queryable } from './db/connect.ts';
import type { Severity } from './db/tables/ingest.ts';
import type { OutboundPolicy } from './outbound/address.ts';
import type { Resolver } from './outbound/guard.ts';

/** What the engine reports at /metrics (SPEC §5): notification attempts, escalation lag, open incidents. */
export interface EngineMetrics {
  attempt(channel: string, outcome: 'delivered' | 'failed', seconds: number): void;
  /** How late a due escalation step was taken (now - due_at). */
  lag(seconds: number): void;
  /** One evaluation of the SLOs due (src/slos/evaluate.ts): how many, and how long it took. */
  sloPass?(slos: number, seconds: number): void;
}

/** What a page's runbook link is worked out from: the newest alert of each incident paged about. */
export interface PageAlert {
  incident_id: string;
  service_id: string;
  /** JSON object of string labels, as stored. */
  labels: string;
  severity: Severity;
  source: string;
}

/**
 * The runbook each incident's page links to when its alert carries no runbook link of its own
 * (incident id -> URL). Runbooks (src/runbooks) sit above notify, so the engine hands this in.
 */
export type RunbookLinks = (db: Queryable, alerts: readonly PageAlert[]) => Promise<Map<string, string>>;

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
  /** The matching runbook's link in pages; none without it (the engine sets src/runbooks' own). */
  runbookLinks?: RunbookLinks | undefined;
  /** Stands in for DNS in runbook steps' requests (tests of a name that resolves to a refused address). */
  outboundResolve?: Resolver | undefined;
  /** Tests make jitter predictable; defaults to Math.random. */
  random?: () => number;
}
