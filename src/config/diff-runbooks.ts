import { isDeepStrictEqual } from 'node:util';
import { diffLines } from '../runbooks/diff.ts';
import type { Change, FieldChange, ItemChange } from './diff.ts';
import { type NStep, RUNBOOK_FIELDS, STEP_FIELDS } from './normal-runbooks.ts';
import type { NConfig } from './normal.ts';
import type { CurrentRunbook } from './state-runbooks.ts';
import type { State } from './state.ts';

/**
 * Runbooks' part of the plan (diff.ts calls it): created, updated and, with --prune and a file
 * that lists runbooks, deleted like the other kinds. A runbook's text is long, so a change to it
 * is shown the way an integration key is, by a description instead of the value: how many lines
 * it has before and after, and the version the change makes (a new text or new tags is a new
 * version, kept in the runbook's history). Steps are items of their runbook, by name.
 */

export function runbookChanges(desired: NConfig, state: State): Change[] {
  const changes: Change[] = [];
  for (const d of desired.runbooks) {
    const c = state.runbooks.get(d.name);
    if (c === undefined) {
      changes.push({ kind: 'runbooks', name: d.name, op: 'create', fields: [], items: [] });
      continue;
    }
    const fields = RUNBOOK_FIELDS.filter((f) => !isDeepStrictEqual(d[f], c.n[f])).map(
      (field): FieldChange => ({ field, before: c.n[field], after: d[field] }),
    );
    if (d.body !== undefined && d.body !== c.n.body) fields.push(bodyChange(c, d.body));
    const items = d.steps === undefined ? [] : stepChanges(d.steps, c);
    if (fields.length > 0 || items.length > 0)
      changes.push({ kind: 'runbooks', name: d.name, op: 'update', fields, items });
  }
  return changes;
}

const linesOf = (n: number) => `${n} line${n === 1 ? '' : 's'}`;

function bodyChange(current: CurrentRunbook, body: string): FieldChange {
  const lines = diffLines(current.n.body, body);
  const count = (op: ' ' | '+' | '-') => lines.filter((l) => l.op === op).length;
  const added = count('+');
  const removed = count('-');
  const kept = count(' ');
  const what = added + removed === 0 ? 'only line endings differ' : `+${added} -${removed}`;
  return {
    field: 'body',
    before: `version ${current.version}, ${linesOf(kept + removed)}`,
    after: `version ${current.version + 1}, ${linesOf(kept + added)} (${what})`,
  };
}

/**
 * Steps removed, added and changed, by name. Their order is the list's: stored positions may have
 * gaps (a step deleted in the web UI) and those alone are no change. Only when steps are added or
 * trade places is every step numbered as listed (`position` changes, 0 first, as the API counts),
 * so the new order cannot tie with or fall between stored positions.
 */
function stepChanges(desired: readonly NStep[], current: CurrentRunbook): ItemChange[] {
  const have = new Map(current.n.steps.map((s) => [s.name, s]));
  const want = new Set(desired.map((s) => s.name));
  const out: ItemChange[] = current.n.steps
    .filter((s) => !want.has(s.name))
    .map((s) => ({ list: 'steps', op: 'remove', key: s.name, fields: [] }));
  const kept = desired.filter((s) => have.has(s.name)).map((s) => s.name);
  const keptBefore = current.n.steps.filter((s) => want.has(s.name)).map((s) => s.name);
  const renumber = kept.length < desired.length || !isDeepStrictEqual(kept, keptBefore);
  desired.forEach((d, index) => {
    const c = have.get(d.name);
    if (c === undefined) {
      out.push({ list: 'steps', op: 'add', key: d.name, fields: [] });
      return;
    }
    const fields = STEP_FIELDS.filter((f) => !isDeepStrictEqual(d[f], c[f])).map((field): FieldChange => ({
      field,
      before: c[field],
      after: d[field],
    }));
    const position = current.steps.get(d.name)?.position;
    if (renumber && position !== undefined && position !== index)
      fields.push({ field: 'position', before: position, after: index });
    if (fields.length > 0) out.push({ list: 'steps', op: 'change', key: d.name, fields });
  });
  return out;
}
