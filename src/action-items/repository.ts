import type { ExpressionBuilder } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { type PageQuery, NEWEST_FIRST, paginate } from '../platform/db/paginate.ts';
import type { Database, NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import type { ActionItemStatus } from '../platform/db/tables/action-items.ts';

/** SQL of action items (src/action-items). */

export const OPEN_STATUSES: ActionItemStatus[] = ['open', 'in_progress'];

/** An item with what its views show of its incident and owner, read in the same query. */
export type ActionItemRow = Row<'action_items'> & {
  incident_number: number;
  incident_title: string;
  owner_name: string | null;
  owner_time_zone: string | null;
};

function withJoins(db: Queryable) {
  return db
    .selectFrom('action_items')
    .innerJoin('incidents', 'incidents.id', 'action_items.incident_id')
    .leftJoin('users', 'users.id', 'action_items.owner_id')
    .selectAll('action_items')
    .select([
      'incidents.number as incident_number',
      'incidents.title as incident_title',
      'users.name as owner_name',
      'users.time_zone as owner_time_zone',
    ]);
}

export function findActionItem(db: Queryable, id: string): Promise<ActionItemRow | undefined> {
  return withJoins(db).where('action_items.id', '=', id).executeTakeFirst();
}

/** The bare row, locked on PostgreSQL so two changes to one item apply one after the other. */
export function lockActionItem(db: Queryable, dialect: Dialect, id: string) {
  return db
    .selectFrom('action_items')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function insertActionItem(db: Queryable, row: NewRow<'action_items'>): Promise<void> {
  await db.insertInto('action_items').values(row).execute();
}

export async function updateActionItem(
  db: Queryable,
  id: string,
  patch: RowPatch<'action_items'>,
): Promise<void> {
  await db.updateTable('action_items').set(patch).where('id', '=', id).execute();
}

export async function deleteActionItem(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('action_items').where('id', '=', id).execute();
}

export interface ActionItemFilter {
  ownerId?: string | undefined;
  status?: ActionItemStatus | undefined;
  serviceId?: string | undefined;
  /** On a service (its own or another it affects) that this team owns. */
  teamId?: string | undefined;
  incidentId?: string | undefined;
  /**
   * Only overdue items: open, with a due date before "today" where today depends on the owner's
   * time zone. `today` maps each zone in use to its date; items without an owner use `UTC`.
   */
  overdue?: { today: ReadonlyMap<string, string> } | undefined;
}

function matching(
  eb: ExpressionBuilder<Database, 'action_items' | 'incidents' | 'users'>,
  f: ActionItemFilter,
) {
  const and = [];
  if (f.ownerId !== undefined) and.push(eb('action_items.owner_id', '=', f.ownerId));
  if (f.status !== undefined) and.push(eb('action_items.status', '=', f.status));
  if (f.incidentId !== undefined) and.push(eb('action_items.incident_id', '=', f.incidentId));
  // The incident's own service or another it affects, among `ids` (as the incidents list).
  const onServices = (column: 'services.id' | 'services.team_id', value: string) => {
    const ids = eb.selectFrom('services').select('services.id').where(column, '=', value);
    return eb.or([
      eb('incidents.service_id', 'in', ids),
      eb.exists(
        eb
          .selectFrom('incident_services')
          .select('incident_services.service_id')
          .whereRef('incident_services.incident_id', '=', 'action_items.incident_id')
          .where('incident_services.service_id', 'in', ids),
      ),
    ]);
  };
  if (f.serviceId !== undefined) and.push(onServices('services.id', f.serviceId));
  if (f.teamId !== undefined) and.push(onServices('services.team_id', f.teamId));
  if (f.overdue !== undefined) {
    and.push(eb('action_items.status', 'in', OPEN_STATUSES));
    const utc = f.overdue.today.get('UTC')!;
    const perZone = [...f.overdue.today].map(([zone, day]) =>
      eb.and([eb('users.time_zone', '=', zone), eb('action_items.due_date', '<', day)]),
    );
    perZone.push(eb.and([eb('users.id', 'is', null), eb('action_items.due_date', '<', utc)]));
    and.push(eb.or(perZone));
  }
  return eb.and(and);
}

export function listActionItems(db: Queryable, f: ActionItemFilter, page: PageQuery) {
  return paginate<ActionItemRow>(
    page,
    (after, take, k) => {
      let q = withJoins(db).where((eb) => matching(eb, f));
      if (after !== undefined) q = q.where('action_items.id', k.op, after);
      return q.orderBy('action_items.id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}

/** Every time zone people have, for "today" per zone (a handful of rows). */
export async function timeZonesInUse(db: Queryable): Promise<string[]> {
  const rows = await db.selectFrom('users').select('time_zone').distinct().execute();
  return rows.map((r) => r.time_zone);
}

export function activeUser(db: Queryable, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'time_zone', 'deactivated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Open items of active owners due before `latestDay` (the date furthest ahead anywhere, so every
 * owner's "before today" is within it), with the owner's zone and the last day they were
 * reminded. The engine's overdue pass decides per owner's zone which are due today.
 */
export function overdueCandidates(db: Queryable, latestDay: string) {
  return (
    db
      .selectFrom('action_items')
      .innerJoin('users', 'users.id', 'action_items.owner_id')
      .innerJoin('incidents', 'incidents.id', 'action_items.incident_id')
      .select((eb) => [
        'action_items.id',
        'action_items.incident_id',
        'action_items.title',
        'action_items.due_date',
        'action_items.priority',
        'action_items.owner_id',
        'users.name as owner_name',
        'users.time_zone',
        'incidents.number as incident_number',
        eb
          .selectFrom('action_item_reminders')
          .select((r) => r.fn.max('action_item_reminders.day').as('d'))
          .whereRef('action_item_reminders.action_item_id', '=', 'action_items.id')
          .as('last_day'),
      ])
      .where('action_items.status', 'in', OPEN_STATUSES)
      .where('action_items.due_date', '<', latestDay)
      .where('users.deactivated_at', 'is', null)
      // One order for every engine: they take the reminder rows in it and cannot deadlock on them.
      .orderBy('action_items.id')
      .execute()
  );
}

/**
 * Takes the reminder of `day` for the item unless someone has: of several engines racing, exactly
 * one inserts the row (the primary key), and only that one queues the notifications.
 */
export async function takeDailyReminder(
  db: Queryable,
  itemId: string,
  day: string,
  now: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('action_item_reminders')
    .values({ action_item_id: itemId, day, sent_at: now })
    .onConflict((oc) => oc.columns(['action_item_id', 'day']).doNothing())
    .returning('action_item_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
