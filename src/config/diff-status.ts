import { isDeepStrictEqual } from 'node:util';
import type { Change, FieldChange } from './diff.ts';
import type { NConfig } from './normal.ts';
import type { State } from './state.ts';

/**
 * The status page's part of the plan (diff.ts calls it). Settings are one object that always
 * exists, so they are only ever updated, and only when the file has `status_page:`. Groups and
 * components are created, updated and, with --prune, deleted like the other kinds.
 */

const STATUS_KINDS = [
  'status_page',
  'status_page_groups',
  'status_page_components',
  'status_page_templates',
] as const;

const FIELDS = {
  status_page: ['title', 'logo_url', 'brand_color', 'public_url', 'time_zone'],
  status_page_groups: ['description', 'position'],
  status_page_components: [
    'description',
    'group',
    'service',
    'position',
    'showcase',
    'only_show_if_degraded',
    'start_date',
  ],
  status_page_templates: ['update_status', 'title', 'body'],
} as const;

function fieldChanges(desired: object, current: object, fields: readonly string[]): FieldChange[] {
  const d = desired as Record<string, unknown>;
  const c = current as Record<string, unknown>;
  return fields
    .filter((f) => !isDeepStrictEqual(d[f], c[f]))
    .map((field) => ({ field, before: c[field], after: d[field] }));
}

/**
 * The names whose stored position must be written. The file's order is the page order of the
 * objects it lists (others keep their place): when the stored order of those objects already
 * matches and nothing is added, positions are left alone, whatever their numbers; otherwise every
 * listed object is given its index, so one apply converges.
 */
function positionsToWrite(
  desired: readonly { name: string; position: number }[],
  current: ReadonlyMap<string, { id: string; n: { position: number } }>,
): Set<string> {
  const existing = desired.filter((d) => current.has(d.name));
  const stored = (name: string) => current.get(name)!;
  const inStoredOrder = [...existing].sort(
    (a, b) =>
      stored(a.name).n.position - stored(b.name).n.position ||
      (stored(a.name).id < stored(b.name).id ? -1 : 1),
  );
  const sameOrder = inStoredOrder.every((d, i) => d.name === existing[i]!.name);
  if (sameOrder && existing.length === desired.length) return new Set();
  return new Set(existing.filter((d) => stored(d.name).n.position !== d.position).map((d) => d.name));
}

export function statusPageChanges(desired: NConfig, state: State): Change[] {
  const changes: Change[] = [];
  for (const kind of STATUS_KINDS) {
    const reorder =
      kind === 'status_page' || kind === 'status_page_templates'
        ? new Set<string>()
        : positionsToWrite(desired[kind], state[kind]);
    for (const d of desired[kind]) {
      const current = state[kind].get(d.name);
      if (current === undefined) {
        changes.push({ kind, name: d.name, op: 'create', fields: [], items: [] });
        continue;
      }
      const fields = fieldChanges(d, current.n, FIELDS[kind]).filter(
        (f) => f.field !== 'position' || reorder.has(d.name),
      );
      if (fields.length > 0) changes.push({ kind, name: d.name, op: 'update', fields, items: [] });
    }
  }
  return changes;
}
