import type { Row } from '../src/platform/db/tables.ts';
import { type Change, type DiffOptions, type Plan, diffConfig } from '../src/config/diff.ts';
import { normalizeConfig } from '../src/config/normal.ts';
import type { ConfigRows } from '../src/config/repository.ts';
import type { TocsinConfig } from '../src/config/schema.ts';
import { buildState } from '../src/config/state.ts';

/**
 * Database rows written by hand for the pure tests of config plans (src/config/diff*.test.ts,
 * state.test.ts): every table of ConfigRows, one small constructor per row kind, and `plan()`,
 * which diffs a file against such rows at NOW.
 */
export const NOW = Date.parse('2026-12-01T00:00:00.000Z');
export const ms = (iso: string) => Date.parse(iso);

// ---- database rows, by hand ------------------------------------------------------------------

export function rows(partial: Partial<ConfigRows>): ConfigRows {
  return {
    users: [],
    contactMethods: [],
    rules: [],
    teams: [],
    members: [],
    services: [],
    dependencies: [],
    integrations: [],
    schedules: [],
    layers: [],
    versions: [],
    overrides: [],
    policies: [],
    levels: [],
    silences: [],
    windows: [],
    windowServices: [],
    ...partial,
  };
}

export const user = (id: string, email: string, more: Partial<ConfigRows['users'][number]> = {}) => ({
  id,
  name: email.split('@')[0] ?? email,
  email,
  role: 'responder' as const,
  time_zone: 'UTC',
  deactivated_at: null,
  ...more,
});

export const method = (
  id: string,
  user_id: string,
  type: Row<'contact_methods'>['type'],
  label: string,
  address: string,
): Row<'contact_methods'> => ({
  id,
  user_id,
  type,
  label,
  address,
  created_at: 0,
  signing_secret: null,
  previous_signing_secret: null,
  previous_signing_secret_until: null,
});

export const rule = (
  id: string,
  user_id: string,
  contact_method_id: string,
  urgency: 'high' | 'low',
  delay_minutes: number,
): Row<'notification_rules'> => ({ id, user_id, contact_method_id, urgency, delay_minutes, created_at: 0 });

export const team = (id: string, name: string, description = ''): Row<'teams'> => ({
  id,
  name,
  description,
  created_at: 0,
  updated_at: 0,
});

export const member = (
  team_id: string,
  user_id: string,
  role: 'member' | 'manager' = 'member',
): Row<'team_members'> => ({
  team_id,
  user_id,
  role,
  created_at: 0,
});

export const service = (
  id: string,
  name: string,
  team_id: string,
  more: Partial<Row<'services'>> = {},
): Row<'services'> => ({
  id,
  name,
  description: '',
  team_id,
  alert_grouping: null,
  urgency_rules: null,
  escalation_policy_id: null,
  created_at: 0,
  updated_at: 0,
  ...more,
});

export const integration = (
  id: string,
  service_id: string,
  name: string,
  type: Row<'integrations'>['type'],
  more: Partial<Row<'integrations'>> = {},
): Row<'integrations'> => ({
  id,
  service_id,
  name,
  type,
  key_hash: `hash-${id}`,
  key_prefix: 'k',
  config: '{}',
  rate_limit_per_minute: null,
  disabled_at: null,
  created_at: 0,
  updated_at: 0,
  ...more,
});

export const schedule = (id: string, name: string, team_id: string, time_zone = 'UTC'): Row<'schedules'> => ({
  id,
  name,
  description: '',
  team_id,
  time_zone,
  created_at: 0,
  updated_at: 0,
});

export const layer = (
  id: string,
  schedule_id: string,
  name: string,
  position: number,
): Row<'schedule_layers'> => ({
  id,
  schedule_id,
  name,
  position,
  created_at: 0,
  updated_at: 0,
});

export const version = (
  id: string,
  layer_id: string,
  participants: string[],
  more: Partial<Row<'schedule_layer_versions'>> = {},
): Row<'schedule_layer_versions'> => ({
  id,
  layer_id,
  effective_from: 0,
  time_zone: 'UTC',
  start_date: '2026-11-02',
  handoff_time: '09:00',
  shift_length: 1,
  shift_unit: 'weeks',
  end_at: null,
  restrictions: '[]',
  participants: JSON.stringify(participants),
  rotation_offset: 0,
  created_at: 0,
  ...more,
});

export const override = (
  id: string,
  schedule_id: string,
  user_id: string,
  start: string,
  end: string,
): Row<'schedule_overrides'> => ({
  id,
  schedule_id,
  user_id,
  start_at: ms(start),
  end_at: ms(end),
  swap_id: null,
  created_by: 'u_admin',
  created_at: 0,
});

export const policy = (
  id: string,
  name: string,
  more: Partial<Row<'escalation_policies'>> = {},
): Row<'escalation_policies'> => ({
  id,
  name,
  description: '',
  team_id: null,
  repeat_count: 0,
  ack_timeout_minutes: null,
  created_at: 0,
  updated_at: 0,
  ...more,
});

export const level = (
  id: string,
  policy_id: string,
  position: number,
  delay_minutes: number,
  targets: { type: string; id: string }[],
): Row<'escalation_levels'> => ({ id, policy_id, position, delay_minutes, targets: JSON.stringify(targets) });

export const silence = (
  id: string,
  name: string,
  starts: string,
  ends: string,
  more: Partial<Row<'silences'>> = {},
): Row<'silences'> => ({
  id,
  name,
  service_id: null,
  matchers: JSON.stringify([{ name: 'env', op: '=', value: 'staging' }]),
  starts_at: ms(starts),
  ends_at: ms(ends),
  comment: 'quiet',
  created_by: 'u_admin',
  created_at: 0,
  updated_at: 0,
  ...more,
});

export const window = (
  id: string,
  name: string,
  starts: string,
  ends: string,
): Row<'maintenance_windows'> => ({
  id,
  name,
  description: '',
  starts_at: ms(starts),
  ends_at: ms(ends),
  created_at: 0,
  updated_at: 0,
});

// ---- plans -----------------------------------------------------------------------------------

export const opts = (more: Partial<DiffOptions> = {}): DiffOptions => ({
  prune: false,
  keyHash: () => undefined,
  ...more,
});

export const file = (config: Omit<TocsinConfig, 'version'>) => normalizeConfig({ version: 1, ...config });

export function plan(
  config: Omit<TocsinConfig, 'version'>,
  db: Partial<ConfigRows>,
  more?: Partial<DiffOptions>,
): Plan {
  return diffConfig(file(config), buildState(rows(db), NOW), opts(more));
}

export const update = (
  kind: Change['kind'],
  name: string,
  fields: Change['fields'],
  items: Change['items'] = [],
) => ({
  kind,
  name,
  op: 'update',
  fields,
  items,
});

export const noChange: Plan = { changes: [], notes: [] };

/** One user, one team, one service, with ids that the other rows refer to. */
export const base = {
  users: [user('u_alice', 'alice@example.com'), user('u_bob', 'bob@example.com')],
  teams: [team('t_ops', 'ops')],
};
export const people: Omit<TocsinConfig, 'version'> = {
  users: [
    { name: 'alice', email: 'alice@example.com' },
    { name: 'bob', email: 'bob@example.com' },
  ],
  teams: [{ name: 'ops' }],
};
