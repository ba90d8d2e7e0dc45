import type { Queryable } from '../../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../../platform/db/paginate.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { loadActorNames } from '../../users/actors.ts';
import { presentChange, presentComponent, presentGroup } from './presenter.ts';
import {
  componentsOfGroups,
  findComponent,
  findGroup,
  listComponentChanges,
  listComponents,
  listGroups,
} from './repository.ts';
import type {
  ComponentChangeView,
  ComponentGroupView,
  ComponentView,
  HistoryQuery,
  ListComponentsQuery,
} from './schemas.ts';

export async function getComponent(db: Queryable, id: string): Promise<ComponentView> {
  const row = await findComponent(db, id);
  if (row === undefined) throw NotFoundError.of('component', id);
  return presentComponent(row);
}

export async function listComponentViews(
  db: Queryable,
  query: ListComponentsQuery,
): Promise<Page<ComponentView>> {
  const page = await listComponents(db, { groupId: query.group_id, serviceId: query.service_id }, query);
  return mapPage(page, presentComponent);
}

function timeParam(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ValidationError(`querystring.${field}: not a valid RFC 3339 time`);
  return t;
}

/** The statuses the component entered, oldest first by default; the uptime bars' source. */
export async function componentHistory(
  db: Queryable,
  id: string,
  query: HistoryQuery,
): Promise<Page<ComponentChangeView>> {
  if ((await findComponent(db, id)) === undefined) throw NotFoundError.of('component', id);
  const range = { since: timeParam('since', query.since), until: timeParam('until', query.until) };
  const page = await listComponentChanges(db, id, range, query);
  const names = await loadActorNames(
    db,
    page.data.map((r) => r.changed_by),
  );
  return mapPage(page, (r) => presentChange(r, names));
}

export async function getGroup(db: Queryable, id: string): Promise<ComponentGroupView> {
  const row = await findGroup(db, id);
  if (row === undefined) throw NotFoundError.of('component group', id);
  return presentGroup(row, await componentsOfGroups(db, [id]));
}

export async function listGroupViews(db: Queryable, query: PageQuery): Promise<Page<ComponentGroupView>> {
  const page = await listGroups(db, query);
  const members = await componentsOfGroups(
    db,
    page.data.map((g) => g.id),
  );
  return mapPage(page, (g) => presentGroup(g, members));
}
