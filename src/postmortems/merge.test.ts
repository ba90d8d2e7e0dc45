import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIncident } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import { runPostmortemReminders } from './reminders.ts';
import type { PostmortemView } from './schemas.ts';
import type { ActionItemView } from '../action-items/schemas.ts';

/**
 * Merging incidents moves the follow-up work to the survivor: every action item, and the
 * source's postmortem when the survivor has none (one postmortem per incident; a merged
 * incident shares its survivor's).
 */
describeEachDialect('action items and postmortems across a merge', (server) => {
  const declared = async (app: App, title: string) =>
    (await buildIncident(app, { from: 'declared', title, severity: 'SEV3' })).incident;

  async function item(app: App, incidentId: string, title: string) {
    const res = await api<ActionItemView>(app, 'POST', `/api/v1/incidents/${incidentId}/action-items`, {
      body: { title },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function postmortem(app: App, incidentId: string) {
    const res = await api<PostmortemView>(app, 'POST', '/api/v1/postmortems', {
      body: { incident_id: incidentId },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  const merge = (app: App, survivorId: string, sourceIds: string[]) =>
    api<{ id: string }>(app, 'POST', `/api/v1/incidents/${survivorId}/merge`, {
      body: { incident_ids: sourceIds },
    });

  const itemsOf = async (app: App, incidentId: string) =>
    (
      await api<{ data: ActionItemView[] }>(app, 'GET', `/api/v1/incidents/${incidentId}/action-items`)
    ).body.data
      .map((i) => i.title)
      .sort();

  it("moves the source's action items and its postmortem to a survivor without one", async () => {
    const { app } = server();
    const survivor = await declared(app, 'Checkout errors');
    const source = await declared(app, 'Payment timeouts');
    await item(app, survivor.id, 'Alert on error rate');
    const moved = await item(app, source.id, 'Raise the payment timeout');
    const pm = await postmortem(app, source.id);

    const res = await merge(app, survivor.id, [source.id]);
    assert.equal(res.status, 200, JSON.stringify(res.body));

    assert.deepEqual(await itemsOf(app, survivor.id), ['Alert on error rate', 'Raise the payment timeout']);
    assert.deepEqual(await itemsOf(app, source.id), []);
    const after = await api<ActionItemView>(app, 'GET', `/api/v1/action-items/${moved.id}`);
    assert.equal(after.body.incident.id, survivor.id);

    const survivorPm = await api<PostmortemView>(app, 'GET', `/api/v1/incidents/${survivor.id}/postmortem`);
    assert.equal(survivorPm.status, 200, JSON.stringify(survivorPm.body));
    assert.equal(survivorPm.body.id, pm.id, "the source's postmortem is the survivor's now");
    const sourcePm = await api<PostmortemView>(app, 'GET', `/api/v1/incidents/${source.id}/postmortem`);
    assert.equal(sourcePm.body.id, pm.id, 'and the merged incident shares it');

    const timeline = await api<{ data: { kind: string; data: Record<string, unknown> }[] }>(
      app,
      'GET',
      `/api/v1/incidents/${survivor.id}/timeline?limit=200`,
    );
    const merged = timeline.body.data.find((e) => e.kind === 'merged');
    assert.equal(merged?.data.action_items, 1);
    assert.equal(merged?.data.postmortem_moved, true);
  });

  it('keeps each postmortem where both incidents have one', async () => {
    const { app } = server();
    const survivor = await declared(app, 'Search slow');
    const source = await declared(app, 'Index lag');
    const kept = await postmortem(app, survivor.id);
    const other = await postmortem(app, source.id);

    assert.equal((await merge(app, survivor.id, [source.id])).status, 200);
    const survivorPm = await api<PostmortemView>(app, 'GET', `/api/v1/incidents/${survivor.id}/postmortem`);
    assert.equal(survivorPm.body.id, kept.id);
    const stays = await api<PostmortemView>(app, 'GET', `/api/v1/postmortems/${other.id}`);
    assert.equal(stays.status, 200);
    assert.equal(stays.body.incident.id, source.id, 'the second postmortem is not lost');

    // Out of sight behind the survivor's, it reminds nobody, however overdue.
    const db = server().tdb.db;
    const now = Date.parse('2026-12-02T12:00:00Z'); // a Wednesday, noon in UTC: business hours
    await db
      .updateTable('postmortems')
      .set({ due_at: now - 86_400_000 })
      .where('id', '=', other.id)
      .execute();
    assert.equal(await db.transaction().execute((trx) => runPostmortemReminders(trx, now)), 0);
  });
});
