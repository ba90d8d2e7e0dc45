import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';

type App = Parameters<typeof api>[0];
type Incident = { id: string; ref: string };
type Task = {
  id: string;
  incident_id: string;
  title: string;
  position: number;
  assignee_id: string | null;
  source: string;
  done: boolean;
  done_at: string | null;
  done_by: Actor | null;
  created_at: string;
  created_by: Actor;
};
type Actor = { type: string; id: string; name: string };
type Entry = { kind: string; message: string; data: Record<string, unknown> };
type Err = { error: { code: string; message: string } };

const MINUTE = 60_000;
const START = Date.parse('2026-11-25T10:00:00Z');
let clock: Clock & { advance(ms: number): void };
const iso = (ms: number) => new Date(ms).toISOString();

async function newIncident(app: App): Promise<Incident> {
  const opened = await buildIncident(app, {
    title: 'Queue backing up',
    source: 'worker-1',
    alertSeverity: 'warning',
  });
  return opened.incident;
}

describeEachDialect(
  'incident tasks',
  (server) => {
    let token: string;
    let me: { id: string; name: string };

    before(async () => {
      const { app } = server();
      me = await buildUser(app, { role: 'responder' });
      token = await tokenFor(app, me.id);
      await homeTeamFor(app, [me.id]);
    });

    const tasks = async (app: App, incident: Incident) => {
      const res = await api<{ data: Task[] }>(app, 'GET', `/api/v1/incidents/${incident.id}/tasks`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data;
    };
    const add = (app: App, incident: Incident, body: unknown, t = token) =>
      api<Task & Err>(app, 'POST', `/api/v1/incidents/${incident.ref}/tasks`, { body, token: t });
    const patch = (app: App, incident: Incident, taskId: string, body: unknown) =>
      api<Task & Err>(app, 'PATCH', `/api/v1/incidents/${incident.id}/tasks/${taskId}`, { body, token });
    const taskEntries = async (app: App, incident: Incident) =>
      (
        await api<{ data: Entry[] }>(app, 'GET', `/api/v1/incidents/${incident.id}/timeline?limit=500`)
      ).body.data.filter((e) => e.kind.startsWith('task_'));

    it('adds tasks at the end of the checklist, assigned or not, with timeline and audit', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const bob = await buildUser(app, { role: 'responder' });
      const seeded = await tasks(app, incident);
      const last = Math.max(0, ...seeded.map((t) => t.position));

      const first = await add(app, incident, { title: 'Page the database team' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(
        { ...first.body, id: undefined },
        {
          id: undefined,
          incident_id: incident.id,
          title: 'Page the database team',
          position: last + 1,
          assignee_id: null,
          source: 'manual',
          done: false,
          done_at: null,
          done_by: null,
          created_at: iso(clock.now()),
          created_by: { type: 'user', id: me.id, name: me.name },
        },
      );
      const second = await add(app, incident, { title: 'Fail over to the replica', assignee_id: bob.id });
      assert.equal(second.status, 201);
      assert.equal(second.body.position, last + 2);
      assert.equal(second.body.assignee_id, bob.id);

      const list = await tasks(app, incident);
      assert.deepEqual(
        list.slice(seeded.length).map((t) => t.title),
        ['Page the database team', 'Fail over to the replica'],
      );
      const entries = await taskEntries(app, incident);
      assert.deepEqual(
        entries.map((e) => e.kind),
        ['task_added', 'task_added'],
      );
      assert.match(entries[0]!.message, /added task "Page the database team"$/);
      assert.match(entries[1]!.message, new RegExp(`assigned to ${bob.name}$`));
      assert.equal(entries[1]!.data.task_id, second.body.id);
      const actions = await auditActions(app, 'incident', incident.id);
      assert.equal(actions.filter((a) => a === 'incident.task.create').length, 2);
    });

    it('assigns, ticks, unticks and unassigns; ticking twice keeps the first', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const bob = await buildUser(app, { role: 'responder' });
      const task = (await add(app, incident, { title: 'Roll back' })).body;

      const assigned = await patch(app, incident, task.id, { assignee_id: bob.id });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.assignee_id, bob.id);

      clock.advance(MINUTE);
      const doneAt = iso(clock.now());
      const done = await patch(app, incident, task.id, { done: true });
      assert.equal(done.status, 200);
      assert.equal(done.body.done, true);
      assert.equal(done.body.done_at, doneAt);
      assert.deepEqual(done.body.done_by, { type: 'user', id: me.id, name: me.name });

      clock.advance(MINUTE);
      const again = await patch(app, incident, task.id, { done: true });
      assert.equal(again.status, 200);
      assert.equal(again.body.done_at, doneAt, 'already done stays as it was');

      const reopened = await patch(app, incident, task.id, { done: false });
      assert.equal(reopened.body.done, false);
      assert.equal(reopened.body.done_at, null);
      assert.equal(reopened.body.done_by, null);

      const renamed = await patch(app, incident, task.id, { title: 'Roll back to v41', assignee_id: null });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.title, 'Roll back to v41');
      assert.equal(renamed.body.assignee_id, null);

      const entries = await taskEntries(app, incident);
      assert.deepEqual(
        entries.map((e) => e.kind),
        ['task_added', 'task_assigned', 'task_done', 'task_reopened', 'task_assigned'],
      );
      assert.match(entries[1]!.message, new RegExp(`assigned task "Roll back" to ${bob.name}$`));
      assert.match(entries[2]!.message, /completed task "Roll back"$/);
      assert.match(entries[3]!.message, /reopened task "Roll back"$/);
      assert.match(entries[4]!.message, /unassigned task "Roll back to v41"$/);
      const actions = await auditActions(app, 'incident', incident.id);
      assert.equal(
        actions.filter((a) => a === 'incident.task.update').length,
        4,
        'the repeated tick changed nothing and records nothing',
      );
    });

    it('bad input: unknown assignee 400 naming the field, unknown task or incident 404, viewers 403', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const other = await newIncident(app);
      const task = (await add(app, incident, { title: 'Check dashboards' })).body;

      const unknown = await add(app, incident, { title: 'x', assignee_id: 'usr_nobody' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.message, 'body.assignee_id: user "usr_nobody" not found');
      const badPatch = await patch(app, incident, task.id, { assignee_id: 'usr_nobody' });
      assert.equal(badPatch.status, 400);
      assert.equal(badPatch.body.error.message, 'body.assignee_id: user "usr_nobody" not found');

      assert.equal((await add(app, incident, { title: '' })).status, 400);
      assert.equal((await add(app, incident, {})).status, 400);
      assert.equal((await patch(app, incident, task.id, {})).status, 400, 'nothing to change');
      assert.equal((await patch(app, incident, task.id, { done: 'yes' })).status, 400);
      assert.equal((await patch(app, incident, task.id, { source: 'checklist' })).status, 400);
      assert.equal(
        (await patch(app, other, task.id, { done: true })).status,
        404,
        'a task of another incident',
      );
      assert.equal((await patch(app, incident, 'tsk_nope', { done: true })).status, 404);
      const missing = await api(app, 'POST', '/api/v1/incidents/INC-999999/tasks', {
        body: { title: 'x' },
        token,
      });
      assert.equal(missing.status, 404);
      assert.equal((await add(app, incident, { title: 'x' }, await viewerToken(app))).status, 403);

      const list = await tasks(app, incident);
      const mine = list.find((t) => t.id === task.id)!;
      assert.equal(mine.done, false, 'refused changes changed nothing');
      assert.equal(mine.assignee_id, null);
      assert.equal(list.filter((t) => t.source === 'manual').length, 1);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
