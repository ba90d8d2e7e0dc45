import { isDeepStrictEqual } from 'node:util';
import { type ConfigKind, KIND_LABEL } from './schema.ts';
import {
  ROTATION_FIELDS,
  type NConfig,
  type NIntegration,
  type NSilence,
  type NWindow,
  overrideKey,
  ruleKey,
} from './normal.ts';
import type { Current, CurrentPeriod, State } from './state.ts';
import { statusPageChanges } from './diff-status.ts';
import type { StatusList } from './normal-status.ts';
import { runbookChanges } from './diff-runbooks.ts';
import { nonDefaultPolicies, sloChanges } from './diff-slos.ts';

/**
 * The plan: what apply would change to make the database match the file. Pure; plan, apply
 * and their tests all compute it here, and apply carries out exactly these changes.
 */

export type Op = 'create' | 'update' | 'delete' | 'replace';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** A change inside an object's sub-list: a member, contact method, layer, integration ... */
export interface ItemChange {
  list: string;
  op: 'add' | 'remove' | 'change';
  key: string;
  fields: FieldChange[];
}

export interface Change {
  kind: ConfigKind;
  /** The object's name (a user's email). */
  name: string;
  op: Op;
  fields: FieldChange[];
  items: ItemChange[];
  /** Why a delete or replace happens when it is not just "missing from the file". */
  reason?: string;
}

export interface Plan {
  changes: Change[];
  /** Things the plan deliberately does not do, said so the user is not surprised. */
  notes: string[];
}

export interface DiffOptions {
  prune: boolean;
  /** Hash of the key in an environment variable, or undefined when it is not set. */
  keyHash(env: string): string | undefined;
  /** The user applying the file: never pruned, so nobody deletes themselves by omission. */
  actorUserId?: string | null;
}

function fieldChanges<T extends object>(desired: T, current: T, fields: readonly (keyof T & string)[]) {
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (!isDeepStrictEqual(desired[field], current[field])) {
      out.push({ field, before: current[field], after: desired[field] });
    }
  }
  return out;
}

/** Adds, removals and changes between two keyed lists; the order inside the lists does not matter. */
function listChanges<T extends object>(
  list: string,
  desired: readonly T[] | undefined,
  current: readonly T[] | undefined,
  key: (item: T) => string,
  fields: readonly (keyof T & string)[],
): ItemChange[] {
  if (desired === undefined) return [];
  const have = new Map((current ?? []).map((c) => [key(c), c]));
  const want = new Set(desired.map(key));
  const out: ItemChange[] = [];
  for (const c of current ?? []) {
    if (!want.has(key(c))) out.push({ list, op: 'remove', key: key(c), fields: [] });
  }
  for (const d of desired) {
    const c = have.get(key(d));
    if (c === undefined) out.push({ list, op: 'add', key: key(d), fields: [] });
    else {
      const changed = fieldChanges(d, c, fields);
      if (changed.length > 0) out.push({ list, op: 'change', key: key(d), fields: changed });
    }
  }
  return out;
}

function changeOf(kind: ConfigKind, name: string, fields: FieldChange[], items: ItemChange[]): Change[] {
  return fields.length === 0 && items.length === 0 ? [] : [{ kind, name, op: 'update', fields, items }];
}

const create = (kind: ConfigKind, name: string): Change => ({
  kind,
  name,
  op: 'create',
  fields: [],
  items: [],
});

function integrationChanges(
  desired: NIntegration[] | undefined,
  current: Map<string, { keyHash: string }>,
  have: NIntegration[] | undefined,
  opts: DiffOptions,
): ItemChange[] {
  const out = listChanges('integrations', desired, have, (i) => i.name, [
    'type',
    'enabled',
    'rate_limit_per_minute',
    'mapping',
    'heartbeat',
  ]);
  // A key in the environment that differs from the stored one is rotated to it.
  for (const d of desired ?? []) {
    const stored = current.get(d.name);
    if (d.key_from_env === undefined || stored === undefined) continue;
    const hash = opts.keyHash(d.key_from_env);
    if (hash === undefined || hash === stored.keyHash) continue;
    const change = { field: 'key', before: '(stored key)', after: `$${d.key_from_env}` };
    const existing = out.find((c) => c.op === 'change' && c.key === d.name);
    if (existing) existing.fields.push(change);
    else out.push({ list: 'integrations', op: 'change', key: d.name, fields: [change] });
  }
  return out;
}

const isPast = (iso: string, now: number) => Date.parse(iso) <= now;

/**
 * Silences and maintenance windows last for a period. One that has ended is history: it is not
 * created from the file, changed or pruned. A start already passed on both sides is the same
 * start (the API records "now" for a start in the past).
 */
function periodChanges<N extends NSilence | NWindow>(
  kind: 'silences' | 'maintenance_windows',
  desired: N,
  current: CurrentPeriod<N> | undefined,
  fields: readonly (keyof N & string)[],
  now: number,
  notes: string[],
): Change[] {
  const label = `${KIND_LABEL[kind]} ${JSON.stringify(desired.name)}`;
  const ended = isPast(desired.ends_at, now);
  if (current === undefined) {
    if (ended) notes.push(`${label} ended at ${desired.ends_at}: not created`);
    return ended ? [] : [create(kind, desired.name)];
  }
  if (current.expired) {
    return ended
      ? []
      : [
          {
            kind,
            name: desired.name,
            op: 'replace',
            fields: [],
            items: [],
            reason: 'the stored one has ended',
          },
        ];
  }
  if (ended) {
    return [
      {
        kind,
        name: desired.name,
        op: 'delete',
        fields: [],
        items: [],
        reason: `ends_at ${desired.ends_at} has passed`,
      },
    ];
  }
  const bothStarted = isPast(desired.starts_at, now) && isPast(current.n.starts_at, now);
  const changes = fieldChanges(desired, current.n, fields).filter(
    (c) => !(c.field === 'starts_at' && bothStarted),
  );
  return changeOf(kind, desired.name, changes, []);
}

export function diffConfig(desired: NConfig, state: State, opts: DiffOptions): Plan {
  const changes: Change[] = [];
  const notes: string[] = [];
  const { now } = state;

  for (const d of desired.users) {
    const c = state.users.get(d.email);
    if (c === undefined) changes.push(create('users', d.email));
    else {
      changes.push(
        ...changeOf('users', d.email, fieldChanges(d, c.n, ['name', 'role', 'time_zone', 'deactivated']), [
          ...listChanges('notification_rules', d.notification_rules, c.n.notification_rules, ruleKey, []),
          ...listChanges('contact_methods', d.contact_methods, c.n.contact_methods, (m) => m.label, [
            'type',
            'address',
          ]),
        ]),
      );
    }
  }

  for (const d of desired.teams) {
    const c = state.teams.get(d.name);
    if (c === undefined) changes.push(create('teams', d.name));
    else {
      changes.push(
        ...changeOf(
          'teams',
          d.name,
          fieldChanges(d, c.n, ['description']),
          listChanges('members', d.members, c.n.members, (m) => m.user, ['role']),
        ),
      );
    }
  }

  for (const d of desired.schedules) {
    const c = state.schedules.get(d.name);
    if (c === undefined) changes.push(create('schedules', d.name));
    const ended = (d.overrides ?? []).filter((o) => isPast(o.end, now));
    for (const o of ended) {
      notes.push(`schedule ${JSON.stringify(d.name)}: override ${overrideKey(o)} has ended: left out`);
    }
    if (c === undefined) continue;
    const overrides = d.overrides?.filter((o) => !isPast(o.end, now));
    changes.push(
      ...changeOf('schedules', d.name, fieldChanges(d, c.n, ['team', 'time_zone', 'description']), [
        ...listChanges('layers', d.layers, c.n.layers, (l) => l.name, ['order', ...ROTATION_FIELDS]),
        ...listChanges('overrides', overrides, c.n.overrides, overrideKey, []),
      ]),
    );
  }

  for (const d of desired.escalation_policies) {
    const c = state.escalation_policies.get(d.name);
    if (c === undefined) changes.push(create('escalation_policies', d.name));
    else {
      const fields = fieldChanges(d, c.n, [
        'description',
        'team',
        'repeat_count',
        'ack_timeout_minutes',
        'levels',
      ]);
      changes.push(...changeOf('escalation_policies', d.name, fields, []));
    }
  }

  for (const d of desired.services) {
    const c = state.services.get(d.name);
    if (c === undefined) changes.push(create('services', d.name));
    else {
      const fields = fieldChanges(d, c.n, [
        'description',
        'team',
        'escalation_policy',
        'alert_grouping',
        'urgency_rules',
      ]);
      if (d.dependencies !== undefined) fields.push(...fieldChanges(d, c.n, ['dependencies']));
      const items = integrationChanges(d.integrations, c.integrations, c.n.integrations, opts);
      changes.push(...changeOf('services', d.name, fields, items));
    }
  }

  for (const d of desired.silences) {
    changes.push(
      ...periodChanges(
        'silences',
        d,
        state.silences.get(d.name),
        ['service', 'matchers', 'starts_at', 'ends_at', 'comment'],
        now,
        notes,
      ),
    );
  }
  for (const d of desired.maintenance_windows) {
    changes.push(
      ...periodChanges(
        'maintenance_windows',
        d,
        state.maintenance_windows.get(d.name),
        ['description', 'services', 'starts_at', 'ends_at'],
        now,
        notes,
      ),
    );
  }

  changes.push(...statusPageChanges(desired, state));
  changes.push(...runbookChanges(desired, state));
  changes.push(...sloChanges(desired, state));
  changes.push(...pruned(desired, state, opts, notes));
  return { changes, notes };
}

/** Objects in the database but not in the file: deleted with --prune, else only counted. */
function pruned(desired: NConfig, state: State, opts: DiffOptions, notes: string[]): Change[] {
  const out: Change[] = [];
  let kept = 0;
  const consider = <N>(
    kind: ConfigKind,
    have: Map<string, Current<N>>,
    want: Set<string>,
    skip: (c: Current<N>) => string | undefined,
  ) => {
    for (const [name, c] of have) {
      if (want.has(name)) continue;
      const why = skip(c);
      if (!opts.prune) {
        // Ended periods are history, not configuration left behind.
        if ((c as Partial<CurrentPeriod<N>>).expired !== true) kept++;
        continue;
      }
      if (why !== undefined) {
        notes.push(`${KIND_LABEL[kind]} ${JSON.stringify(name)} is not in the file but is kept: ${why}`);
        continue;
      }
      out.push({ kind, name, op: 'delete', fields: [], items: [] });
    }
  };
  const names = <T extends { name: string }>(list: T[]) => new Set(list.map((x) => x.name));
  const never = () => undefined;
  const ended = (c: Current<unknown>) =>
    (c as CurrentPeriod<unknown>).expired ? 'it has ended (history)' : undefined;
  // Reverse dependency order, so nothing is deleted while something still being deleted refers to it.
  // Components before services (one may stand for a service); the settings are never deleted.
  // The status page's lists and runbooks only when the file has them: a file about on-call alone
  // leaves the page and the runbooks be. Runbooks before the teams and services they name.
  // SLOs and budget policies the same way, before their services; a pruned policy goes back to
  // the default one, so only stored policies that differ from it are considered.
  const listed = (kind: StatusList) => desired.status_page_lists.includes(kind);
  if (desired.runbooks_listed) consider('runbooks', state.runbooks, names(desired.runbooks), never);
  if (desired.slos_listed) consider('slos', state.slos, names(desired.slos), never);
  if (desired.budget_policies_listed) {
    consider('budget_policies', nonDefaultPolicies(state), names(desired.budget_policies), never);
    for (const c of out) if (c.kind === 'budget_policies') c.reason = 'back to the default policy';
  }
  if (listed('status_page_components'))
    consider(
      'status_page_components',
      state.status_page_components,
      names(desired.status_page_components),
      never,
    );
  if (listed('status_page_templates'))
    consider(
      'status_page_templates',
      state.status_page_templates,
      names(desired.status_page_templates),
      never,
    );
  if (listed('status_page_groups'))
    consider('status_page_groups', state.status_page_groups, names(desired.status_page_groups), never);
  consider('maintenance_windows', state.maintenance_windows, names(desired.maintenance_windows), ended);
  consider('silences', state.silences, names(desired.silences), ended);
  consider('services', state.services, names(desired.services), never);
  consider('escalation_policies', state.escalation_policies, names(desired.escalation_policies), never);
  consider('schedules', state.schedules, names(desired.schedules), never);
  consider('teams', state.teams, names(desired.teams), never);
  consider('users', state.users, new Set(desired.users.map((u) => u.email)), (c) =>
    c.id === opts.actorUserId ? 'it is the user applying this file' : undefined,
  );
  if (kept > 0)
    notes.push(
      `${kept} object${kept === 1 ? '' : 's'} in the database but not in the file left as they are (--prune deletes them)`,
    );
  return out;
}
