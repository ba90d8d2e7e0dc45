import type { Queryable } from '../platform/db/connect.ts';
import type { Page } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import { loadIncident } from './common.ts';
import { presentPostmortem, presentSummaries } from './presenter.ts';
import { findPostmortemOfIncident, listPostmortems } from './repository.ts';
import type { ListPostmortemsQuery, PostmortemSummaryView, PostmortemView } from './schemas.ts';

/** Reading is open to every role; published postmortems (`?status=published`) are the library. */
export async function listPostmortemViews(
  db: Queryable,
  query: ListPostmortemsQuery,
): Promise<Page<PostmortemSummaryView>> {
  const page = await listPostmortems(
    db,
    {
      status: query.status,
      serviceId: query.service_id,
      severity: query.severity,
      tag: query.tag,
      ownerId: query.owner_id,
      text: query.q,
    },
    query,
  );
  return presentSummaries(db, page);
}

/** An incident's postmortem; a merged incident answers with its survivor's. */
export async function postmortemOfIncident(db: Queryable, idOrRef: string): Promise<PostmortemView> {
  let incident = await loadIncident(db, idOrRef);
  // Merges chain (A into B, B into C); the bound only guards against a corrupt loop.
  for (let hops = 0; incident.merged_into_id !== null && hops < 20; hops++) {
    incident = await loadIncident(db, incident.merged_into_id);
  }
  const row = await findPostmortemOfIncident(db, incident.id);
  if (row === undefined) throw new NotFoundError(`INC-${incident.number} has no postmortem yet`);
  return presentPostmortem(db, row);
}
