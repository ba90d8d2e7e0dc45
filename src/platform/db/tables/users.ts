import type { Urgency } from './incidents.ts';

/** People, how to reach them and when (src/users owns these; its repository.ts queries them). */
export interface UserTables {
  users: UsersTable;
  contact_methods: ContactMethodsTable;
  notification_rules: NotificationRulesTable;
  user_invites: UserInvitesTable;
}

export type UserRole = 'admin' | 'responder' | 'viewer';

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  time_zone: string;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
  /** Set while the person may not log in and is never paged (src/users/deactivate.ts). */
  deactivated_at: number | null;
}

/** A one-time link to choose a first password (src/users/invites.ts); only a keyed hash of its token. */
export interface UserInvitesTable {
  token_hash: string;
  user_id: string;
  /** The admin who sent it (null if they were deleted since). */
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export type ContactMethodType = 'webhook' | 'slack' | 'teams' | 'discord' | 'email' | 'sms' | 'voice';

export interface ContactMethodsTable {
  id: string;
  user_id: string;
  type: ContactMethodType;
  address: string;
  label: string;
  created_at: number;
  /** Webhooks only: the `Tocsin-Signature` secret, encrypted (src/users/signing-secrets.ts); null until first needed. */
  signing_secret: string | null;
  /** The secret before the last rotation, encrypted, still signing alongside until `previous_signing_secret_until`. */
  previous_signing_secret: string | null;
  previous_signing_secret_until: number | null;
}

/** A user's own rule: page this contact method this many minutes in, for incidents of this urgency. */
export interface NotificationRulesTable {
  id: string;
  user_id: string;
  contact_method_id: string;
  urgency: Urgency;
  delay_minutes: number;
  created_at: number;
}
