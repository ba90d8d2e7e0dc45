import type { Queryable } from '../platform/db/connect.ts';
import { type Page, type PageQuery } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import { presentUser } from './presenter.ts';
import {
  type UserFilter,
  contactMethodsOf,
  findUserById,
  listUsers,
  usersWithOpenInvites,
} from './repository.ts';
import type { UserView } from './schemas.ts';

export async function getUser(db: Queryable, id: string): Promise<UserView> {
  const row = await findUserById(db, id);
  if (row === undefined) throw NotFoundError.of('user', id);
  const invited = await usersWithOpenInvites(db, [id]);
  return presentUser(row, await contactMethodsOf(db, [id]), invited.has(id));
}

export async function listUserViews(
  db: Queryable,
  filter: UserFilter,
  page: PageQuery,
): Promise<Page<UserView>> {
  const rows = await listUsers(db, filter, page);
  const ids = rows.data.map((u) => u.id);
  const methods = await contactMethodsOf(db, ids);
  const invited = await usersWithOpenInvites(db, ids);
  return {
    data: rows.data.map((u) =>
      presentUser(
        u,
        methods.filter((m) => m.user_id === u.id),
        invited.has(u.id),
      ),
    ),
    next_cursor: rows.next_cursor,
  };
}
