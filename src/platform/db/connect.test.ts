import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type TestDatabase, createTestDatabase } from '../../../test/harness.ts';
import { openDatabase } from './connect.ts';

describe('PostgreSQL connections [postgres]', () => {
  let tdb: TestDatabase | undefined;
  before(async () => {
    tdb = await createTestDatabase('postgres');
  });
  after(async () => {
    await tdb?.drop();
  });

  it('survive the server ending idle connections: the next query works, the process lives', async () => {
    const db = tdb!.db;
    const pid = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;
    const first = await pid();
    // What a restart or failover does to every idle connection of the pool.
    const admin = new pg.Client({ connectionString: tdb!.url });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [first]);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await pid();
    assert.notEqual(second, first, 'a fresh connection after the old one was ended');
  });

  it('prepare statements with parameters once per connection, unless the URL says prepare=false', async () => {
    const named = async (url: string) => {
      const handle = openDatabase(url);
      try {
        // One transaction is one connection, where the session's prepared statements are visible.
        return await handle.db.transaction().execute(async (trx) => {
          for (let i = 0; i < 3; i++) {
            await sql`select ${i}::int + 41 as answer`.execute(trx);
          }
          const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(trx);
          // Planned with their values every time: a generic plan was 3.5x slower on IN lists.
          if (url === tdb!.url) assert.equal(mode.rows[0]?.plan_cache_mode, 'force_custom_plan');
          const rows = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
            trx,
          );
          return rows.rows.map((r) => r.statement).filter((t) => t.includes('+ 41 as answer'));
        });
      } finally {
        await handle.close();
      }
    };
    assert.equal((await named(tdb!.url)).length, 1, 'one statement, parsed once for three runs');
    assert.deepEqual(await named(`${tdb!.url}${tdb!.url.includes('?') ? '&' : '?'}prepare=false`), []);
    assert.throws(() => openDatabase(`${tdb!.url}?prepare=maybe`), /prepare=maybe.*true or false/);
  });
});
