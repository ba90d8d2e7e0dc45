import { isDeepStrictEqual } from 'node:util';
import type { Change, FieldChange } from './diff.ts';
import { DEFAULT_POLICY, type NBudgetPolicy, POLICY_FIELDS, SLO_FIELDS } from './normal-slos.ts';
import type { NConfig } from './normal.ts';
import type { Current, State } from './state.ts';

/**
 * SLOs' and budget policies' part of the plan (diff.ts calls it). An SLO is created, changed in
 * place (its counts stay) or, with --prune and a file that lists SLOs, deleted. A budget policy
 * is compared with the stored one, or with the default policy when none is stored: a policy
 * equal to the default plans as no change, so listing the defaults is the same as leaving the
 * service out. Pruning (diff.ts) puts a policy left out of a file that lists policies back to
 * the default; the release gate's override is never part of either.
 */

function fieldsOf<T extends object>(desired: T, current: T, fields: readonly (keyof T & string)[]) {
  return fields
    .filter((f) => !isDeepStrictEqual(desired[f], current[f]))
    .map((field): FieldChange => ({ field, before: current[field], after: desired[field] }));
}

export function sloChanges(desired: NConfig, state: State): Change[] {
  const changes: Change[] = [];
  for (const d of desired.slos) {
    const c = state.slos.get(d.name);
    if (c === undefined) {
      changes.push({ kind: 'slos', name: d.name, op: 'create', fields: [], items: [] });
      continue;
    }
    const fields = fieldsOf(d, c.n, SLO_FIELDS);
    if (fields.length > 0) changes.push({ kind: 'slos', name: d.name, op: 'update', fields, items: [] });
  }
  for (const d of desired.budget_policies) {
    const c = state.budget_policies.get(d.name);
    const fields = fieldsOf(d, c?.n ?? { ...DEFAULT_POLICY, name: d.name }, POLICY_FIELDS);
    if (fields.length === 0) continue;
    changes.push(
      c === undefined
        ? { kind: 'budget_policies', name: d.name, op: 'create', fields, items: [] }
        : { kind: 'budget_policies', name: d.name, op: 'update', fields, items: [] },
    );
  }
  return changes;
}

/** Stored policies that differ from the default: the only ones a prune has anything to undo. */
export function nonDefaultPolicies(state: State): Map<string, Current<NBudgetPolicy>> {
  return new Map(
    [...state.budget_policies].filter(
      ([, c]) => !isDeepStrictEqual({ ...c.n, name: '' }, { ...DEFAULT_POLICY, name: '' }),
    ),
  );
}
