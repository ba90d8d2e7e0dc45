import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type TestDatabase, createTestDatabase } from '../../../test/harness.ts';

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
});
