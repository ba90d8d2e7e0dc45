import type { Queryable } from '../platform/db/connect.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { loadActorNames, presentActor } from '../users/actors.ts';
import { diffLines, unifiedDiff } from './diff.ts';
import { presentVersion } from './presenter.ts';
import { findRunbook, listRunbookVersions } from './repository.ts';
import type { RunbookVersionView } from './schemas.ts';

/** A runbook's versions, newest first: who wrote each, when, and what they said of it. */
export async function runbookVersions(db: Queryable, id: string) {
  if ((await findRunbook(db, id)) === undefined) throw NotFoundError.of('runbook', id);
  const rows = await listRunbookVersions(db, id);
  const names = await loadActorNames(
    db,
    rows.map((r) => r.edited_by),
  );
  return {
    data: rows.map((r) => ({
      version: r.version,
      title: r.title,
      note: r.note,
      edited_by: presentActor(r.edited_by, names),
      edited_at: iso(r.edited_at),
    })),
  };
}

export async function runbookVersion(
  db: Queryable,
  id: string,
  version: number,
): Promise<RunbookVersionView> {
  const v = await presentVersion(db, id, version);
  if (v === undefined) throw new NotFoundError(`runbook ${JSON.stringify(id)} has no version ${version}`);
  return v;
}

/** What changed from one version to another (the current one by default), line by line. */
export async function runbookDiff(
  db: Queryable,
  id: string,
  query: { from: number; to?: number | undefined },
) {
  const runbook = await findRunbook(db, id);
  if (runbook === undefined) throw NotFoundError.of('runbook', id);
  const to = query.to ?? runbook.version;
  for (const [field, v] of [
    ['from', query.from],
    ['to', to],
  ] as const) {
    if (v > runbook.version) {
      throw new ValidationError(`querystring.${field}: the runbook has versions 1 to ${runbook.version}`);
    }
  }
  const [a, b] = await Promise.all([runbookVersion(db, id, query.from), runbookVersion(db, id, to)]);
  const lines = diffLines(a.body, b.body);
  return {
    from: a.version,
    to: b.version,
    title: { from: a.title, to: b.title },
    lines,
    unified: unifiedDiff(lines, `${id} v${a.version}`, `${id} v${b.version}`),
  };
}
