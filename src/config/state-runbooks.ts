import type { Queryable } from '../platform/db/connect.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';
import { decodeStrings } from '../runbooks/presenter.ts';
import { decodeMatchers } from '../silences/matchers.ts';
import { type NRunbook, normalRunbook } from './normal-runbooks.ts';
import { type RunbookRows, readRunbookRows } from './repository.ts';

/** The runbooks in the database, in the normal form of normal-runbooks.ts, by title. */

export interface CurrentRunbook {
  id: string;
  n: NRunbook & { body: string };
  /** The current version: a change of text or tags makes the next one. */
  version: number;
}

export interface RunbookState {
  runbooks: Map<string, CurrentRunbook>;
}

/** How the file names what runbooks refer to by id (state.ts's names). */
interface Names {
  team: (id: string) => string;
  service: (id: string) => string;
}

export async function readRunbookState(db: Queryable, names: Names): Promise<RunbookState> {
  return runbookStateOf(await readRunbookRows(db), names);
}

export function runbookStateOf(rows: RunbookRows, names: Names): RunbookState {
  const servicesOf = new Map<string, string[]>();
  for (const l of rows.services) {
    const list = servicesOf.get(l.runbook_id);
    if (list === undefined) servicesOf.set(l.runbook_id, [names.service(l.service_id)]);
    else list.push(names.service(l.service_id));
  }
  const runbooks = new Map<string, CurrentRunbook>();
  for (const r of rows.runbooks) {
    const n = normalRunbook({
      name: r.title,
      team: r.owner_team_id === null ? null : names.team(r.owner_team_id),
      tags: decodeStrings(r.tags),
      services: servicesOf.get(r.id) ?? [],
      matchers: decodeMatchers(r.matchers),
      severities: decodeStrings(r.severities) as Severity[],
      sources: decodeStrings(r.sources),
      review_interval_days: r.review_interval_days,
    });
    runbooks.set(n.name, { id: r.id, version: r.version, n: { ...n, body: r.body } });
  }
  return { runbooks };
}
