import type { Queryable } from '../platform/db/connect.ts';
import type { Page } from '../platform/db/paginate.ts';
import type { PostmortemStatus } from '../platform/db/tables/postmortems.ts';
import type { Row } from '../platform/db/tables.ts';
import { NotFoundError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { type ActorNames, loadActorNames, presentActorOrNull } from '../users/actors.ts';
import { blameFindings } from './blameless.ts';
import type { DraftSection } from './draft/index.ts';
import {
  type PostmortemRow,
  findPostmortem,
  incidentsByIds,
  peopleOfIncident,
  reviewersOf,
} from './repository.ts';
import type { PostmortemSummaryView, PostmortemView } from './schemas.ts';

/** Where each status may go: back to draft from review; published is final. */
export const MOVES: Record<PostmortemStatus, PostmortemStatus[]> = {
  draft: ['in_review'],
  in_review: ['draft', 'published'],
  published: [],
};

export const sectionsOf = (r: PostmortemRow): DraftSection[] => JSON.parse(r.sections) as DraftSection[];

function presentSummary(
  r: PostmortemRow,
  incident: Row<'incidents'>,
  names: ActorNames,
): PostmortemSummaryView {
  return {
    id: r.id,
    incident: {
      id: incident.id,
      ref: `INC-${incident.number}`,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      resolved_at: iso(incident.resolved_at),
    },
    template_id: r.template_id,
    title: r.title,
    status: r.status,
    time_zone: r.time_zone,
    tags: JSON.parse(r.tags) as string[],
    owner: r.owner_id === null ? null : { id: r.owner_id, name: names.get(r.owner_id) ?? 'deleted user' },
    due_at: iso(r.due_at),
    created_by: presentActorOrNull(r.created_by, names),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    published_at: iso(r.published_at),
    published_by: presentActorOrNull(r.published_by, names),
    revision: r.revision,
  };
}

const refsOf = (rows: PostmortemRow[]) => rows.flatMap((r) => [r.created_by, r.published_by, r.owner_id]);

/** The postmortem in full: its sections, reviewers, where it can move and the blameless check. */
export async function presentPostmortem(db: Queryable, r: PostmortemRow): Promise<PostmortemView> {
  const [incident] = await incidentsByIds(db, [r.incident_id]);
  if (incident === undefined) throw NotFoundError.of('incident', r.incident_id);
  const reviewers = await reviewersOf(db, r.id);
  const names = await loadActorNames(db, refsOf([r]));
  const sections = sectionsOf(r);
  const people = await peopleOfIncident(db, r.incident_id);
  const named = new Set([...people.map((p) => p.name), ...reviewers.map((v) => v.name), ...names.values()]);
  return {
    ...presentSummary(r, incident, names),
    sections,
    reviewers: reviewers.map((v) => ({
      user: { id: v.user_id, name: v.name },
      requested_at: iso(v.requested_at),
      approved_at: iso(v.approved_at),
    })),
    allowed_transitions: MOVES[r.status],
    review_comments: blameFindings(sections, [...named]),
  };
}

export async function getPostmortemView(db: Queryable, id: string): Promise<PostmortemView> {
  const row = await findPostmortem(db, id);
  if (row === undefined) throw NotFoundError.of('postmortem', id);
  return presentPostmortem(db, row);
}

export async function presentSummaries(
  db: Queryable,
  page: Page<PostmortemRow>,
): Promise<Page<PostmortemSummaryView>> {
  const incidents = new Map(
    (await incidentsByIds(db, [...new Set(page.data.map((r) => r.incident_id))])).map((i) => [i.id, i]),
  );
  const names = await loadActorNames(db, refsOf(page.data));
  return {
    data: page.data.map((r) => presentSummary(r, incidents.get(r.incident_id)!, names)),
    next_cursor: page.next_cursor,
  };
}
