import { runbookTitle } from './normal-runbooks.ts';
import { sloKey, sloName } from './normal-slos.ts';
import { type ConfigKind, KIND_LABEL, type TocsinConfig } from './schema.ts';

/**
 * Checks a configuration that the JSON Schema already accepted for what a schema cannot express:
 * names unique within their kind, every by-name reference resolving, and no dependency cycle.
 * Pure: it only reports paths into the config; load.ts turns them into file:line.
 */

export type ConfigPath = (string | number)[];

export interface ReferenceProblem {
  path: ConfigPath;
  message: string;
  /** Where the first of two same-named objects is, for "already defined at ..." */
  firstPath?: ConfigPath;
}

/**
 * Names of objects that exist in the files but were left out of the check because they failed the
 * schema: references to them must not be reported as missing on top of the schema errors.
 */
export type KnownNames = Partial<Record<ConfigKind, readonly string[]>>;

// The API lowercases emails, so Alice@x and alice@x are the same user.
const userKey = (email: string) => email.toLowerCase();

export function checkReferences(config: TocsinConfig, known: KnownNames = {}): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];

  /** Reports the second and later occurrences of a key among `items`; returns the set of keys. */
  function unique<T>(
    items: readonly T[] | undefined,
    key: (item: T) => string,
    at: (index: number) => ConfigPath,
    describe: (item: T) => string,
    twice = 'is defined twice',
  ): Set<string> {
    const first = new Map<string, number>();
    (items ?? []).forEach((item, i) => {
      const k = key(item);
      const seen = first.get(k);
      if (seen === undefined) first.set(k, i);
      else problems.push({ path: at(i), message: `${describe(item)} ${twice}`, firstPath: at(seen) });
    });
    return new Set(first.keys());
  }

  function names(kind: ConfigKind, items: readonly { name: string }[] | undefined): Set<string> {
    const set = unique(
      items,
      (x) => x.name,
      (i) => [kind, i, 'name'],
      (x) => `${KIND_LABEL[kind]} ${JSON.stringify(x.name)}`,
    );
    for (const n of known[kind] ?? []) set.add(n);
    return set;
  }

  const teams = names('teams', config.teams);
  const services = names('services', config.services);
  const schedules = names('schedules', config.schedules);
  const policies = names('escalation_policies', config.escalation_policies);
  names('silences', config.silences);
  names('maintenance_windows', config.maintenance_windows);
  const statusGroups = names('status_page_groups', config.status_page_groups);
  names('status_page_components', config.status_page_components);
  names('status_page_templates', config.status_page_templates);
  const users = unique(
    config.users,
    (u) => userKey(u.email),
    (i) => ['users', i, 'email'],
    (u) => `user ${JSON.stringify(u.email)}`,
  );
  for (const e of known.users ?? []) users.add(userKey(e));
  // Titles as the API stores them (trimmed): "Disk full " and "Disk full" are one runbook.
  unique(
    config.runbooks,
    (r) => runbookTitle(r.title),
    (i) => ['runbooks', i, 'title'],
    (r) => `runbook ${JSON.stringify(runbookTitle(r.title))}`,
  );

  function ref(kind: ConfigKind, defined: Set<string>, value: string, path: ConfigPath): void {
    const k = kind === 'users' ? userKey(value) : value;
    if (!defined.has(k)) {
      problems.push({ path, message: `${KIND_LABEL[kind]} ${JSON.stringify(value)} is not defined` });
    }
  }

  config.teams?.forEach((team, t) => {
    unique(
      team.members,
      (m) => userKey(m.user),
      (m) => ['teams', t, 'members', m, 'user'],
      (m) => `member ${JSON.stringify(m.user)}`,
      'is listed twice',
    );
    team.members?.forEach((m, i) => ref('users', users, m.user, ['teams', t, 'members', i, 'user']));
  });

  config.users?.forEach((user, u) => {
    const labels = unique(
      user.contact_methods,
      (c) => c.label,
      (c) => ['users', u, 'contact_methods', c, 'label'],
      (c) => `contact method ${JSON.stringify(c.label)}`,
    );
    user.notification_rules?.forEach((rule, r) => {
      if (!labels.has(rule.contact_method)) {
        problems.push({
          path: ['users', u, 'notification_rules', r, 'contact_method'],
          message: `contact method ${JSON.stringify(rule.contact_method)} is not one of ${user.email}'s contact methods`,
        });
      }
    });
  });

  config.services?.forEach((service, s) => {
    const at = (...rest: ConfigPath): ConfigPath => ['services', s, ...rest];
    ref('teams', teams, service.team, at('team'));
    if (service.escalation_policy !== undefined) {
      ref('escalation_policies', policies, service.escalation_policy, at('escalation_policy'));
    }
    unique(
      service.dependencies,
      (d) => d,
      (d) => at('dependencies', d),
      (d) => `dependency ${JSON.stringify(d)}`,
      'is listed twice',
    );
    service.dependencies?.forEach((d, i) => ref('services', services, d, at('dependencies', i)));
    unique(
      service.integrations,
      (x) => x.name,
      (x) => at('integrations', x, 'name'),
      (x) => `integration ${JSON.stringify(x.name)}`,
    );
  });

  config.schedules?.forEach((schedule, s) => {
    const at = (...rest: ConfigPath): ConfigPath => ['schedules', s, ...rest];
    ref('teams', teams, schedule.team, at('team'));
    unique(
      schedule.layers,
      (l) => l.name,
      (l) => at('layers', l, 'name'),
      (l) => `layer ${JSON.stringify(l.name)}`,
    );
    schedule.layers?.forEach((layer, l) =>
      layer.participants.forEach((p, i) => ref('users', users, p, at('layers', l, 'participants', i))),
    );
    schedule.overrides?.forEach((o, i) => ref('users', users, o.user, at('overrides', i, 'user')));
  });

  config.escalation_policies?.forEach((policy, p) => {
    const at = (...rest: ConfigPath): ConfigPath => ['escalation_policies', p, ...rest];
    if (policy.team !== undefined) ref('teams', teams, policy.team, at('team'));
    policy.levels.forEach((level, l) =>
      level.targets.forEach((target, t) => {
        const path = (key: string) => at('levels', l, 'targets', t, key);
        if (target.user !== undefined) ref('users', users, target.user, path('user'));
        if (target.schedule !== undefined) ref('schedules', schedules, target.schedule, path('schedule'));
        if (target.team !== undefined) ref('teams', teams, target.team, path('team'));
        if (target.schedule_round_robin !== undefined) {
          ref('schedules', schedules, target.schedule_round_robin, path('schedule_round_robin'));
        }
      }),
    );
  });

  config.silences?.forEach((silence, s) => {
    if (silence.service !== undefined) ref('services', services, silence.service, ['silences', s, 'service']);
  });
  config.maintenance_windows?.forEach((window, w) =>
    window.services.forEach((name, i) =>
      ref('services', services, name, ['maintenance_windows', w, 'services', i]),
    ),
  );

  config.status_page_components?.forEach((component, c) => {
    const at = (key: string): ConfigPath => ['status_page_components', c, key];
    if (component.group !== undefined) ref('status_page_groups', statusGroups, component.group, at('group'));
    if (component.service !== undefined) ref('services', services, component.service, at('service'));
  });

  config.runbooks?.forEach((runbook, r) => {
    const at = (...rest: ConfigPath): ConfigPath => ['runbooks', r, ...rest];
    if (runbook.team !== undefined) ref('teams', teams, runbook.team, at('team'));
    unique(
      runbook.services,
      (s) => s,
      (s) => at('services', s),
      (s) => `service ${JSON.stringify(s)}`,
      'is listed twice',
    );
    runbook.services?.forEach((s, i) => ref('services', services, s, at('services', i)));
    unique(
      runbook.steps,
      (s) => s.name,
      (s) => at('steps', s, 'name'),
      (s) => `step ${JSON.stringify(s.name)}`,
    );
  });

  // SLOs by service and name (as the API stores it, trimmed), as plans name them; budget
  // policies by service.
  unique(
    config.slos,
    (x) => sloKey(x.service, x.name),
    (i) => ['slos', i, 'name'],
    (x) => `SLO ${JSON.stringify(sloName(x.name))} of service ${JSON.stringify(x.service)}`,
  );
  config.slos?.forEach((slo, i) => ref('services', services, slo.service, ['slos', i, 'service']));
  unique(
    config.budget_policies,
    (x) => x.service,
    (i) => ['budget_policies', i, 'service'],
    (x) => `the budget policy of service ${JSON.stringify(x.service)}`,
  );
  config.budget_policies?.forEach((p, i) =>
    ref('services', services, p.service, ['budget_policies', i, 'service']),
  );

  problems.push(...dependencyCycles(config));
  return problems;
}

/**
 * Every cycle in the service dependency graph, each reported once at the dependency entry that
 * closes it, as `a -> b -> a`. Unknown dependencies are skipped: they are reported as missing.
 */
export function dependencyCycles(config: TocsinConfig): ReferenceProblem[] {
  const services = config.services ?? [];
  const index = new Map<string, number>();
  services.forEach((s, i) => {
    if (!index.has(s.name)) index.set(s.name, i);
  });
  const problems: ReferenceProblem[] = [];
  // 0 unvisited, 1 on the current path, 2 done: a dependency on a service still on the path is a
  // back edge, and every cycle has exactly one back edge in a depth-first search.
  const state = new Array<number>(services.length).fill(0);
  const stack: number[] = [];

  function visit(i: number): void {
    state[i] = 1;
    stack.push(i);
    services[i]?.dependencies?.forEach((dep, d) => {
      const j = index.get(dep);
      if (j === undefined) return;
      if (state[j] === 1) {
        const cycle = stack.slice(stack.indexOf(j)).map((k) => services[k]?.name ?? '?');
        problems.push({
          path: ['services', i, 'dependencies', d],
          message: `dependency cycle: ${[...cycle, dep].join(' -> ')}`,
        });
      } else if (state[j] === 0) {
        visit(j);
      }
    });
    stack.pop();
    state[i] = 2;
  }

  services.forEach((_, i) => {
    if (state[i] === 0) visit(i);
  });
  return problems;
}
