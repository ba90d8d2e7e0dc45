import { isDeepStrictEqual } from 'node:util';
import { diffLines } from '../runbooks/diff.ts';
import type { Change, FieldChange } from './diff.ts';
import { RUNBOOK_FIELDS } from './normal-runbooks.ts';
import type { NConfig } from './normal.ts';
import type { CurrentRunbook } from './state-runbooks.ts';
import type { State } from './state.ts';

/**
 * Runbooks' part of the plan (diff.ts calls it): created, updated and, with --prune and a file
 * that lists runbooks, deleted like the other kinds. A runbook's text is long, so a change to it
 * is shown the way an integration key is, by a description instead of the value: how many lines
 * it has before and after, and the version the change makes (a new text or new tags is a new
 * version, kept in the runbook's history).
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
    if (fields.length > 0) changes.push({ kind: 'runbooks', name: d.name, op: 'update', fields, items: [] });
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
