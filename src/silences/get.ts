import type { Queryable } from '../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import { presentSilence, presentWindow } from './presenter.ts';
import {
  type PeriodFilter,
  findSilenceById,
  findWindowById,
  listSilences,
  listWindows,
  windowServiceLinks,
} from './repository.ts';
import type { MaintenanceWindowView, SilenceView } from './schemas.ts';

export async function getSilence(db: Queryable, id: string, now: number): Promise<SilenceView> {
  const row = await findSilenceById(db, id);
  if (row === undefined) throw NotFoundError.of('silence', id);
  return presentSilence(row, now);
}

export async function listSilenceViews(
  db: Queryable,
  filter: PeriodFilter & { name?: string | undefined },
  page: PageQuery,
): Promise<Page<SilenceView>> {
  return mapPage(await listSilences(db, filter, page), (row) => presentSilence(row, filter.now));
}

export async function getMaintenanceWindow(
  db: Queryable,
  id: string,
  now: number,
): Promise<MaintenanceWindowView> {
  const row = await findWindowById(db, id);
  if (row === undefined) throw NotFoundError.of('maintenance window', id);
  return presentWindow(row, await windowServiceLinks(db, [id]), now);
}

export async function listMaintenanceWindowViews(
  db: Queryable,
  filter: PeriodFilter,
  page: PageQuery,
): Promise<Page<MaintenanceWindowView>> {
  const rows = await listWindows(db, filter, page);
  const links = await windowServiceLinks(
    db,
    rows.data.map((w) => w.id),
  );
  return mapPage(rows, (row) => presentWindow(row, links, filter.now));
}
