import type { Queryable } from '../platform/db/connect.ts';
import { type LabelTest, compileMatchers, decodeMatchers } from './matchers.ts';
import type { Matcher } from './matchers.ts';
import { activeSilenceRows, activeWindowServices } from './repository.ts';

/**
 * What the ingest pipeline asks for each alert: is it suppressed, and by what? Loading is two
 * indexed queries; the per-alert check is pure and allocation-free apart from its answer, with
 * every regex compiled once at load.
 */
export interface ActiveSilence {
  readonly id: string;
  readonly test: LabelTest;
}

export interface Suppressions {
  /** The time these were loaded for. */
  readonly at: number;
  /** Service id -> the oldest active maintenance window covering it. */
  readonly maintenance: ReadonlyMap<string, string>;
  /** Active silences scoped to one service, by service id, oldest first. */
  readonly byService: ReadonlyMap<string, readonly ActiveSilence[]>;
  /** Active silences on matchers alone (any service), oldest first. */
  readonly anyService: readonly ActiveSilence[];
}

export interface SilenceSpec {
  id: string;
  service_id: string | null;
  matchers: readonly Matcher[];
}

/** Pure: from active silences and (window, service) pairs, each list ordered by id. */
export function buildSuppressions(
  at: number,
  silences: readonly SilenceSpec[],
  windows: readonly { window_id: string; service_id: string }[],
): Suppressions {
  const maintenance = new Map<string, string>();
  for (const w of windows) if (!maintenance.has(w.service_id)) maintenance.set(w.service_id, w.window_id);
  const byService = new Map<string, ActiveSilence[]>();
  const anyService: ActiveSilence[] = [];
  for (const s of silences) {
    const active = { id: s.id, test: compileMatchers(s.matchers) };
    if (s.service_id === null) anyService.push(active);
    else {
      const list = byService.get(s.service_id);
      if (list) list.push(active);
      else byService.set(s.service_id, [active]);
    }
  }
  return { at, maintenance, byService, anyService };
}

export async function loadSuppressions(db: Queryable, now: number): Promise<Suppressions> {
  const silences: SilenceSpec[] = [];
  for (const row of await activeSilenceRows(db, now)) {
    try {
      silences.push({ id: row.id, service_id: row.service_id, matchers: decodeMatchers(row.matchers) });
    } catch {
      // A row the API would never have written. Skipping it pages (fails open) instead of
      // silencing alerts by a rule nobody can read.
    }
  }
  return buildSuppressions(now, silences, await activeWindowServices(db, now));
}

function firstMatch(
  list: readonly ActiveSilence[] | undefined,
  labels: Record<string, string>,
): string | undefined {
  if (list === undefined) return undefined;
  for (const s of list) if (s.test(labels)) return s.id;
  return undefined;
}

/**
 * `maintenance:<id>` if the service is in an active window, else `silence:<id>` for the oldest
 * matching silence (service-scoped or not), else null.
 */
export function suppressionFor(
  s: Suppressions,
  serviceId: string,
  labels: Record<string, string>,
): string | null {
  const window = s.maintenance.get(serviceId);
  if (window !== undefined) return `maintenance:${window}`;
  const scoped = firstMatch(s.byService.get(serviceId), labels);
  const global = firstMatch(s.anyService, labels);
  const oldest = scoped === undefined ? global : global === undefined || scoped < global ? scoped : global;
  return oldest === undefined ? null : `silence:${oldest}`;
}

/**
 * Every silence that matches the labels now (service-scoped or not), and the maintenance window
 * the service is in if any, sorted: what Alertmanager's API calls `silencedBy`.
 */
export function everySuppression(
  s: Suppressions,
  serviceId: string,
  labels: Record<string, string>,
): string[] {
  const ids: string[] = [];
  const window = s.maintenance.get(serviceId);
  if (window !== undefined) ids.push(window);
  for (const silence of s.byService.get(serviceId) ?? []) if (silence.test(labels)) ids.push(silence.id);
  for (const silence of s.anyService) if (silence.test(labels)) ids.push(silence.id);
  return ids.sort();
}
