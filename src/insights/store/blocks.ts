import { DateTime } from 'luxon';

/**
 * A block: the incidents created in one week (BLOCK_MS, migration 0020), not merged into another,
 * as columns (typed arrays) in `created_at` order, so a report over two years of a million
 * incidents walks arrays in memory instead of sorting rows in the database. Strings are interned
 * per database (Dict): a block holds numbers only. Times are epoch ms; NaN stands for NULL.
 */

/** Strings to small numbers and back; ids are never reused, so blocks may share a Dict. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The id of `name` if it was ever interned, else -1 (no block holds it). */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }
}

export interface Dict {
  services: Interner;
  severities: Interner;
  alertNames: Interner;
  /** An alert group: its service and group key. */
  groups: Interner;
}

export const newDict = (): Dict => ({
  services: new Interner(),
  severities: new Interner(),
  alertNames: new Interner(),
  groups: new Interner(),
});

export const CLASSIFICATION = { none: 0, actionable: 1, noise: 2 } as const;

export interface Block {
  n: number;
  created: Float64Array;
  service: Uint32Array;
  severity: Uint8Array;
  /** -1: opened by hand, not by an alert (no alert group, no re-fire). */
  group: Int32Array;
  /** -1: none. */
  alertName: Int32Array;
  sourceStarted: Float64Array;
  acknowledged: Float64Array;
  mitigated: Float64Array;
  resolved: Float64Array;
  classification: Uint8Array;
  pages: Uint32Array;
  /** The first status update. */
  firstUpdate: Float64Array;
  /** When its postmortem was published. */
  published: Float64Array;
}

/** An incident as src/insights/store/repository.ts reads it. */
export interface IncidentFacts {
  created_at: number;
  service_id: string;
  severity: string;
  origin: string;
  group_key: string;
  alert_name: string | null;
  source_started_at: number | null;
  acknowledged_at: number | null;
  mitigated_at: number | null;
  resolved_at: number | null;
  classification: string | null;
  page_count: number;
  first_update: number | null;
  published_at: number | null;
}

const time = (v: number | string | null): number => (v === null ? NaN : Number(v));

/** Rows in `created_at` order to a block. */
export function toBlock(rows: readonly IncidentFacts[], dict: Dict): Block {
  const n = rows.length;
  const b: Block = {
    n,
    created: new Float64Array(n),
    service: new Uint32Array(n),
    severity: new Uint8Array(n),
    group: new Int32Array(n),
    alertName: new Int32Array(n),
    sourceStarted: new Float64Array(n),
    acknowledged: new Float64Array(n),
    mitigated: new Float64Array(n),
    resolved: new Float64Array(n),
    classification: new Uint8Array(n),
    pages: new Uint32Array(n),
    firstUpdate: new Float64Array(n),
    published: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    b.created[i] = Number(r.created_at);
    b.service[i] = dict.services.id(r.service_id);
    b.severity[i] = dict.severities.id(r.severity);
    b.group[i] = r.origin === 'alert' ? dict.groups.id(`${r.service_id}\n${r.group_key}`) : -1;
    b.alertName[i] = r.alert_name === null ? -1 : dict.alertNames.id(r.alert_name);
    b.sourceStarted[i] = time(r.source_started_at);
    b.acknowledged[i] = time(r.acknowledged_at);
    b.mitigated[i] = time(r.mitigated_at);
    b.resolved[i] = time(r.resolved_at);
    b.classification[i] =
      r.classification === 'actionable'
        ? CLASSIFICATION.actionable
        : r.classification === 'noise'
          ? CLASSIFICATION.noise
          : CLASSIFICATION.none;
    b.pages[i] = Number(r.page_count);
    b.firstUpdate[i] = time(r.first_update);
    b.published[i] = time(r.published_at);
  }
  return b;
}

/** The first index whose `created` is >= t (blocks are in `created_at` order). */
export function lowerBound(created: Float64Array, t: number): number {
  let lo = 0;
  let hi = created.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (created[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An action item as src/insights/store/repository.ts reads it. */
export interface ItemFacts {
  due_date: string;
  status: string;
  completed_at: number | null;
  time_zone: string | null;
  service_id: string;
  severity: string;
}

export const ITEM_STATUS = { open: 0, in_progress: 1, done: 2, wont_do: 3 } as const;

/** The action items due in one week, with the instant each due day ends for its owner. */
export interface ItemBlock {
  n: number;
  /** The end of the due day in the owner's time zone (UTC without an owner). */
  end: Float64Array;
  status: Uint8Array;
  completed: Float64Array;
  service: Uint32Array;
  /** The incident's. */
  severity: Uint8Array;
}

export function toItemBlock(rows: readonly ItemFacts[], dict: Dict): ItemBlock {
  const n = rows.length;
  const b: ItemBlock = {
    n,
    end: new Float64Array(n),
    status: new Uint8Array(n),
    completed: new Float64Array(n),
    service: new Uint32Array(n),
    severity: new Uint8Array(n),
  };
  const ends = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const zone = r.time_zone ?? 'UTC';
    const key = `${r.due_date}\n${zone}`;
    let end = ends.get(key);
    if (end === undefined) {
      end = DateTime.fromISO(r.due_date, { zone }).plus({ days: 1 }).toMillis();
      ends.set(key, end);
    }
    b.end[i] = end;
    b.status[i] = ITEM_STATUS[r.status as keyof typeof ITEM_STATUS] ?? ITEM_STATUS.open;
    b.completed[i] = time(r.completed_at);
    b.service[i] = dict.services.id(r.service_id);
    b.severity[i] = dict.severities.id(r.severity);
  }
  return b;
}
