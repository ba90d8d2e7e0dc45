import type { Queryable } from '../../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../../platform/db/paginate.ts';
import type { Row } from '../../platform/db/tables.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { presentPolicy } from './presenter.ts';
import { type PolicyFilter, findPolicyById, levelsOf, listPolicies, servicesUsing } from './repository.ts';
import type { EscalationPolicyView } from './schemas.ts';

export async function requirePolicy(db: Queryable, id: string): Promise<Row<'escalation_policies'>> {
  const row = await findPolicyById(db, id);
  if (row === undefined) throw NotFoundError.of('escalation policy', id);
  return row;
}

export async function getPolicy(db: Queryable, id: string): Promise<EscalationPolicyView> {
  const row = await requirePolicy(db, id);
  return presentPolicy(row, await levelsOf(db, [id]), await servicesUsing(db, [id]));
}

export async function listPolicyViews(
  db: Queryable,
  filter: PolicyFilter,
  page: PageQuery,
): Promise<Page<EscalationPolicyView>> {
  const rows = await listPolicies(db, filter, page);
  const ids = rows.data.map((p) => p.id);
  const levels = await levelsOf(db, ids);
  const services = await servicesUsing(db, ids);
  return mapPage(rows, (p) => presentPolicy(p, levels, services));
}
