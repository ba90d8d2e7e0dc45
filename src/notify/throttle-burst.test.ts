import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildPagedPerson, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { startSecondEngine } from '../../test/second-engine.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';

/**
 * The paging throttle under a burst (issue 14 item 3): 200 incidents for one person with the
 * default `*=30/15m`, worked by two engines at once (on PostgreSQL each with its own connection
 * pool, as two processes would be). Pages still in flight count against the limit, so at most 30
 * messages reach the person in the window; the rest ride in bundles, and nothing is lost.
 */

type TestClock = Clock & { advance(ms: number): void };
const THROTTLE = '*=30/15m';
const INCIDENTS = 200;

let clock: TestClock;
let receiver: HttpReceiver;
/** Paths answered 500, so their pages wait to be retried. */
const failing = new Set<string>();

before(async () => {
  // A little latency per page keeps pages in flight while the engines claim more.
  receiver = await startHttpReceiver({
    respond: (r) => (failing.has(r.path) ? { status: 500, body: 'down' } : { status: 200, delayMs: 5 }),
  });
});
after(() => receiver.close());

const MINUTE = 60_000;

describeEachDialect(
  'paging throttle in a burst',
  (server) => {
    const messages = (path: string) => receiver.requests.filter((r) => r.path === path);

    /** A person paged at once by webhook for every alert of a service of their own. */
    async function pagedPerson(app: Parameters<typeof buildPagedPerson>[0]) {
      const path = `/${uniqueName('burst').replace(/\W/g, '')}`;
      const { trigger } = await buildPagedPerson(app, `${receiver.url}${path}`);
      return { path, trigger };
    }

    it('sends at most 30 messages per window to one person from two engines; the rest are bundled, none lost', async () => {
      const { app } = server();
      const { path, trigger } = await pagedPerson(app);
      for (let i = 0; i < INCIDENTS; i++) await trigger();

      // A second engine, as another node would run it, with the same throttle.
      const other = await startSecondEngine(server(), clock, { TOCSIN_NOTIFY_THROTTLE: THROTTLE });
      const second = other.engine;
      try {
        await Promise.all([server().tocsin.engine.drain(), second.drain()]);

        const incidentsOf = (r: { json?: unknown }) =>
          (r.json as { incidents: { id: string }[] }).incidents.map((i) => i.id);
        const firstWindow = messages(path);
        assert.ok(
          firstWindow.length <= 30,
          `at most 30 messages in the first 15 minutes, got ${firstWindow.length} ` +
            `(${firstWindow.filter((m) => incidentsOf(m).length === 1).length} single pages)`,
        );
        assert.ok(firstWindow.length >= 2, 'pages went out');
        assert.equal(
          (firstWindow.at(-1)!.json as { event: string }).event,
          'incident.bundle',
          'the last message within the limit carries the rest',
        );

        // Window by window the rest go out, still at most 30 messages per window.
        for (let window = 0; window < 10; window++) {
          const before = messages(path).length;
          clock.advance(15 * MINUTE);
          await Promise.all([server().tocsin.engine.drain(), second.drain()]);
          assert.ok(messages(path).length - before <= 30, `at most 30 messages in window ${window + 2}`);
        }
        const reached = messages(path).flatMap(incidentsOf);
        assert.equal(new Set(reached).size, INCIDENTS, 'every incident reached her');
        assert.equal(reached.length, INCIDENTS, 'and each once');
      } finally {
        await other.close();
      }
    });

    it('counts pages waiting to be retried: new pages wait rather than go past the limit', async () => {
      const { app } = server();
      const { path, trigger } = await pagedPerson(app);
      failing.add(path);
      for (let i = 0; i < 30; i++) await trigger();
      await server().tocsin.engine.drain();
      assert.equal(messages(path).length, 30, '30 pages tried, all failed, all due to be retried');
      failing.delete(path);
      for (let i = 0; i < 10; i++) await trigger();
      await server().tocsin.engine.drain();
      assert.equal(messages(path).length, 30, 'the 30 retries still count: the new pages wait');
      clock.advance(5 * MINUTE);
      await server().tocsin.engine.drain();
      const retried = messages(path).slice(30);
      assert.equal(retried.length, 30, 'the retries went out');
      assert.ok(
        retried.every((r) => (r.json as { event: string }).event === 'incident.page'),
        'each alone, as it was first tried',
      );
    });
  },
  {
    clock: () => (clock = fixedClock(Date.parse('2026-11-25T10:00:00Z'))),
    env: { TOCSIN_NOTIFY_THROTTLE: THROTTLE },
  },
);

describeEachDialect(
  'paging throttle turned off for a type',
  (server) => {
    it('sends every page of a type set to off on its own, though `*` would bundle them', async () => {
      const { app } = server();
      const path = `/${uniqueName('off').replace(/\W/g, '')}`;
      const { trigger } = await buildPagedPerson(app, `${receiver.url}${path}`);
      for (let i = 0; i < 20; i++) await trigger();
      await server().tocsin.engine.drain();
      const got = receiver.requests.filter((r) => r.path === path);
      assert.equal(got.length, 20, 'one message per page');
      assert.ok(
        got.every((r) => (r.json as { event: string }).event === 'incident.page'),
        'none bundled',
      );
      const view = await api<{ limits: unknown[] }>(app, 'GET', '/api/v1/notification-throttle');
      assert.equal(view.status, 200, JSON.stringify(view.body));
      assert.deepEqual(view.body.limits, [
        { channel: 'webhook', limit: null, window_seconds: null },
        { channel: '*', limit: 1, window_seconds: 900 },
      ]);
    });
  },
  {
    clock: () => (clock = fixedClock(Date.parse('2026-11-25T10:00:00Z'))),
    env: { TOCSIN_NOTIFY_THROTTLE: 'webhook=off,*=1/15m' },
  },
);
