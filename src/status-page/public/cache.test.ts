import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { describeEachDialect } from '../../../test/harness.ts';
import {
  clearStatusPage,
  insertComponent,
  insertPublicIncident,
} from '../../../test/status-page-factories.ts';
import { CHECK_MS, PublicPageCache, STALE_MS, rendered } from './cache.ts';

/**
 * The node's snapshot of the public page: when it answers from memory, when it asks the
 * database, and the synchronous path (ready) the routes take under load. The tick is manual, so
 * each case says exactly how old the last check is.
 */
describeEachDialect('status page snapshot cache', (server) => {
  let tick = 0;
  let cache: PublicPageCache;
  const AT = Date.UTC(2026, 11, 5, 12);

  beforeEach(async () => {
    await clearStatusPage(server().app.deps.db);
    tick = 0;
    const deps = server().app.deps;
    cache = new PublicPageCache({ db: deps.db, clock: deps.clock, tocsinPublicUrl: 'http://x' }, () => tick);
  });

  const addIncident = (name: string) =>
    insertPublicIncident(server().app.deps.db, {
      name,
      status: 'investigating',
      at: AT,
      updates: [{ status: 'investigating', body: name, at: AT }],
    });

  it('answers from the snapshot until CHECK_MS, then sees a write', async () => {
    await insertComponent(server().app.deps.db, { name: 'API', position: 0, at: AT });
    const first = await cache.current();
    await addIncident('Errors');
    tick = CHECK_MS - 1;
    assert.equal(await cache.current(), first, 'within CHECK_MS: no check');
    tick = STALE_MS;
    const next = await cache.current();
    assert.notEqual(next, first);
    assert.deepEqual(
      next.data.unresolved.map((i) => i.name),
      ['Errors'],
    );
    assert.notEqual(next.fingerprint, first.fingerprint);
  });

  it('keeps the snapshot when nothing changed', async () => {
    const first = await cache.current();
    tick = STALE_MS;
    assert.equal(await cache.current(), first);
  });

  it('ready(): only a rendered key of a fresh snapshot, and never past CHECK_MS', async () => {
    assert.equal(cache.ready('k'), undefined, 'no snapshot yet');
    const snap = await cache.current();
    assert.equal(cache.ready('k'), undefined, 'not rendered yet');
    const r = await snap.render('k', () => rendered('{"a":1}', 'application/json'));
    assert.equal(cache.ready('k')?.r, r);
    assert.equal(cache.ready('k')?.snap, snap);
    tick = CHECK_MS;
    assert.equal(cache.ready('k'), undefined, 'due for a check: the slow path asks the database');
  });

  it('a failed rendering is not kept: ready() stays empty and the next render tries again', async () => {
    const snap = await cache.current();
    await assert.rejects(
      snap.render('bad', () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(cache.ready('bad'), undefined);
    const r = await snap.render('bad', () => rendered('ok', 'text/plain'));
    assert.equal(r.body.toString(), 'ok');
    assert.equal(cache.ready('bad')?.r, r);
  });
});
