import { Type, type Static } from '@sinclair/typebox';
import type { Queryable } from '../platform/db/connect.ts';
import { StringEnum } from '../platform/http/schema.ts';
import { userNamesByIds } from './repository.ts';

/**
 * Who did something, as every answer shows it: `{type, id, name}`. Storage keeps a short
 * reference (`user:usr_...`, `system:engine`, and from before references existed the phrases
 * `alerts resolved` / `alerts acknowledged`, `merged into INC-42`, and bare user ids; `alert:<id>` is reserved for an
 * alert acting); this turns each into a person's
 * current name or a readable name for the system part that acted. API tokens act as their user.
 */
export const Actor = Type.Object(
  {
    type: StringEnum(['user', 'token', 'system', 'alert'] as const),
    id: Type.String({
      description:
        'a user id (a token acts for its user), or the name of the system part (engine, ingest, alerts, cli, config ...)',
    }),
    name: Type.String({ description: "the user's current name, or what the system part is" }),
  },
  { description: 'who acted' },
);
export type ActorView = Static<typeof Actor>;
export const NullableActor = Type.Union([Actor, Type.Null()]);

/** User names by id, loaded once for a whole answer. */
export type ActorNames = ReadonlyMap<string, string>;

const SYSTEM_NAMES: Record<string, string> = {
  engine: 'Tocsin engine',
  ingest: 'Alert ingestion',
  alerts: 'Alerts',
  cli: 'Tocsin CLI',
  config: 'Configuration as code',
  bootstrap: 'First start',
  'change-events': 'Change events',
  login: 'Login',
  'calendar feed': 'Calendar feed',
};

/** Stored phrases that predate `system:` references (ingest wrote them when every alert closed). */
const PHRASES: Record<string, ActorView> = {
  'alerts resolved': { type: 'system', id: 'alerts', name: 'All alerts resolved' },
  'alerts acknowledged': { type: 'system', id: 'alerts', name: 'All alerts acknowledged' },
};

const USER_ID = /^usr_[0-9A-Z]{26}$/;

function userIdOf(ref: string): string | undefined {
  const id = ref.startsWith('user:') ? ref.slice(5) : ref;
  return USER_ID.test(id) ? id : undefined;
}

/** The user ids among stored references, for one batch look-up. */
export function actorUserIds(refs: Iterable<string | null | undefined>): string[] {
  const ids = new Set<string>();
  for (const ref of refs) {
    const id = ref == null ? undefined : userIdOf(ref);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

/** One query for every user the references name. */
export async function loadActorNames(
  db: Queryable,
  refs: Iterable<string | null | undefined>,
): Promise<ActorNames> {
  const rows = await userNamesByIds(db, actorUserIds(refs));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function presentActor(ref: string, names: ActorNames): ActorView {
  const userId = userIdOf(ref);
  if (userId !== undefined) return { type: 'user', id: userId, name: names.get(userId) ?? 'deleted user' };
  const phrase = PHRASES[ref];
  if (phrase !== undefined) return { ...phrase };
  // A merge closes the source incident `merged into INC-42`.
  const merged = /^merged into (.+)$/.exec(ref);
  if (merged) return { type: 'system', id: 'merge', name: `Merged into ${merged[1]!}` };
  if (ref.startsWith('alert:')) return { type: 'alert', id: ref.slice(6), name: 'Alert' };
  const id = ref.startsWith('system:') ? ref.slice(7) : ref;
  return { type: 'system', id, name: SYSTEM_NAMES[id] ?? id };
}

export function presentActorOrNull(ref: string | null, names: ActorNames): ActorView | null {
  return ref === null ? null : presentActor(ref, names);
}

/** An audit row's actor columns in the same shape (the name as it was when the row was written). */
export function presentAuditActor(r: {
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
}): ActorView {
  const type = r.actor_type === 'user' || r.actor_type === 'token' ? r.actor_type : 'system';
  return { type, id: r.actor_id ?? r.actor_name, name: r.actor_name };
}
