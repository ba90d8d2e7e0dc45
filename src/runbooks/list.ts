import type { Queryable } from '../platform/db/connect.ts';
import { NotFoundError } from '../platform/errors.ts';
import { type PresentOptions, presentRunbook, presentRunbookSummaries } from './presenter.ts';
import { findRunbook, listRunbooks } from './repository.ts';
import type { ListRunbooksQuery, RunbookView } from './schemas.ts';

/** The runbook library: searched by words, tag, service, owner team, overdue review. */
export async function listRunbookViews(db: Queryable, query: ListRunbooksQuery, present: PresentOptions) {
  const page = await listRunbooks(
    db,
    {
      q: query.q,
      tag: query.tag,
      serviceId: query.service_id,
      teamId: query.team_id,
      overdueAt: query.review_overdue === true ? present.now : undefined,
      notOverdueAt: query.review_overdue === false ? present.now : undefined,
    },
    query,
  );
  return { data: await presentRunbookSummaries(db, page.data, present), next_cursor: page.next_cursor };
}

export async function getRunbookView(
  db: Queryable,
  id: string,
  present: PresentOptions,
): Promise<RunbookView> {
  const row = await findRunbook(db, id);
  if (row === undefined) throw NotFoundError.of('runbook', id);
  return presentRunbook(db, row, present);
}
