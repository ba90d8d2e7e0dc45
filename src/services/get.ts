import type { Queryable } from '../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import { presentService } from './presenter.ts';
import { type ServiceFilter, edgesTouching, findServiceById, listServices } from './repository.ts';
import type { ServiceView } from './schemas.ts';

export async function getService(db: Queryable, id: string): Promise<ServiceView> {
  const row = await findServiceById(db, id);
  if (row === undefined) throw NotFoundError.of('service', id);
  return presentService(row, await edgesTouching(db, [id]));
}

export async function listServiceViews(
  db: Queryable,
  filter: ServiceFilter,
  page: PageQuery,
): Promise<Page<ServiceView>> {
  const rows = await listServices(db, filter, page);
  const edges = await edgesTouching(
    db,
    rows.data.map((s) => s.id),
  );
  return mapPage(rows, (s) => presentService(s, edges));
}
