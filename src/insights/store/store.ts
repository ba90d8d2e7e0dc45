import type { Queryable } from '../../platform/db/connect.ts';
import { BLOCK_MS } from '../../platform/db/migrations/0020_insight_blocks.ts';
import { type Block, type Dict, type ItemBlock, newDict, toBlock, toItemBlock } from './blocks.ts';
import { isReportSnapshot } from '../repository.ts';
import { type Versions, blockVersions, incidentFacts, itemFacts } from './repository.ts';

/**
 * The incidents and action items a report covers, as blocks of columns (blocks.ts). A week that
 * ended more than a day ago is loaded once and kept while its version (migration 0020) stays the
 * same: every write that changes what a report reads of a past week bumps the version in its own
 * transaction, so a kept week is never stale. The weeks since are read from the database on every
 * report. Versions are read before any rows, so rows are never older than their version.
 *
 * Memory: about 75 bytes an incident (a million: 75 MB) and 25 an action item; a process keeps
 * the weeks of at most MAX_DATABASES databases (tests open many).
 */

/** Weeks that ended at least this long ago may be kept: no transaction runs that long. */
const SETTLED_MS = 86_400_000;
const MAX_DATABASES = 4;
const DAY = 86_400_000;

interface Cached<B> {
  version: number;
  block: B;
}

interface Kind<B> {
  name: 'incidents' | 'action_items';
  /** How long after a week's end its rows may still change by the clock alone. */
  after: number;
  load(db: Queryable, from: number, to: number, dict: Dict): Promise<B>;
}

const INCIDENTS: Kind<Block> = {
  name: 'incidents',
  after: 0,
  load: async (db, from, to, dict) => toBlock(await incidentFacts(db, from, to), dict),
};

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
/** By due date; the last due day of a week ends up to 12 hours after the week, west of UTC. */
const ACTION_ITEMS: Kind<ItemBlock> = {
  name: 'action_items',
  after: DAY,
  load: async (db, from, to, dict) => toItemBlock(await itemFacts(db, day(from), day(to)), dict),
};

interface DatabaseCache {
  dict: Dict;
  kept: Record<Kind<unknown>['name'], Map<number, Cached<unknown>>>;
  /** Loads under way, so concurrent reports read a week once. */
  loading: Map<string, Promise<Cached<unknown>>>;
}

const caches = new Map<number, DatabaseCache>();

function cacheOf(id: number | undefined): DatabaseCache {
  const fresh = (): DatabaseCache => ({
    dict: newDict(),
    kept: { incidents: new Map(), action_items: new Map() },
    loading: new Map(),
  });
  if (id === undefined) return fresh();
  let cache = caches.get(id);
  if (cache === undefined) {
    cache = fresh();
    caches.set(id, cache);
    if (caches.size > MAX_DATABASES) caches.delete(caches.keys().next().value!);
  }
  return cache;
}

export interface Blocks<B> {
  dict: Dict;
  /** In order; rows outside [from, to) may be present at the ends. */
  blocks: B[];
}

/** The blocks of `kind` that cover [from, to); `now` is the report's clock. */
async function blocksBetween<B>(
  db: Queryable,
  kind: Kind<B>,
  from: number,
  to: number,
  now: number,
): Promise<Blocks<B>> {
  const versions: Versions = await blockVersions(db);
  // Rows read in a caller's own transaction may not be committed: used, never kept or shared.
  const keeping = versions.database !== undefined && isReportSnapshot(db);
  const cache = cacheOf(keeping ? versions.database : undefined);
  const kept = cache.kept[kind.name] as Map<number, Cached<B>>;
  // The earliest of the clocks: the triggers judge by the database's, a test's may run ahead.
  // (Not a number would compare false and keep everything: then nothing is.)
  const dbNow = Number.isFinite(versions.now) ? versions.now : -Infinity;
  const settled = Math.min(now, Date.now(), dbNow) - SETTLED_MS - kind.after;
  const blocks: B[] = [];
  for (let b = Math.floor(from / BLOCK_MS); b * BLOCK_MS < to; b++) {
    const start = b * BLOCK_MS;
    const end = start + BLOCK_MS;
    if (!keeping || end > settled) {
      blocks.push(await kind.load(db, Math.max(from, start), Math.min(to, end), cache.dict));
      continue;
    }
    const version = versions[kind.name].get(b) ?? 0;
    const held = kept.get(b);
    if (held !== undefined && held.version === version) {
      blocks.push(held.block);
      continue;
    }
    const key = `${kind.name} ${b}`;
    let loading = cache.loading.get(key) as Promise<Cached<B>> | undefined;
    if (loading === undefined) {
      loading = kind.load(db, start, end, cache.dict).then((block) => ({ version, block }));
      cache.loading.set(key, loading);
      void loading
        .then((c) => {
          const newest = kept.get(b);
          if (newest === undefined || newest.version <= c.version) kept.set(b, c);
        })
        .catch(() => undefined)
        .finally(() => cache.loading.delete(key));
    }
    // Another report's load may fail (its statement timeout, say): then this one reads for itself.
    const loaded = await loading.catch(() => undefined);
    // Loaded by a report that read an older version: read again rather than show stale rows.
    blocks.push(
      loaded !== undefined && loaded.version >= version
        ? loaded.block
        : await kind.load(db, start, end, cache.dict),
    );
  }
  return { dict: cache.dict, blocks };
}

/** The incidents created in [from, to), not merged into another. */
export function incidentsBetween(
  db: Queryable,
  from: number,
  to: number,
  now: number,
): Promise<Blocks<Block>> {
  return blocksBetween(db, INCIDENTS, from, to, now);
}

/** The action items due on the days that touch [from, to), of incidents not merged into another. */
export function itemsBetween(
  db: Queryable,
  from: number,
  to: number,
  now: number,
): Promise<Blocks<ItemBlock>> {
  // Whole days: an item's due day is judged where its owner is, up to 14 hours either side of UTC.
  const first = Math.floor((from - DAY) / DAY) * DAY;
  const last = Math.ceil((to + DAY) / DAY) * DAY;
  return blocksBetween(db, ACTION_ITEMS, first, last, now);
}
