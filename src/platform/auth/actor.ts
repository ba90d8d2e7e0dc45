import type { UserRole } from '../db/tables/users.ts';
import { ForbiddenError } from '../errors.ts';

/**
 * Who is acting. HTTP requests act as a user (session cookie) or an API token; the engine, the
 * CLI and config-as-code act as `system` with a name that lands in the audit log.
 */
export type Actor =
  | { type: 'user'; userId: string; name: string; role: UserRole }
  | { type: 'token'; tokenId: string; userId: string; name: string; role: UserRole }
  | {
      type: 'system';
      name: string;
      /** The person a system actor works for (config applied over HTTP). */ userId?: string;
    };

const RANK: Record<UserRole, number> = { viewer: 0, responder: 1, admin: 2 };

export function roleAtLeast(role: UserRole, needed: UserRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** The lower of two roles: a token never grants more than its owner has. */
export function minRole(a: UserRole, b: UserRole): UserRole {
  return RANK[a] <= RANK[b] ? a : b;
}

export function actorRole(actor: Actor): UserRole {
  return actor.type === 'system' ? 'admin' : actor.role;
}

export function actorUserId(actor: Actor): string | null {
  return actor.type === 'system' ? null : actor.userId;
}

export function requireRole(actor: Actor, needed: UserRole): void {
  if (!roleAtLeast(actorRole(actor), needed)) {
    throw new ForbiddenError(`this action needs the ${needed} role; you have ${actorRole(actor)}`);
  }
}

export const systemActor = (name: string): Actor => ({ type: 'system', name });
