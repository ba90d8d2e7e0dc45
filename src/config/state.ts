import type { Queryable } from '../platform/db/connect.ts';
import type { AlertGrouping } from '../services/schemas.ts';
import { parseUrgencyRules } from '../services/urgency.ts';
import { parseConfig } from '../integrations/presenter.ts';
import { parseParticipants, parseRestrictions } from '../oncall/load.ts';
import { parseTargets } from '../escalation/policies/presenter.ts';
import { decodeMatchers } from '../silences/matchers.ts';
import { lifecycleAt } from '../silences/period.ts';
import type { ConfigTarget } from './schema.ts';
import {
  type NConfig,
  type NContactMethod,
  type NPolicy,
  type NRule,
  type NSchedule,
  type NService,
  type NSilence,
  type NTeam,
  type NUser,
  type NWindow,
  normalHeartbeat,
  normalGrouping,
  normalRestriction,
  overrideKey,
  ruleKey,
  sortBy,
  sortedStrings,
} from './normal.ts';
import { type ConfigRows, readConfigRows } from './repository.ts';
import { type StatusPageState, readStatusPageState } from './state-status.ts';
import { STATUS_LISTS } from './normal-status.ts';
import { type RunbookState, readRunbookState } from './state-runbooks.ts';
import { type SloState, readSloState } from './state-slos.ts';

/**
 * What the database holds, in the normal form of normal.ts, with the ids apply needs to change
 * it. Every sub-list is present (the database always "manages" them); the diff only looks at the
 * ones the file gives.
 */
export interface Current<N> {
  id: string;
  n: N;
}

export interface CurrentUser extends Current<NUser & Required<Pick<NUser, 'contact_methods'>>> {
  /** By the label the file uses (see effectiveLabels). */
  methodIds: Map<string, string>;
  ruleIds: Map<string, string>;
}

export interface CurrentService extends Current<NService> {
  integrations: Map<string, { id: string; keyHash: string }>;
}

export interface CurrentSchedule extends Current<NSchedule> {
  layerIds: Map<string, string>;
  overrideIds: Map<string, string>;
}

export interface CurrentPeriod<N> extends Current<N> {
  /** Ended periods are history: never changed, pruned or exported. */
  expired: boolean;
}

export interface State extends StatusPageState, RunbookState, SloState {
  now: number;
  teams: Map<string, Current<NTeam>>;
  users: Map<string, CurrentUser>;
  services: Map<string, CurrentService>;
  schedules: Map<string, CurrentSchedule>;
  escalation_policies: Map<string, Current<NPolicy>>;
  silences: Map<string, CurrentPeriod<NSilence>>;
  maintenance_windows: Map<string, CurrentPeriod<NWindow>>;
}

export async function readState(db: Queryable, now: number): Promise<State> {
  const rows = await readConfigRows(db, now);
  const names = namesOf(rows);
  return buildState(
    rows,
    now,
    await readStatusPageState(db, names.service),
    await readRunbookState(db, names),
    await readSloState(db, names.service),
  );
}

/** A database without a status page configured (the default of buildState, for tests). */
const NO_STATUS_PAGE: StatusPageState = {
  status_page: new Map(),
  status_page_groups: new Map(),
  status_page_components: new Map(),
  status_page_templates: new Map(),
};

/** A database without runbooks (the default of buildState, for tests). */
const NO_RUNBOOKS: RunbookState = { runbooks: new Map() };

/** A database without SLOs or budget policies (the default of buildState, for tests). */
const NO_SLOS: SloState = { slos: new Map(), budget_policies: new Map() };

/** A stand-in for a reference to a deleted object: never equal to anything in a file. */
const gone = (id: string) => `<deleted ${id}>`;
export const isGone = (name: string) => name.startsWith('<deleted ');

/**
 * The file names contact methods by label, but the API lets labels be empty or repeated. Each
 * method gets the label it has when that is unique for the user; an empty one becomes its type
 * (`slack`, `slack-2` ...) and a repeated one is numbered (`work-2`), in creation order, so
 * export and apply agree on the same names.
 */
export function effectiveLabels(methods: readonly { label: string; type: string }[]): string[] {
  const taken = new Set<string>();
  return methods.map((m) => {
    const own = m.label.trim() === '' ? '' : m.label;
    let label = own !== '' && !taken.has(own) ? own : '';
    for (let n = 1; label === ''; n++) {
      const base = own === '' ? m.type : own;
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!taken.has(candidate)) label = candidate;
    }
    taken.add(label);
    return label;
  });
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list === undefined) out.set(k, [row]);
    else list.push(row);
  }
  return out;
}

export function buildState(
  rows: ConfigRows,
  now: number,
  statusPage = NO_STATUS_PAGE,
  runbooks = NO_RUNBOOKS,
  slos = NO_SLOS,
): State {
  const names = namesOf(rows);
  return {
    ...statusPage,
    ...runbooks,
    ...slos,
    now,
    teams: teamsOf(rows, names),
    users: usersOf(rows),
    services: servicesOf(rows, names),
    schedules: schedulesOf(rows, names),
    escalation_policies: policiesOf(rows, names),
    silences: silencesOf(rows, names, now),
    maintenance_windows: windowsOf(rows, names, now),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How the file names what rows refer to by id: people by email, everything else by name. */
interface Names {
  user: (id: string) => string;
  team: (id: string) => string;
  service: (id: string) => string;
  schedule: (id: string) => string;
  policy: (id: string) => string;
}

function namesOf(rows: ConfigRows): Names {
  const byId = (pairs: [string, string][]) => {
    const names = new Map(pairs);
    return (id: string) => names.get(id) ?? gone(id);
  };
  return {
    user: byId(rows.users.map((u) => [u.id, u.email])),
    team: byId(rows.teams.map((t) => [t.id, t.name])),
    service: byId(rows.services.map((s) => [s.id, s.name])),
    schedule: byId(rows.schedules.map((s) => [s.id, s.name])),
    policy: byId(rows.policies.map((p) => [p.id, p.name])),
  };
}

/** Users by email, with their contact methods under the labels the file uses. */
function usersOf(rows: ConfigRows): Map<string, CurrentUser> {
  const users = new Map<string, CurrentUser>();
  const methodsOf = groupBy(rows.contactMethods, (m) => m.user_id);
  const rulesOf = groupBy(rows.rules, (r) => r.user_id);
  for (const u of rows.users) {
    const methods = methodsOf.get(u.id) ?? [];
    const labels = effectiveLabels(methods);
    const labelOf = new Map(methods.map((m, i) => [m.id, labels[i] ?? m.type]));
    const contactMethods: NContactMethod[] = methods.map((m, i) => ({
      label: labels[i] ?? m.type,
      type: m.type,
      address: m.address,
    }));
    const rules: (NRule & { id: string })[] = (rulesOf.get(u.id) ?? []).map((r) => ({
      id: r.id,
      contact_method: labelOf.get(r.contact_method_id) ?? gone(r.contact_method_id),
      delay_minutes: r.delay_minutes,
      urgency: r.urgency,
    }));
    users.set(u.email, {
      id: u.id,
      n: {
        name: u.name,
        email: u.email,
        role: u.role,
        time_zone: u.time_zone,
        deactivated: u.deactivated_at !== null,
        contact_methods: sortBy(contactMethods, (c) => c.label),
        notification_rules: sortBy(
          rules.map(({ id: _id, ...r }) => r),
          ruleKey,
        ),
      },
      methodIds: new Map(methods.map((m, i) => [labels[i] ?? m.type, m.id])),
      ruleIds: new Map(rules.map((r) => [ruleKey(r), r.id])),
    });
  }
  return users;
}

function teamsOf(rows: ConfigRows, names: Names): Map<string, Current<NTeam>> {
  const teams = new Map<string, Current<NTeam>>();
  const membersOf = groupBy(rows.members, (m) => m.team_id);
  for (const t of rows.teams) {
    const members = (membersOf.get(t.id) ?? []).map((m) => ({
      user: names.user(m.user_id),
      role: m.role,
    }));
    teams.set(t.name, {
      id: t.id,
      n: { name: t.name, description: t.description, members: sortBy(members, (m) => m.user) },
    });
  }
  return teams;
}

/** Services with their dependencies and integrations (integrations by name, with their key hashes). */
function servicesOf(rows: ConfigRows, names: Names): Map<string, CurrentService> {
  const services = new Map<string, CurrentService>();
  const depsOf = groupBy(rows.dependencies, (d) => d.service_id);
  const integrationsOf = groupBy(rows.integrations, (i) => i.service_id);
  for (const s of rows.services) {
    const integrations = integrationsOf.get(s.id) ?? [];
    services.set(s.name, {
      id: s.id,
      n: {
        name: s.name,
        description: s.description,
        team: names.team(s.team_id),
        escalation_policy: s.escalation_policy_id === null ? null : names.policy(s.escalation_policy_id),
        dependencies: sortedStrings((depsOf.get(s.id) ?? []).map((d) => names.service(d.depends_on_id))),
        alert_grouping: normalGrouping(
          s.alert_grouping === null ? undefined : (JSON.parse(s.alert_grouping) as AlertGrouping),
        ),
        urgency_rules: parseUrgencyRules(s.urgency_rules),
        integrations: sortBy(
          integrations.map((i) => {
            const config = parseConfig(i);
            return {
              name: i.name,
              type: i.type,
              enabled: i.disabled_at === null,
              rate_limit_per_minute: i.rate_limit_per_minute,
              mapping: config.mapping ?? null,
              heartbeat: normalHeartbeat(config.heartbeat),
            };
          }),
          (i) => i.name,
        ),
      },
      integrations: new Map(integrations.map((i) => [i.name, { id: i.id, keyHash: i.key_hash }])),
    });
  }
  return services;
}

/** Schedules with their layers (each as its newest version) and their live overrides. */
function schedulesOf(rows: ConfigRows, names: Names): Map<string, CurrentSchedule> {
  const schedules = new Map<string, CurrentSchedule>();
  const layersOf = groupBy(rows.layers, (l) => l.schedule_id);
  const versionsOf = groupBy(rows.versions, (v) => v.layer_id);
  const overridesOf = groupBy(rows.overrides, (o) => o.schedule_id);
  for (const s of rows.schedules) {
    const layers = layersOf.get(s.id) ?? [];
    const overrides = (overridesOf.get(s.id) ?? []).map((o) => ({
      id: o.id,
      user: names.user(o.user_id),
      start: iso(o.start_at),
      end: iso(o.end_at),
    }));
    schedules.set(s.name, {
      id: s.id,
      n: {
        name: s.name,
        team: names.team(s.team_id),
        time_zone: s.time_zone,
        description: s.description,
        layers: layers
          .map((l) => {
            // The newest version, planned ones included: that is where the layer is heading.
            const v = versionsOf.get(l.id)?.at(-1);
            return {
              name: l.name,
              order: l.position,
              time_zone: v?.time_zone ?? s.time_zone,
              start_date: v?.start_date ?? '',
              handoff_time: v?.handoff_time ?? '',
              shift_length: v?.shift_length ?? 0,
              shift_unit: v?.shift_unit ?? 'weeks',
              end: v?.end_at == null ? null : iso(v.end_at),
              restrictions: v === undefined ? [] : parseRestrictions(v.restrictions).map(normalRestriction),
              participants: v === undefined ? [] : parseParticipants(v.participants).map(names.user),
            };
          })
          .sort((a, b) => a.order - b.order),
        overrides: sortBy(
          overrides.map(({ id: _id, ...o }) => o),
          overrideKey,
        ),
      },
      layerIds: new Map(layers.map((l) => [l.name, l.id])),
      overrideIds: new Map(overrides.map((o) => [overrideKey(o), o.id])),
    });
  }
  return schedules;
}

/** An escalation target as the file writes it: `{ user: email }`, `{ schedule: name }` ... */
function targetOf(t: { type: string; id: string }, names: Names): ConfigTarget {
  switch (t.type) {
    case 'user':
      return { user: names.user(t.id) };
    case 'team':
      return { team: names.team(t.id) };
    case 'schedule':
      return { schedule: names.schedule(t.id) };
    default:
      return { schedule_round_robin: names.schedule(t.id) };
  }
}

function policiesOf(rows: ConfigRows, names: Names): Map<string, Current<NPolicy>> {
  const policies = new Map<string, Current<NPolicy>>();
  const levelsOf = groupBy(rows.levels, (l) => l.policy_id);
  for (const p of rows.policies) {
    policies.set(p.name, {
      id: p.id,
      n: {
        name: p.name,
        description: p.description,
        team: p.team_id === null ? null : names.team(p.team_id),
        repeat_count: p.repeat_count,
        ack_timeout_minutes: p.ack_timeout_minutes,
        levels: (levelsOf.get(p.id) ?? []).map((l) => ({
          delay_minutes: l.delay_minutes,
          targets: parseTargets(l.targets).map((t) => targetOf(t, names)),
        })),
      },
    });
  }
  return policies;
}

/** Named silences only (readConfigRows leaves the others out); ended ones are marked expired. */
function silencesOf(rows: ConfigRows, names: Names, now: number): Map<string, CurrentPeriod<NSilence>> {
  const silences = new Map<string, CurrentPeriod<NSilence>>();
  for (const s of rows.silences) {
    if (s.name === null) continue;
    silences.set(s.name, {
      id: s.id,
      expired: lifecycleAt(s, now) === 'expired',
      n: {
        name: s.name,
        service: s.service_id === null ? null : names.service(s.service_id),
        matchers: decodeMatchers(s.matchers),
        starts_at: iso(s.starts_at),
        ends_at: iso(s.ends_at),
        comment: s.comment,
      },
    });
  }
  return silences;
}

function windowsOf(rows: ConfigRows, names: Names, now: number): Map<string, CurrentPeriod<NWindow>> {
  const windows = new Map<string, CurrentPeriod<NWindow>>();
  const linksOf = groupBy(rows.windowServices, (l) => l.window_id);
  for (const w of rows.windows) {
    windows.set(w.name, {
      id: w.id,
      expired: lifecycleAt(w, now) === 'expired',
      n: {
        name: w.name,
        description: w.description,
        services: sortedStrings((linksOf.get(w.id) ?? []).map((l) => names.service(l.service_id))),
        starts_at: iso(w.starts_at),
        ends_at: iso(w.ends_at),
      },
    });
  }
  return windows;
}

/** The database's configuration as a normal config (for export): ended periods left out. */
export function stateConfig(state: State): NConfig {
  const values = <N>(m: Map<string, Current<N>>) => [...m.values()].map((c) => c.n);
  const live = <N>(m: Map<string, CurrentPeriod<N>>) =>
    [...m.values()].filter((c) => !c.expired).map((c) => c.n);
  return {
    teams: values(state.teams),
    users: values(state.users),
    services: values(state.services),
    schedules: values(state.schedules),
    escalation_policies: values(state.escalation_policies),
    silences: live(state.silences),
    maintenance_windows: live(state.maintenance_windows),
    status_page: values(state.status_page),
    status_page_groups: values(state.status_page_groups),
    status_page_components: values(state.status_page_components),
    status_page_templates: values(state.status_page_templates),
    status_page_lists: [...STATUS_LISTS],
    runbooks: values(state.runbooks),
    runbooks_listed: true,
    slos: values(state.slos),
    slos_listed: true,
    budget_policies: values(state.budget_policies),
    budget_policies_listed: true,
  };
}
