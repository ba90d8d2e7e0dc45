import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildUser } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { ConflictError } from '../platform/errors.ts';
import { deactivateUser } from './deactivate.ts';

/**
 * Review of issue 17, S5: two admins who deactivate each other at the same moment must not leave
 * the install without an active admin. The first change is held open in its transaction while
 * the second runs; the second must wait for it and then be refused (409), on PostgreSQL (READ
 * COMMITTED: without a lock both counted two admins) as on SQLite.
 */
describeEachDialect('the last active admin under concurrent changes', (server) => {
  it('of two concurrent deactivations of the last two admins, the second is refused', async () => {
    const { app, tdb } = server();
    const me = await api<{ user: { id: string } }>(app, 'GET', '/api/v1/auth/me');
    const other = await buildUser(app, { role: 'admin' });
    const ctx = server().ctx();

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inFirst = new Promise<void>((resolve) => (entered = resolve));
    const first = tdb.db.transaction().execute(async (trx) => {
      await deactivateUser({ ctx: { ...ctx, db: trx }, input: { id: other.id } });
      entered();
      await held;
    });
    await inFirst;
    const second = deactivateUser({ ctx, input: { id: me.body.user.id } }).then(
      () => 'deactivated',
      (e: unknown) => e,
    );
    // Give the second change time to count (and, unguarded, to write) before the first commits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await first;
    const outcome = await second;
    assert.ok(
      outcome instanceof ConflictError && /last active admin/.test(outcome.message),
      `the second deactivation is refused: ${String(outcome)}`,
    );
    const active = await tdb.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('deactivated_at', 'is', null)
      .execute();
    assert.deepEqual(
      active.map((u) => u.id),
      [me.body.user.id],
    );
  });
});
