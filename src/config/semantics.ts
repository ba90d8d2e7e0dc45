import { assertDate, restrictionsFromInput } from '../oncall/validate.ts';
import { AppError } from '../platform/errors.ts';
import { MAX_PERIOD_DAYS, MAX_PERIOD_MS } from '../platform/time-bounds.ts';
import { assertSilenceScope, normalizeMatchers } from '../silences/matchers.ts';
import { assertContactAddress, assertTimeZone } from '../users/validate.ts';
import type { ConfigPath, ReferenceProblem } from './references.ts';
import type { TocsinConfig } from './schema.ts';
import { stepProblems } from './semantics-steps.ts';
import { sloProblems } from './semantics-slos.ts';

/**
 * Value checks the JSON Schema cannot express, made with the domain's own validators so the file
 * is refused for exactly what the API would refuse, but before anything changes and with a line
 * number: time zones, contact addresses, restrictions, matchers (silences' and runbooks'),
 * periods, that people on a schedule belong to its team, runbook steps (semantics-steps.ts) and
 * SLOs' alert rules and SLIs (semantics-slos.ts).
 * Pure.
 */
export function checkValues(config: TocsinConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const check = (path: ConfigPath, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // The domain names its own field first ("time_zone: ..."); the path says that already.
      problems.push({ path, message: e.message.replace(/^[\w.]+: /, '') });
    }
  };

  config.users?.forEach((u, i) => {
    if (u.time_zone !== undefined)
      check(['users', i, 'time_zone'], () => assertTimeZone('time_zone', u.time_zone!));
    u.contact_methods?.forEach((c, j) =>
      check(['users', i, 'contact_methods', j, 'address'], () => assertContactAddress('contact_method', c)),
    );
  });

  // The same rule as the API's periods: end after start, by at most MAX_PERIOD_DAYS.
  const checkPeriod = (path: ConfigPath, start: string, end: string, startName: string) => {
    const length = Date.parse(end) - Date.parse(start);
    if (!(length > 0)) problems.push({ path, message: `must be after ${startName}` });
    else if (length > MAX_PERIOD_MS)
      problems.push({ path, message: `must be at most ${MAX_PERIOD_DAYS} days after ${startName}` });
  };

  const members = new Map<string, Set<string> | undefined>();
  for (const t of config.teams ?? []) {
    members.set(t.name, t.members && new Set(t.members.map((m) => m.user.toLowerCase())));
  }
  config.schedules?.forEach((s, i) => {
    const at = (...rest: ConfigPath): ConfigPath => ['schedules', i, ...rest];
    if (s.time_zone !== undefined) check(at('time_zone'), () => assertTimeZone('time_zone', s.time_zone!));
    // Only when the file lists the team's members: otherwise membership is not the file's to know.
    const team = members.get(s.team);
    const member = (email: string, path: ConfigPath) => {
      if (team !== undefined && !team.has(email.toLowerCase())) {
        problems.push({ path, message: `${email} is not a member of team ${JSON.stringify(s.team)}` });
      }
    };
    s.layers?.forEach((l, j) => {
      if (l.time_zone !== undefined)
        check(at('layers', j, 'time_zone'), () => assertTimeZone('time_zone', l.time_zone!));
      check(at('layers', j, 'start_date'), () => assertDate('start_date', l.start_date));
      check(at('layers', j, 'restrictions'), () =>
        restrictionsFromInput('restrictions', l.restrictions ?? []),
      );
      l.participants.forEach((p, k) => member(p, at('layers', j, 'participants', k)));
    });
    s.overrides?.forEach((o, j) => {
      member(o.user, at('overrides', j, 'user'));
      checkPeriod(at('overrides', j, 'end'), o.start, o.end, 'start');
    });
  });

  config.silences?.forEach((s, i) => {
    check(['silences', i, 'matchers'], () => {
      assertSilenceScope(s.service ?? null, normalizeMatchers(s.matchers ?? []));
    });
    checkPeriod(['silences', i, 'ends_at'], s.starts_at, s.ends_at, 'starts_at');
  });
  config.maintenance_windows?.forEach((w, i) => {
    checkPeriod(['maintenance_windows', i, 'ends_at'], w.starts_at, w.ends_at, 'starts_at');
  });
  // One by one, so each problem points at its own matcher.
  config.runbooks?.forEach((r, i) =>
    r.matchers?.forEach((m, j) => check(['runbooks', i, 'matchers', j], () => normalizeMatchers([m]))),
  );
  problems.push(...stepProblems(config));
  problems.push(...sloProblems(config));
  return problems;
}
