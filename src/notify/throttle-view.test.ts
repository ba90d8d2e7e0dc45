import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildPagedPerson, buildUser, tokenFor, uniqueName, viewerToken } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { ThrottleViewAnswer } from './throttle-schemas.ts';

/**
 * GET /notification-throttle (issue 17, the settings page's throttle view): the configured
 * limits, and who the throttle holds back now with the counts and the time the claim itself
 * would let their pages go.
 */
const START = Date.parse('2026-11-25T10:00:00Z');
const MINUTE = 60_000;
let clock: ReturnType<typeof fixedClock>;
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver({ respond: () => ({ status: 200 }) });
});
after(() => receiver.close());

describeEachDialect(
  'notification throttle view',
  (server) => {
    type App = Parameters<typeof api>[0];
    const view = async (app: App, token?: string) =>
      api<ThrottleViewAnswer>(app, 'GET', '/api/v1/notification-throttle', token ? { token } : {});

    /** A person paged at once by webhook for every alert of a service of their own. */
    async function pagedPerson(app: App) {
      const name = uniqueName('held').replace(/\W/g, '');
      const { user, trigger } = await buildPagedPerson(app, `${receiver.url}/${name}`, { name });
      const page = async (times: number) => {
        for (let i = 0; i < times; i++) await trigger();
        await server().tocsin.engine.drain();
      };
      return {
        user: { id: user.id, name },
        page,
        sent: () => receiver.requests.filter((r) => r.path === `/${name}`),
      };
    }

    it('lists the configured limits per channel type', async () => {
      const res = await view(server().app);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.limits, [
        { channel: 'webhook', limit: 2, window_seconds: 900 },
        { channel: 'sms', limit: 10, window_seconds: 3600 },
        { channel: '*', limit: 30, window_seconds: 900 },
      ]);
      assert.equal(res.body.at, new Date(clock.now()).toISOString());
    });

    it('shows who is held back, how many pages wait and when the window frees', async () => {
      const { app } = server();
      const held = await pagedPerson(app);
      const free = await pagedPerson(app);
      const sentAt = clock.now();
      await held.page(5);
      assert.equal(held.sent().length, 2, 'one page and one bundle: the limit');
      await free.page(1);
      clock.advance(MINUTE);
      await held.page(3);
      assert.equal(held.sent().length, 2, 'the new pages are held back');

      const res = await view(app);
      assert.deepEqual(
        res.body.held.filter((h) => h.user_id === held.user.id || h.user_id === free.user.id),
        [
          {
            user_id: held.user.id,
            user_name: held.user.name,
            channel: 'webhook',
            limit: 2,
            window_seconds: 900,
            counted: 2,
            waiting: 3,
            frees_at: new Date(sentAt + 15 * MINUTE).toISOString(),
          },
        ],
        'only the person at the limit',
      );

      // When the window frees the engine sends what waited: two messages, the limit again, so
      // the person is at it once more but nothing waits.
      clock.advance(15 * MINUTE);
      const freedAt = clock.now();
      await server().tocsin.engine.drain();
      assert.equal(held.sent().length, 4, 'the three waiting pages went: one alone, two bundled');
      const later = await view(app);
      assert.deepEqual(
        later.body.held
          .filter((h) => h.user_id === held.user.id)
          .map((h) => [h.counted, h.waiting, h.frees_at]),
        [[2, 0, new Date(freedAt + 15 * MINUTE).toISOString()]],
      );
    });

    it('is for admins only', async () => {
      const { app } = server();
      const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
      for (const token of [await viewerToken(app), responder]) {
        assert.equal((await view(app, token)).status, 403);
      }
    });
  },
  {
    clock: () => (clock = fixedClock(START)),
    env: { TOCSIN_NOTIFY_THROTTLE: 'webhook=2/15m,sms=10/1h,*=30/15m' },
  },
);
