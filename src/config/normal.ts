import type { AlertGrouping } from '../services/schemas.ts';
import { DEFAULT_URGENCY_RULES, type UrgencyRules } from '../services/urgency.ts';
import type { GenericMapping } from '../integrations/schemas.ts';
import type { Restriction, Weekday } from '../oncall/core/types.ts';
import type { Matcher } from '../silences/matchers.ts';
import { normalizeMatchers } from '../silences/matchers.ts';
import type { ConfigTarget, TocsinConfig } from './schema.ts';
import {
  type NStatusComponent,
  type NStatusGroup,
  type NStatusPage,
  type NStatusTemplate,
  type StatusList,
  normalizeStatusPage,
} from './normal-status.ts';
import { type NRunbook, normalizeRunbooks } from './normal-runbooks.ts';
import { type NBudgetPolicy, type NSlo, normalizeSlos } from './normal-slos.ts';

/**
 * The normal form of a configuration: every object as plan and apply compare it, with the API's
 * defaults filled in, emails lowercased, times as UTC ISO strings and unordered lists sorted.
 * Both the file (normalizeConfig) and the database (state.ts) are brought to it, so "no change"
 * is plain deep equality. A sub-list left out of the file (`members`, `contact_methods`,
 * `layers` ...) stays `undefined`: it is not managed, and whatever is in the database stays.
 */

export type TeamMemberRole = 'member' | 'manager';

export interface NTeam {
  name: string;
  description: string;
  members?: { user: string; role: TeamMemberRole }[];
}

export interface NContactMethod {
  label: string;
  type: 'webhook' | 'slack' | 'teams' | 'discord' | 'email' | 'sms' | 'voice';
  address: string;
}

export interface NRule {
  contact_method: string;
  delay_minutes: number;
  urgency: 'high' | 'low';
}

export interface NUser {
  name: string;
  email: string;
  role: 'admin' | 'responder' | 'viewer';
  time_zone: string;
  deactivated: boolean;
  contact_methods?: NContactMethod[];
  notification_rules?: NRule[];
}

export interface NIntegration {
  name: string;
  type: 'events-v2' | 'alertmanager' | 'grafana' | 'generic' | 'heartbeat';
  enabled: boolean;
  rate_limit_per_minute: number | null;
  mapping: GenericMapping | null;
  heartbeat: { period_seconds: number; grace_seconds: number } | null;
  /** Only in the file: the database keeps a hash of the key, never where it came from. */
  key_from_env?: string;
}

export interface NService {
  name: string;
  description: string;
  team: string;
  escalation_policy: string | null;
  dependencies?: string[];
  alert_grouping: AlertGrouping;
  urgency_rules: UrgencyRules;
  integrations?: NIntegration[];
}

export interface NLayer {
  name: string;
  order: number;
  time_zone: string;
  start_date: string;
  handoff_time: string;
  shift_length: number;
  shift_unit: 'hours' | 'days' | 'weeks';
  end: string | null;
  restrictions: Restriction[];
  participants: string[];
}

/** What a layer version holds: a change to any of these is a new version from now on. */
export const ROTATION_FIELDS = [
  'time_zone',
  'start_date',
  'handoff_time',
  'shift_length',
  'shift_unit',
  'end',
  'restrictions',
  'participants',
] as const satisfies readonly (keyof NLayer)[];

export interface NOverride {
  user: string;
  start: string;
  end: string;
}

export interface NSchedule {
  name: string;
  team: string;
  time_zone: string;
  description: string;
  layers?: NLayer[];
  overrides?: NOverride[];
}

export interface NLevel {
  delay_minutes: number;
  targets: ConfigTarget[];
}

export interface NPolicy {
  name: string;
  description: string;
  team: string | null;
  repeat_count: number;
  ack_timeout_minutes: number | null;
  levels: NLevel[];
}

export interface NSilence {
  name: string;
  service: string | null;
  matchers: Matcher[];
  starts_at: string;
  ends_at: string;
  comment: string;
}

export interface NWindow {
  name: string;
  description: string;
  services: string[];
  starts_at: string;
  ends_at: string;
}

export interface NConfig {
  teams: NTeam[];
  users: NUser[];
  services: NService[];
  schedules: NSchedule[];
  escalation_policies: NPolicy[];
  silences: NSilence[];
  maintenance_windows: NWindow[];
  status_page: NStatusPage[];
  status_page_groups: NStatusGroup[];
  status_page_components: NStatusComponent[];
  status_page_templates: NStatusTemplate[];
  /** The status page lists the file has (normal-status.ts). */
  status_page_lists: StatusList[];
  runbooks: NRunbook[];
  /** Whether the file has `runbooks:` (normal-runbooks.ts). */
  runbooks_listed: boolean;
  slos: NSlo[];
  /** Whether the file has `slos:` (normal-slos.ts). */
  slos_listed: boolean;
  budget_policies: NBudgetPolicy[];
  /** Whether the file has `budget_policies:` (normal-slos.ts). */
  budget_policies_listed: boolean;
}

export const DEFAULT_GROUPING: AlertGrouping = { mode: 'dedup_key' };
export const DEFAULT_HEARTBEAT_GRACE = 60;
export const DEFAULT_HANDOFF = '09:00';

export const lower = (email: string) => email.toLowerCase();

/** A UTC ISO string for any RFC 3339 time, so `+01:00` and `Z` spellings of one instant are equal. */
export const isoOf = (time: string) => new Date(Date.parse(time)).toISOString();

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const sortedStrings = (list: readonly string[]) => [...list].sort(compare);
export const sortBy = <T>(list: readonly T[], key: (item: T) => string): T[] =>
  [...list].sort((a, b) => compare(key(a), key(b)));

export const ruleKey = (r: NRule) => `${r.contact_method} ${r.urgency} ${r.delay_minutes}m`;
export const overrideKey = (o: NOverride) => `${o.user} ${o.start} - ${o.end}`;

/** Restrictions with only the keys their type has, in a fixed key order. */
export function normalRestriction(r: {
  type: 'daily' | 'weekly';
  start: string;
  end: string;
  start_day?: Weekday | undefined;
  end_day?: Weekday | undefined;
}): Restriction {
  if (r.type === 'daily') return { type: 'daily', start: r.start, end: r.end };
  return {
    type: 'weekly',
    start_day: r.start_day ?? 'mon',
    start: r.start,
    end_day: r.end_day ?? 'mon',
    end: r.end,
  };
}

export function normalGrouping(g: AlertGrouping | undefined): AlertGrouping {
  if (g === undefined) return DEFAULT_GROUPING;
  const storm = g.storm_threshold_per_minute;
  const tail = storm === undefined ? {} : { storm_threshold_per_minute: storm };
  if (g.mode === 'dedup_key') return { mode: 'dedup_key', ...tail };
  // Grouping sorts the labels itself (incidents/grouping.ts), so their order is not a change.
  return { mode: 'labels', labels: sortedStrings(g.labels), window_minutes: g.window_minutes, ...tail };
}

export function normalHeartbeat(
  h: { period_seconds: number; grace_seconds?: number | undefined } | undefined,
) {
  return h === undefined
    ? null
    : { period_seconds: h.period_seconds, grace_seconds: h.grace_seconds ?? DEFAULT_HEARTBEAT_GRACE };
}

export function normalTarget(t: ConfigTarget): ConfigTarget {
  if (t.user !== undefined) return { user: lower(t.user) };
  if (t.schedule !== undefined) return { schedule: t.schedule };
  if (t.team !== undefined) return { team: t.team };
  return { schedule_round_robin: t.schedule_round_robin ?? '' };
}

/**
 * The file in normal form. It has passed the schema and the reference checks; matchers are
 * parsed here (a bad one throws a ValidationError that the caller locates).
 */
export function normalizeConfig(config: TocsinConfig): NConfig {
  return {
    teams: (config.teams ?? []).map((t) => ({
      name: t.name,
      description: t.description ?? '',
      ...(t.members === undefined
        ? {}
        : {
            members: sortBy(
              t.members.map((m) => ({ user: lower(m.user), role: m.role ?? 'member' })),
              (m) => m.user,
            ),
          }),
    })),
    users: (config.users ?? []).map((u) => ({
      name: u.name,
      email: lower(u.email),
      role: u.role ?? 'responder',
      time_zone: u.time_zone ?? 'UTC',
      deactivated: u.deactivated ?? false,
      ...(u.contact_methods === undefined
        ? {}
        : {
            contact_methods: sortBy(
              u.contact_methods.map((c) => ({ label: c.label, type: c.type, address: c.address })),
              (c) => c.label,
            ),
          }),
      ...(u.notification_rules === undefined
        ? {}
        : {
            notification_rules: sortBy(
              u.notification_rules.map((r) => ({
                contact_method: r.contact_method,
                delay_minutes: r.delay_minutes,
                urgency: r.urgency,
              })),
              ruleKey,
            ),
          }),
    })),
    services: (config.services ?? []).map((s) => ({
      name: s.name,
      description: s.description ?? '',
      team: s.team,
      escalation_policy: s.escalation_policy ?? null,
      ...(s.dependencies === undefined ? {} : { dependencies: sortedStrings(s.dependencies) }),
      alert_grouping: normalGrouping(s.alert_grouping),
      urgency_rules: { ...DEFAULT_URGENCY_RULES, ...s.urgency_rules },
      ...(s.integrations === undefined
        ? {}
        : {
            integrations: sortBy(
              s.integrations.map((i) => ({
                name: i.name,
                type: i.type,
                enabled: i.enabled ?? true,
                rate_limit_per_minute: i.rate_limit_per_minute ?? null,
                mapping: i.mapping ?? null,
                heartbeat: normalHeartbeat(i.heartbeat),
                ...(i.key_from_env === undefined ? {} : { key_from_env: i.key_from_env }),
              })),
              (i) => i.name,
            ),
          }),
    })),
    schedules: (config.schedules ?? []).map((s) => {
      const zone = s.time_zone ?? 'UTC';
      // Layers without an order go after the highest given one, in list order, as the API does.
      let next = Math.max(0, ...(s.layers ?? []).map((l) => l.order ?? 0));
      return {
        name: s.name,
        team: s.team,
        time_zone: zone,
        description: s.description ?? '',
        ...(s.layers === undefined
          ? {}
          : {
              layers: [...s.layers]
                .map((l) => ({
                  name: l.name,
                  order: l.order ?? ++next,
                  time_zone: l.time_zone ?? zone,
                  start_date: l.start_date,
                  handoff_time: l.handoff_time ?? DEFAULT_HANDOFF,
                  shift_length: l.shift_length,
                  shift_unit: l.shift_unit,
                  end: l.end === undefined || l.end === null ? null : isoOf(l.end),
                  restrictions: (l.restrictions ?? []).map(normalRestriction),
                  participants: l.participants.map(lower),
                }))
                .sort((a, b) => a.order - b.order),
            }),
        ...(s.overrides === undefined
          ? {}
          : {
              overrides: sortBy(
                s.overrides.map((o) => ({ user: lower(o.user), start: isoOf(o.start), end: isoOf(o.end) })),
                overrideKey,
              ),
            }),
      };
    }),
    escalation_policies: (config.escalation_policies ?? []).map((p) => ({
      name: p.name,
      description: p.description ?? '',
      team: p.team ?? null,
      repeat_count: p.repeat_count ?? 0,
      ack_timeout_minutes: p.ack_timeout_minutes ?? null,
      levels: p.levels.map((l) => ({ delay_minutes: l.delay_minutes, targets: l.targets.map(normalTarget) })),
    })),
    silences: (config.silences ?? []).map((s, i) => ({
      name: s.name,
      service: s.service ?? null,
      matchers: normalizeMatchers(s.matchers ?? [], `silences.${i}.matchers`),
      starts_at: isoOf(s.starts_at),
      ends_at: isoOf(s.ends_at),
      comment: s.comment,
    })),
    maintenance_windows: (config.maintenance_windows ?? []).map((w) => ({
      name: w.name,
      description: w.description ?? '',
      services: sortedStrings(w.services),
      starts_at: isoOf(w.starts_at),
      ends_at: isoOf(w.ends_at),
    })),
    ...normalizeStatusPage(config),
    ...normalizeRunbooks(config),
    ...normalizeSlos(config),
  };
}
