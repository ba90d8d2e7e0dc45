import { ValidationError } from '../errors.ts';

/**
 * Cursor pagination over time-sortable ids: the cursor is the last id of the previous page.
 * The repository supplies the query (ids beyond `after` by `keyset.op`, ordered by id in
 * `keyset.order`, at most `take` rows); this asks for one extra row to know whether another page
 * exists. Ids sort by creation time, so `desc` is newest first.
 */
export type SortOrder = 'asc' | 'desc';

export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  /** `?order=`; when absent the list's own default. */
  order?: SortOrder | undefined;
}

/** How a repository walks the ids: `where(id, op, after)` and `orderBy(id, order)`. */
export interface Keyset {
  op: '>' | '<';
  order: SortOrder;
}

/**
 * The default order of each kind of list (README "HTTP API"): records that pile up over time
 * (alerts, incidents, notifications, audit) newest first, so `?limit=1` is the latest;
 * configuration objects (users, teams, services, schedules ...) and an incident's timeline in
 * creation order, oldest first, which keeps a listing stable as objects are added.
 */
export const NEWEST_FIRST: SortOrder = 'desc';
export const OLDEST_FIRST: SortOrder = 'asc';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export async function paginate<T extends { id: string }>(
  page: PageQuery,
  fetch: (after: string | undefined, take: number, keyset: Keyset) => Promise<T[]>,
  defaultOrder: SortOrder = OLDEST_FIRST,
): Promise<Page<T>> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`querystring.limit: must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const cursor = page.cursor === '' ? undefined : page.cursor;
  if (cursor !== undefined && !/^[a-z]+_[0-9A-Z]{26}$/.test(cursor)) {
    throw new ValidationError('querystring.cursor: not a cursor returned by this endpoint');
  }
  const order = page.order ?? defaultOrder;
  if (order !== 'asc' && order !== 'desc') {
    throw new ValidationError('querystring.order: must be one of: asc, desc');
  }
  const rows = await fetch(cursor, limit + 1, { op: order === 'asc' ? '>' : '<', order });
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, next_cursor: more ? data[data.length - 1]!.id : null };
}

export function mapPage<T extends { id: string }, U>(page: Page<T>, fn: (row: T) => U): Page<U> {
  return { data: page.data.map(fn), next_cursor: page.next_cursor };
}
