import type { Queryable } from '../platform/db/connect.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import { contactMethodsOfTypes } from './repository.ts';

/**
 * How people are reached with status updates and reminders when they did not pick a contact
 * method: the least intrusive first. Never voice: a phone call is for being paged, not for news.
 */
export const UPDATE_METHOD_ORDER: readonly ContactMethodType[] = [
  'email',
  'slack',
  'teams',
  'discord',
  'webhook',
  'sms',
];

export interface UpdateMethod {
  id: string;
  type: ContactMethodType;
}

export function usableForUpdates(type: ContactMethodType): boolean {
  return UPDATE_METHOD_ORDER.includes(type);
}

/** Each user's contact methods usable for updates, most preferred first; users without any are absent. */
export async function updateMethodsOf(
  db: Queryable,
  userIds: string[],
): Promise<Map<string, UpdateMethod[]>> {
  const out = new Map<string, UpdateMethod[]>();
  if (userIds.length === 0) return out;
  const rows = await contactMethodsOfTypes(db, [...new Set(userIds)], [...UPDATE_METHOD_ORDER]);
  const rank = (t: ContactMethodType) => UPDATE_METHOD_ORDER.indexOf(t);
  // A stable sort keeps the older of two methods of the same type first.
  for (const r of [...rows].sort((a, b) => rank(a.type) - rank(b.type))) {
    const list = out.get(r.user_id) ?? [];
    list.push({ id: r.id, type: r.type });
    out.set(r.user_id, list);
  }
  return out;
}
