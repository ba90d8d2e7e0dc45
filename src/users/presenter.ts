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
export function presentUser(row: Row<'users'>, contactMethods: Row<'contact_methods'>[]): UserView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    time_zone: row.time_zone,
    has_password: row.password_hash !== null,
    contact_methods: contactMethods.map(presentContactMethod),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
