import type { Queryable } from '../platform/db/connect.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';
import { decodeMatchers } from '../silences/matchers.ts';
import { type CompiledTarget, compileTarget } from './match.ts';
import { decodeStrings } from './presenter.ts';
import { allRunbookTargets } from './repository.ts';

/**
 * Every runbook compiled for matching, kept per database handle for a few seconds: pages are on
 * the paging hot path and must not read every runbook per claim. A write on this node drops the
 * copy at once (`forgetRunbookTargets`); another node's write is seen within MAX_AGE_MS, which
 * is fine for a link in a page. Inside a transaction the rows are read fresh, so a verb sees its
 * own writes.
 */
const MAX_AGE_MS = 5_000;

/** Only settled copies are kept: a reader inside a transaction must never wait on a read that needs the connection it holds. */
interface Kept {
  at: number;
  generation: number;
  targets: CompiledTarget[];
}
const kept = new WeakMap<Queryable, Kept>();
let generation = 0;

export async function loadRunbookTargets(db: Queryable): Promise<CompiledTarget[]> {
  const { rows, links } = await allRunbookTargets(db);
  const services = new Map<string, string[]>();
  for (const l of links) {
    const list = services.get(l.runbook_id) ?? [];
    list.push(l.service_id);
    services.set(l.runbook_id, list);
  }
  return rows.map((r) =>
    compileTarget({
      id: r.id,
      title: r.title,
      serviceIds: services.get(r.id) ?? [],
      matchers: decodeMatchers(r.matchers),
      severities: decodeStrings(r.severities) as Severity[],
      sources: decodeStrings(r.sources),
      updatedAt: r.updated_at,
    }),
  );
}

/**
 * The compiled runbooks, from this node's copy when it is fresh. `keptFor` names the database
 * whose copy to use when `db` is a transaction on it (the engine claims pages in one). A miss is
 * read through `db` itself, never beside it, and only a finished read is kept: on SQLite's one
 * connection, a transaction waiting for a read that waits for the transaction would hang both.
 */
export async function runbookTargets(
  db: Queryable,
  now = Date.now(),
  keptFor?: Queryable,
): Promise<CompiledTarget[]> {
  const key = keptFor ?? db;
  if (key.isTransaction) return loadRunbookTargets(db);
  const k = kept.get(key);
  if (k !== undefined && now - k.at < MAX_AGE_MS && k.generation === generation) return k.targets;
  const at = generation;
  const targets = await loadRunbookTargets(db);
  kept.set(key, { at: now, generation: at, targets });
  return targets;
}

/** After a runbook changed on this node: every handle reads again on its next use. */
export function forgetRunbookTargets(): void {
  generation++;
}
