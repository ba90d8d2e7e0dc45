import type { Queryable } from '../../platform/db/connect.ts';
import { type Summary, summarizeValues } from '../../platform/stats.ts';
import type { Scope } from '../scope.ts';
import { type Block, type Dict, type ItemBlock, lowerBound } from './blocks.ts';
import { serviceTeams } from './repository.ts';
import { incidentsBetween, itemsBetween } from './store.ts';

/** The incidents of a report's scope (period, service, team, severity, the caller's teams). */
export interface Selection {
  dict: Dict;
  /** Each service's team, by the service's Dict id. */
  teamOf: (service: number) => string | null;
  /** Calls `fn` for every incident of the scope, in `created_at` order. */
  each(fn: (b: Block, i: number) => void): void;
  /** each(), but of every severity, saying whether the incident is of the scope's. */
  eachOfServices(fn: (b: Block, i: number, inScope: boolean) => void): void;
}

export async function selectIncidents(db: Queryable, scope: Scope, now: number): Promise<Selection> {
  const { dict, blocks } = await incidentsBetween(db, scope.from, scope.to, now);
  const teams = await serviceTeams(db);
  const teamById: (string | null)[] = dict.services.names.map((id) => teams.get(id) ?? null);
  const allowed = serviceFilter(scope, dict, teams);
  const severity = scope.severity === undefined ? null : dict.severities.find(scope.severity);
  const eachOfServices = (fn: (b: Block, i: number, inScope: boolean) => void) => {
    for (const b of blocks) {
      const end = lowerBound(b.created, scope.to);
      for (let i = lowerBound(b.created, scope.from); i < end; i++) {
        if (allowed !== null && allowed[b.service[i]!] !== 1) continue;
        fn(b, i, severity === null || b.severity[i] === severity);
      }
    }
  };
  return {
    dict,
    teamOf: (service) => teamById[service] ?? null,
    each: (fn) =>
      eachOfServices((b, i, inScope) => {
        if (inScope) fn(b, i);
      }),
    eachOfServices,
  };
}

/**
 * Calls `fn` for every action item due on the days that touch the scope's period, of the scope's
 * services and severity; whether each is due in the period is the caller's to judge (by `end`).
 */
export async function eachActionItem(
  db: Queryable,
  scope: Scope,
  now: number,
  fn: (b: ItemBlock, i: number) => void,
): Promise<void> {
  const { dict, blocks } = await itemsBetween(db, scope.from, scope.to, now);
  const allowed = serviceFilter(scope, dict, await serviceTeams(db));
  const severity = scope.severity === undefined ? null : dict.severities.find(scope.severity);
  for (const b of blocks) {
    for (let i = 0; i < b.n; i++) {
      if (allowed !== null && allowed[b.service[i]!] !== 1) continue;
      if (severity !== null && b.severity[i] !== severity) continue;
      fn(b, i);
    }
  }
}

/** Which services (by Dict id) the scope covers; null for all. */
function serviceFilter(scope: Scope, dict: Dict, teams: Map<string, string | null>): Uint8Array | null {
  if (scope.serviceId === undefined && scope.teamId === undefined && scope.teamIds === null) return null;
  const allowed = new Uint8Array(dict.services.names.length);
  for (const [id, team] of teams) {
    if (scope.serviceId !== undefined && id !== scope.serviceId) continue;
    if (scope.teamId !== undefined && team !== scope.teamId) continue;
    if (scope.teamIds !== null && (team === null || !scope.teamIds.includes(team))) continue;
    const k = dict.services.find(id);
    if (k >= 0) allowed[k] = 1;
  }
  return allowed;
}

/** Durations for a summary, in a typed array that grows; NaN (no value) is skipped. */
export class Durations {
  private values = new Float64Array(256);
  private n = 0;

  add(value: number): void {
    if (Number.isNaN(value)) return;
    if (this.n === this.values.length) {
      const bigger = new Float64Array(this.n * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.n++] = value;
  }

  summary(): Summary {
    return summarizeValues(this.values, this.n);
  }
}
