import type { Change, FieldChange, ItemChange, Plan } from './diff.ts';
import { KIND_LABEL } from './schema.ts';

/**
 * The plan for people, Terraform style: `+` create, `~` change, `-` delete, `-/+` replace, one
 * object per block with the fields that change, then a summary line.
 */

const SIGN: Record<Change['op'], string> = { create: '+', update: '~', delete: '-', replace: '-/+' };
const ITEM_SIGN: Record<ItemChange['op'], string> = { add: '+', remove: '-', change: '~' };

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

function fieldLine(f: FieldChange, indent: string): string {
  return `${indent}${f.field}: ${show(f.before)} -> ${show(f.after)}`;
}

function formatChange(c: Change): string[] {
  const head = `${SIGN[c.op]} ${KIND_LABEL[c.kind]} ${JSON.stringify(c.name)}${c.reason ? ` (${c.reason})` : ''}`;
  const lines = [head];
  for (const f of c.fields) lines.push(fieldLine(f, '    '));
  for (const i of c.items) {
    lines.push(`    ${ITEM_SIGN[i.op]} ${i.list.replace(/_/g, ' ')} ${JSON.stringify(i.key)}`);
    for (const f of i.fields) lines.push(fieldLine(f, '        '));
  }
  return lines;
}

interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  replace: number;
}

function countPlan(plan: Plan): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const c of plan.changes) counts[c.op]++;
  return counts;
}

function summaryLine(plan: Plan, verb: 'would' | 'did'): string {
  if (plan.changes.length === 0) return 'No changes: the database matches the configuration.';
  const n = countPlan(plan);
  const replaced = n.replace > 0 ? ([n.replace, 'replace', 'replaced'] as const) : undefined;
  const parts = [
    [n.create, 'create', 'created'],
    [n.update, 'change', 'changed'],
    [n.delete, 'delete', 'deleted'],
    ...(replaced ? [replaced] : []),
  ] as const;
  const text = parts.map(([count, todo, done]) =>
    verb === 'would' ? `${count} to ${todo}` : `${count} ${done}`,
  );
  return `${verb === 'would' ? 'Plan' : 'Applied'}: ${text.join(', ')}.`;
}

export function formatPlan(plan: Plan, verb: 'would' | 'did' = 'would'): string[] {
  const lines: string[] = [];
  for (const c of plan.changes) {
    const block = formatChange(c);
    // Blocks with details stand apart; one-line creates and deletes read as a list.
    if (block.length > 1 && lines.length > 0 && lines.at(-1) !== '') lines.push('');
    lines.push(...block);
    if (block.length > 1) lines.push('');
  }
  if (lines.at(-1) !== '' && lines.length > 0) lines.push('');
  for (const note of plan.notes) lines.push(`note: ${note}`);
  lines.push(summaryLine(plan, verb));
  return lines;
}
