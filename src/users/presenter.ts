import { type Actor, actorRole, actorUserId } from '../platform/auth/actor.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { NotificationRuleRow } from './repository.ts';
import type { NotificationRuleView, UserView } from './schemas.ts';

export function presentContactMethod(row: Row<'contact_methods'>) {
  return {
    id: row.id,
    type: row.type,
    address: row.address,
    label: row.label,
    created_at: iso(row.created_at),
  };
}

export function presentNotificationRule(row: NotificationRuleRow): NotificationRuleView {
  return {
    id: row.id,
    contact_method_id: row.contact_method_id,
    contact_method_type: row.contact_method_type,
    delay_minutes: row.delay_minutes,
    urgency: row.urgency,
    created_at: iso(row.created_at),
  };
}

/** The only shape of a user that leaves the server, and what the audit log records: never the password hash. */
export function presentUser(
  row: Row<'users'>,
  contactMethods: Row<'contact_methods'>[],
  invited: boolean,
): UserView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    time_zone: row.time_zone,
    has_password: row.password_hash !== null,
    status: row.deactivated_at !== null ? 'deactivated' : invited ? 'invited' : 'active',
    deactivated_at: iso(row.deactivated_at),
    contact_methods: contactMethods.map(presentContactMethod),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/**
 * What `actor` may see of `user`: contact addresses are the owner's and admins' only (chat
 * webhook URLs are credentials; phones and emails are personal). Everyone else gets the methods
 * with masked addresses, enough to tell them apart ("slack to hooks.slack.com"). Every route
 * that shows someone's contact methods goes through here.
 */
export function userSeenBy(actor: Actor, user: UserView): UserView {
  if (actorRole(actor) === 'admin' || actorUserId(actor) === user.id) return user;
  return {
    ...user,
    contact_methods: user.contact_methods.map((m) => ({ ...m, address: maskAddress(m.type, m.address) })),
  };
}

export function maskAddress(type: ContactMethodType, address: string): string {
  switch (type) {
    case 'email': {
      const at = address.lastIndexOf('@');
      return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
    }
    case 'sms':
    case 'voice':
      // E.164: keep the country-code start and the last four digits, as banks do.
      return address.length <= 6
        ? '*'.repeat(address.length)
        : `${address.slice(0, 2)}${'*'.repeat(address.length - 6)}${address.slice(-4)}`;
    case 'webhook':
    case 'slack':
    case 'teams':
    case 'discord':
      try {
        const url = new URL(address);
        return `${url.protocol}//${url.host}/…`;
      } catch {
        return '…';
      }
  }
}
