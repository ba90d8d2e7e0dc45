import type { Queryable } from '../platform/db/connect.ts';
import { runbookPageUrl } from '../platform/http/page-urls.ts';
import { iso } from '../platform/http/schema.ts';
import { decodeMatchers } from '../silences/matchers.ts';
import { loadActorNames, presentActor, presentActorOrNull } from '../users/actors.ts';
import { type RunbookRow, findRunbookVersion, servicesOfRunbooks, teamNames } from './repository.ts';
import type { RunbookSummaryView, RunbookVersionView, RunbookView } from './schemas.ts';

const DAY_MS = 86_400_000;

export interface PresentOptions {
  publicUrl: string;
  now: number;
}

export function reviewDueAt(row: Pick<RunbookRow, 'reviewed_at' | 'review_interval_days'>): number {
  return row.reviewed_at + row.review_interval_days * DAY_MS;
}

export function decodeStrings(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw new Error('stored value is not a list of strings');
  }
  return parsed;
}

/** Rows to answers, with one query each for services, teams and people however many rows. */
export async function presentRunbookSummaries(
  db: Queryable,
  rows: RunbookRow[],
  opts: PresentOptions,
): Promise<RunbookSummaryView[]> {
  const services = await servicesOfRunbooks(
    db,
    rows.map((r) => r.id),
  );
  const teamIds = [...new Set(rows.flatMap((r) => (r.owner_team_id === null ? [] : [r.owner_team_id])))];
  const teams = new Map((await teamNames(db, teamIds)).map((t) => [t.id, t]));
  const names = await loadActorNames(
    db,
    rows.flatMap((r) => [r.created_by, r.updated_by, r.reviewed_by]),
  );
  return rows.map((r) => {
    const matchers = decodeMatchers(r.matchers);
    const serviceRefs = services.get(r.id) ?? [];
    const due = reviewDueAt(r);
    return {
      id: r.id,
      title: r.title,
      owner_team: r.owner_team_id === null ? null : (teams.get(r.owner_team_id) ?? null),
      tags: decodeStrings(r.tags),
      version: r.version,
      services: serviceRefs,
      matchers,
      severities: decodeStrings(r.severities),
      sources: decodeStrings(r.sources),
      attached: serviceRefs.length > 0 || matchers.length > 0,
      review_interval_days: r.review_interval_days,
      reviewed_at: iso(r.reviewed_at),
      reviewed_by: presentActorOrNull(r.reviewed_by, names),
      review_due_at: iso(due),
      review_overdue: due < opts.now,
      url: runbookPageUrl(opts.publicUrl, r.id),
      created_by: presentActor(r.created_by, names),
      created_at: iso(r.created_at),
      updated_by: presentActor(r.updated_by, names),
      updated_at: iso(r.updated_at),
    };
  });
}

export async function presentRunbook(
  db: Queryable,
  row: RunbookRow,
  opts: PresentOptions,
): Promise<RunbookView> {
  const [summary] = await presentRunbookSummaries(db, [row], opts);
  return { ...summary!, body: row.body };
}

export async function presentVersion(
  db: Queryable,
  runbookId: string,
  version: number,
): Promise<RunbookVersionView | undefined> {
  const v = await findRunbookVersion(db, runbookId, version);
  if (v === undefined) return undefined;
  const names = await loadActorNames(db, [v.edited_by]);
  return {
    runbook_id: v.runbook_id,
    version: v.version,
    title: v.title,
    note: v.note,
    tags: decodeStrings(v.tags),
    body: v.body,
    edited_by: presentActor(v.edited_by, names),
    edited_at: iso(v.edited_at),
  };
}
