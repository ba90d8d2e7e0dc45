import type { Queryable } from '../platform/db/connect.ts';
import { NEWEST_FIRST, type PageQuery, paginate } from '../platform/db/paginate.ts';
import { containsText } from '../platform/db/search.ts';
import type { PostmortemStatus } from '../platform/db/tables/postmortems.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';

/** SQL of postmortems and their reviewers. */

export type PostmortemRow = Row<'postmortems'>;

export function findPostmortem(db: Queryable, id: string): Promise<PostmortemRow | undefined> {
  return db.selectFrom('postmortems').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPostmortemOfIncident(
  db: Queryable,
  incidentId: string,
): Promise<PostmortemRow | undefined> {
  return db.selectFrom('postmortems').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
}

export interface PostmortemFilter {
  status?: PostmortemStatus | undefined;
  serviceId?: string | undefined;
  severity?: SeverityName | undefined;
  tag?: string | undefined;
  ownerId?: string | undefined;
  text?: string | undefined;
}

export function listPostmortems(db: Queryable, f: PostmortemFilter, page: PageQuery) {
  return paginate(
    page,
    (after, take, k) => {
      let q = db
        .selectFrom('postmortems')
        .innerJoin('incidents', 'incidents.id', 'postmortems.incident_id')
        .selectAll('postmortems');
      if (f.status !== undefined) q = q.where('postmortems.status', '=', f.status);
      if (f.severity !== undefined) q = q.where('incidents.severity', '=', f.severity);
      if (f.ownerId !== undefined) q = q.where('postmortems.owner_id', '=', f.ownerId);
      const serviceId = f.serviceId;
      if (serviceId !== undefined) {
        q = q.where((eb) =>
          eb.or([
            eb('incidents.service_id', '=', serviceId),
            eb(
              'incidents.id',
              'in',
              eb.selectFrom('incident_services').select('incident_id').where('service_id', '=', serviceId),
            ),
          ]),
        );
      }
      // Tags are a JSON array of strings: the quoted tag matches one element exactly.
      if (f.tag !== undefined) q = q.where(containsText('postmortems.tags', JSON.stringify(f.tag)));
      const text = f.text?.trim();
      if (text !== undefined && text !== '') {
        q = q.where((eb) =>
          eb.or([containsText('postmortems.title', text), containsText('postmortems.sections', text)]),
        );
      }
      if (after !== undefined) q = q.where('postmortems.id', k.op, after);
      return q.orderBy('postmortems.id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}

export async function insertPostmortem(db: Queryable, row: NewRow<'postmortems'>): Promise<void> {
  await db.insertInto('postmortems').values(row).execute();
}

/**
 * Applies `patch` and raises the revision only if it is still `revision`; false when another
 * change got there first (the caller answers 409). On PostgreSQL the row stays locked until the
 * transaction ends, so two edits of one revision cannot both pass.
 */
export async function updatePostmortemIfRevision(
  db: Queryable,
  id: string,
  revision: number,
  patch: RowPatch<'postmortems'>,
): Promise<boolean> {
  const res = await db
    .updateTable('postmortems')
    .set({ ...patch, revision: revision + 1 })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- reviewers

export type ReviewerRow = Row<'postmortem_reviewers'> & { name: string };

export function reviewersOf(db: Queryable, postmortemId: string): Promise<ReviewerRow[]> {
  return db
    .selectFrom('postmortem_reviewers')
    .innerJoin('users', 'users.id', 'postmortem_reviewers.user_id')
    .selectAll('postmortem_reviewers')
    .select('users.name')
    .where('postmortem_reviewers.postmortem_id', '=', postmortemId)
    .orderBy('postmortem_reviewers.requested_at')
    .orderBy('users.name')
    .execute();
}

/** Asking someone already asked again keeps their request and any approval. */
export async function addReviewers(
  db: Queryable,
  postmortemId: string,
  userIds: string[],
  now: number,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('postmortem_reviewers')
    .values(
      userIds.map((user_id) => ({
        postmortem_id: postmortemId,
        user_id,
        requested_at: now,
        approved_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['postmortem_id', 'user_id']).doNothing())
    .execute();
}

export async function approveReview(
  db: Queryable,
  postmortemId: string,
  userId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('postmortem_reviewers')
    .set({ approved_at: now })
    .where('postmortem_id', '=', postmortemId)
    .where('user_id', '=', userId)
    .execute();
}

/** Back to draft: the text will change, so earlier approvals no longer hold. */
export async function clearApprovals(db: Queryable, postmortemId: string): Promise<void> {
  await db
    .updateTable('postmortem_reviewers')
    .set({ approved_at: null })
    .where('postmortem_id', '=', postmortemId)
    .execute();
}

// ---- the incident side

export function incidentsByIds(db: Queryable, ids: string[]): Promise<Row<'incidents'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('incidents').selectAll().where('id', 'in', ids).execute();
}

export async function setPostmortemWaiver(
  db: Queryable,
  incidentId: string,
  waiver: { reason: string; by: string; now: number },
): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ postmortem_waived_reason: waiver.reason, postmortem_waived_by: waiver.by, updated_at: waiver.now })
    .where('id', '=', incidentId)
    .execute();
}

/** Names and ids of the people the text may name: the incident's role holders, past and present. */
export async function peopleOfIncident(
  db: Queryable,
  incidentId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('incident_role_assignments')
    .innerJoin('users', 'users.id', 'incident_role_assignments.user_id')
    .select(['users.id', 'users.name'])
    .where('incident_role_assignments.incident_id', '=', incidentId)
    .distinct()
    .execute();
}
