import type { Queryable } from '../platform/db/connect.ts';
import { containsText } from '../platform/db/search.ts';
import { inSlices } from '../platform/db/slices.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { ContactMethodType, UserRole } from '../platform/db/tables/users.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';

export function findUserById(db: Queryable, id: string): Promise<Row<'users'> | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Queryable, email: string): Promise<Row<'users'> | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserByName(db: Queryable, name: string): Promise<Row<'users'> | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}

export interface UserFilter {
  role?: UserRole | undefined;
  teamId?: string | undefined;
  q?: string | undefined;
}

export function listUsers(db: Queryable, filter: UserFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('users').selectAll('users');
    if (filter.role !== undefined) q = q.where('users.role', '=', filter.role);
    if (filter.teamId !== undefined) {
      const teamId = filter.teamId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('team_members')
            .select('team_members.user_id')
            .whereRef('team_members.user_id', '=', 'users.id')
            .where('team_members.team_id', '=', teamId),
        ),
      );
    }
    if (filter.q !== undefined && filter.q !== '') {
      const text = filter.q;
      q = q.where((eb) => eb.or([containsText('users.name', text), containsText('users.email', text)]));
    }
    if (after !== undefined) q = q.where('users.id', k.op, after);
    return q.orderBy('users.id', k.order).limit(take).execute();
  });
}

/** Admins who can still log in: a deactivated admin cannot rescue an install. */
export async function countAdmins(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Queryable, row: NewRow<'users'>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUserRow(db: Queryable, id: string, patch: RowPatch<'users'>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function deleteUserRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export function contactMethodsOf(db: Queryable, userIds: string[]): Promise<Row<'contact_methods'>[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('contact_methods').selectAll().where('user_id', 'in', userIds).orderBy('id').execute();
}

export async function insertContactMethod(db: Queryable, row: NewRow<'contact_methods'>): Promise<void> {
  await db.insertInto('contact_methods').values(row).execute();
}

export function findContactMethod(db: Queryable, userId: string, id: string) {
  return db
    .selectFrom('contact_methods')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findContactMethodByAddress(
  db: Queryable,
  userId: string,
  type: ContactMethodType,
  address: string,
): Promise<Row<'contact_methods'> | undefined> {
  return db
    .selectFrom('contact_methods')
    .selectAll()
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .where('address', '=', address)
    .executeTakeFirst();
}

/** In place, so the notification rules that point at it stay. */
export async function updateContactMethodRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'contact_methods'>,
): Promise<void> {
  await db.updateTable('contact_methods').set(patch).where('id', '=', id).execute();
}

export type NotificationRuleRow = Row<'notification_rules'> & { contact_method_type: ContactMethodType };

function selectRules(db: Queryable) {
  return db
    .selectFrom('notification_rules')
    .innerJoin('contact_methods', 'contact_methods.id', 'notification_rules.contact_method_id')
    .selectAll('notification_rules')
    .select('contact_methods.type as contact_method_type');
}

/** In the order they fire: high urgency first, then by delay. */
export function notificationRulesOf(db: Queryable, userId: string): Promise<NotificationRuleRow[]> {
  return selectRules(db)
    .where('notification_rules.user_id', '=', userId)
    .orderBy('notification_rules.urgency')
    .orderBy('notification_rules.delay_minutes')
    .orderBy('notification_rules.id')
    .execute();
}

export function findNotificationRule(
  db: Queryable,
  userId: string,
  id: string,
): Promise<NotificationRuleRow | undefined> {
  return selectRules(db)
    .where('notification_rules.user_id', '=', userId)
    .where('notification_rules.id', '=', id)
    .executeTakeFirst();
}

export async function insertNotificationRule(
  db: Queryable,
  row: NewRow<'notification_rules'>,
): Promise<void> {
  await db.insertInto('notification_rules').values(row).execute();
}

export async function deleteNotificationRuleRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('notification_rules').where('id', '=', id).execute();
}

/** Its notification rules go with it (cascade). */
export async function deleteContactMethodRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('contact_methods').where('id', '=', id).execute();
}

/** The signing-secret columns of a contact method (encrypted values; see signing-secrets.ts). */
export type SigningSecretColumns = Pick<
  Row<'contact_methods'>,
  'id' | 'type' | 'signing_secret' | 'previous_signing_secret' | 'previous_signing_secret_until'
>;

export function findSigningSecretColumns(
  db: Queryable,
  id: string,
): Promise<SigningSecretColumns | undefined> {
  return db
    .selectFrom('contact_methods')
    .select(['id', 'type', 'signing_secret', 'previous_signing_secret', 'previous_signing_secret_until'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Compare-and-set of the signing secret: writes only while the stored value is still `expected`,
 * so two nodes generating a first secret at once agree on one. True when this call wrote.
 */
export async function replaceSigningSecret(
  db: Queryable,
  id: string,
  expected: string | null,
  next: {
    signing_secret: string;
    previous_signing_secret: string | null;
    previous_signing_secret_until: number | null;
  },
): Promise<boolean> {
  const res = await db
    .updateTable('contact_methods')
    .set(next)
    .where('id', '=', id)
    .where('signing_secret', expected === null ? 'is' : '=', expected)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Names of the users with these ids, in one query (the actor presenter's batch look-up). */
export function userNamesByIds(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Name and time zone, for paging them (the page records the part of their day). */
export function usersToPage(
  db: Queryable,
  ids: string[],
): Promise<{ id: string; name: string; time_zone: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'name', 'time_zone']).where('id', 'in', ids).execute();
}

/**
 * Schedules whose rotation has `userId` in the layer version in force at `now` or in a planned
 * one. Superseded versions keep naming people who left the rotation; they are history only.
 */
export async function schedulesRotating(
  db: Queryable,
  userId: string,
  now: number,
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('schedule_layer_versions as v')
    .innerJoin('schedule_layers as l', 'l.id', 'v.layer_id')
    .innerJoin('schedules as s', 's.id', 'l.schedule_id')
    .select(['s.id', 's.name', 'v.layer_id', 'v.effective_from', 'v.end_at', 'v.participants'])
    .where(containsText('v.participants', userId))
    .orderBy('s.name')
    .execute();
  const latestPast = new Map<string, number>();
  const layerIds = [...new Set(rows.map((r) => r.layer_id))];
  const versions = await inSlices(layerIds, (ids) =>
    db
      .selectFrom('schedule_layer_versions')
      .select(['layer_id', 'effective_from'])
      .where('layer_id', 'in', ids)
      .orderBy('layer_id')
      .orderBy('effective_from')
      .execute(),
  );
  for (const r of versions) {
    if (r.effective_from <= now) latestPast.set(r.layer_id, r.effective_from);
  }
  const found = new Map<string, string>();
  for (const r of rows) {
    const live = r.effective_from > now || latestPast.get(r.layer_id) === r.effective_from;
    const ended = r.end_at !== null && r.end_at <= now;
    if (live && !ended && (JSON.parse(r.participants) as string[]).includes(userId)) found.set(r.id, r.name);
  }
  return [...found].map(([id, name]) => ({ id, name }));
}

/**
 * Schedules where `userId` has an override or a temporary-schedule shift not yet over: after a
 * deactivation those hours have nobody on call from that schedule.
 */
export async function schedulesCovering(
  db: Queryable,
  userId: string,
  now: number,
): Promise<{ overrides: { id: string; name: string }[]; temporary: { id: string; name: string }[] }> {
  const overrides = await db
    .selectFrom('schedule_overrides as o')
    .innerJoin('schedules as s', 's.id', 'o.schedule_id')
    .select(['s.id', 's.name'])
    .distinct()
    .where('o.user_id', '=', userId)
    .where('o.end_at', '>', now)
    .orderBy('s.name')
    .execute();
  const plans = await db
    .selectFrom('schedule_temporary as t')
    .innerJoin('schedules as s', 's.id', 't.schedule_id')
    .select(['s.id', 's.name', 't.shifts'])
    .where('t.end_at', '>', now)
    .where(containsText('t.shifts', userId))
    .orderBy('s.name')
    .execute();
  const temporary = new Map<string, string>();
  for (const p of plans) {
    const shifts = JSON.parse(p.shifts) as { user_id: string; end_at: number }[];
    if (shifts.some((x) => x.user_id === userId && x.end_at > now)) temporary.set(p.id, p.name);
  }
  return { overrides, temporary: [...temporary].map(([id, name]) => ({ id, name })) };
}

/** The teams `userId` is on, by name (what a deactivation confirmation lists). */
export function teamsOf(db: Queryable, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id', 'teams.name'])
    .where('team_members.user_id', '=', userId)
    .orderBy('teams.name')
    .execute();
}

/**
 * Cancels the user's pages not yet sent (a rule's later step, a retry): a deactivated person is
 * never paged, including by what was planned before. The notifications table belongs to a
 * higher layer (notify); this write is here because deactivation is the users domain's.
 */
export async function cancelPendingNotificationsOf(
  db: Queryable,
  userId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'cancelled', locked_by: null, updated_at: now })
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .execute();
}

export async function insertInvite(db: Queryable, row: NewRow<'user_invites'>): Promise<void> {
  await db.insertInto('user_invites').values(row).execute();
}

export function findInvite(db: Queryable, tokenHash: string): Promise<Row<'user_invites'> | undefined> {
  return db.selectFrom('user_invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks the invite used unless it already was; true when this call did (two tabs: one wins). */
export async function useInvite(db: Queryable, tokenHash: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('user_invites')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Unused invites are void once the person is deactivated or sent a newer link. */
export async function deleteOpenInvitesOf(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom('user_invites').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Which of `userIds` have an invite not yet used (their status is "invited" until they accept). */
export async function usersWithOpenInvites(db: Queryable, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('user_invites')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('used_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The deactivated users among `ids`, by id with their names (one query). */
export async function deactivatedAmong(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await inSlices([...new Set(ids)], (slice) =>
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', slice)
      .where('deactivated_at', 'is not', null)
      .execute(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
