import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildIncident, buildService, buildUser, tokenFor } from '../../test/factories.ts';
import { listeningCli } from '../../test/cli-io.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { ActionItemView } from '../action-items/schemas.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * `tocsin action-item list|done` against a listening server: filters by owner (me, email),
 * status, overdue and service, as a table and as JSON; done marks the item done through the API.
 */
const DAY = 86_400_000;
// The server's clock; a due date two days after it is overdue once the clock moves four days on.
const T0 = Date.parse('2026-12-02T12:00:00Z');
const clock = fixedClock(T0);

describeEachDialect(
  'tocsin action-item CLI',
  (server) => {
    let owner: { id: string; name: string; email: string };
    let ownerToken: string;
    let serviceName: string;
    let items: ActionItemView[];

    const run = listeningCli(server);
    const cli = (token: string, ...argv: string[]) => run.as(token, ...argv);

    before(async () => {
      clock.set(T0);
      const { app } = server();
      owner = await buildUser(app, { name: 'Olga Owner', role: 'responder' });
      ownerToken = await tokenFor(app, owner.id);
      const service = await buildService(app);
      serviceName = service.name;
      const { incident } = await buildIncident(app, {
        from: 'declared',
        serviceId: service.id,
        title: 'Checkout',
      });
      const other = await buildIncident(app, { from: 'declared', title: 'Search' });
      items = [];
      for (const [on, title, due] of [
        [incident.id, 'Alert on error rate', '2026-12-04'],
        [incident.id, 'Write the runbook', '2026-12-20'],
        [other.incident.id, 'Add an index', null],
      ] as const) {
        const res = await api<ActionItemView>(app, 'POST', `/api/v1/incidents/${on}/action-items`, {
          body: { title, owner_id: owner.id, due_date: due },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        items.push(res.body);
      }
      clock.set(T0 + 4 * DAY);
    });

    it('list shows my items as a table, overdue marked, and filters by overdue, service and status', async () => {
      const mine = await cli(ownerToken, 'action-item', 'list', '--owner', 'me');
      assert.equal(mine.code, 0, mine.errText());
      assert.match(mine.out[0]!, /^ID\s+INCIDENT\s+STATUS\s+PRIORITY\s+DUE\s+OWNER\s+TITLE$/);
      assert.equal(mine.out.length, 4);
      assert.match(
        mine.text(),
        new RegExp(
          `^${items[0]!.id}\\s+INC-\\d+\\s+open\\s+medium\\s+2026-12-04 OVERDUE\\s+Olga Owner\\s+Alert on error rate$`,
          'm',
        ),
      );
      assert.match(
        mine.text(),
        new RegExp(`^${items[2]!.id}\\s+INC-\\d+\\s+open\\s+medium\\s+-\\s+Olga Owner\\s+Add an index$`, 'm'),
      );

      const overdue = await cli(
        server().adminToken,
        'action-item',
        'list',
        '--owner',
        owner.email,
        '--overdue',
        '--json',
      );
      assert.equal(overdue.code, 0, overdue.errText());
      assert.deepEqual(
        (JSON.parse(overdue.text()) as { data: ActionItemView[] }).data.map((i) => i.title),
        ['Alert on error rate'],
      );
      const byService = await cli(
        ownerToken,
        'action-item',
        'list',
        '--owner',
        'me',
        '--service',
        serviceName,
        '--all',
        '--json',
      );
      assert.deepEqual(
        (JSON.parse(byService.text()) as { data: ActionItemView[] }).data.map((i) => i.title),
        ['Write the runbook', 'Alert on error rate'],
      );
      const none = await cli(ownerToken, 'action-item', 'list', '--owner', 'me', '--status', 'done');
      assert.deepEqual(none.out, ['no action items match']);
      const bad = await cli(ownerToken, 'action-item', 'list', '--status', 'finished');
      assert.notEqual(bad.code, 0);
      assert.match(bad.errText(), /status/);
    });

    it('done marks the item done, and it leaves the overdue list', async () => {
      const done = await cli(ownerToken, 'action-item', 'done', items[0]!.id);
      assert.equal(done.code, 0, done.errText());
      assert.match(done.text(), new RegExp(`^${items[0]!.id} done "Alert on error rate" \\(INC-\\d+\\)$`));
      const got = await api<ActionItemView>(server().app, 'GET', `/api/v1/action-items/${items[0]!.id}`);
      assert.equal(got.body.status, 'done');
      assert.equal(got.body.completed_at, new Date(T0 + 4 * DAY).toISOString());
      const overdue = await cli(ownerToken, 'action-item', 'list', '--overdue');
      assert.deepEqual(overdue.out, ['no action items match']);

      const missing = await cli(ownerToken, 'action-item', 'done', 'act_01JD8ZQ8X3K7V9N2M4P6R8T000');
      assert.notEqual(missing.code, 0);
      assert.match(missing.errText(), /not found/);
      const noId = await cli(ownerToken, 'action-item', 'done');
      assert.notEqual(noId.code, 0);
      assert.match(noId.errText(), /ID is required/);
    });
  },
  { clock: () => clock },
);
