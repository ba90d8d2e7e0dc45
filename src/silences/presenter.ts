import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import { decodeMatchers } from './matchers.ts';
import { lifecycleAt } from './period.ts';
import type { MaintenanceWindowView, SilenceView } from './schemas.ts';

// `state` depends on the time of the request, so presenters take `now`.

export function presentSilence(row: Row<'silences'>, now: number): SilenceView {
  return {
    id: row.id,
    name: row.name,
    service_id: row.service_id,
    matchers: decodeMatchers(row.matchers),
    starts_at: iso(row.starts_at),
    ends_at: iso(row.ends_at),
    state: lifecycleAt(row, now),
    comment: row.comment,
    created_by: row.created_by,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

// Sorted here, not in SQL, so both dialects give the same order whatever their collation.
const sorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** `links` may hold other windows' links too; only this one's are used. */
export function presentWindow(
  row: Row<'maintenance_windows'>,
  links: Row<'maintenance_window_services'>[],
  now: number,
): MaintenanceWindowView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    service_ids: sorted(links.filter((l) => l.window_id === row.id).map((l) => l.service_id)),
    starts_at: iso(row.starts_at),
    ends_at: iso(row.ends_at),
    state: lifecycleAt(row, now),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
