import type { Urgency } from './incidents.ts';

/** People, how to reach them and when (src/users owns these; its repository.ts queries them). */
export interface UserTables {
  users: UsersTable;
  contact_methods: ContactMethodsTable;
  notification_rules: NotificationRulesTable;
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
