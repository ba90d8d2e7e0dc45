import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  addMember,
  auditActions,
  buildIncident,
  buildService,
  buildTeam,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { ActionItemView } from './schemas.ts';

/**
 * Action items through the API on both databases: created on an incident with the rules of a
 * good follow-up (a title, an active owner, a due date not in the past where the owner is),
 * edited, moved through their statuses, listed across incidents (owner, status, overdue, service,
 * team, incident), deleted by admins or their creator; every change on the incident's timeline and in
 * the audit log, and the 403 of those who may not.
 */
// Wednesday 2026-12-02 12:00 UTC: already Thursday in Auckland, still Wednesday in Los Angeles.
const T0 = Date.parse('2026-12-02T12:00:00Z');
const clock = fixedClock(T0);

type Page = { data: ActionItemView[]; next_cursor: string | null };
/** The error message of a 4xx answer. */
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;

type Entry = { kind: string; message: string; data: Record<string, unknown> };

describeEachDialect(
  'action items',
  (server) => {
    let responder: { id: string; name: string };
    let responderToken: string;
    let auckland: { id: string; name: string };
    let incident: { id: string; ref: string };
    let serviceId: string;
    let teamId: string;

    before(async () => {
      const { app } = server();
      responder = await buildUser(app, { role: 'responder', time_zone: 'America/Los_Angeles' });
      auckland = await buildUser(app, { role: 'responder', time_zone: 'Pacific/Auckland' });
      teamId = (await homeTeamFor(app, [responder.id])).id;
      responderToken = await tokenFor(app, responder.id);
      const built = await buildIncident(app, {
        from: 'declared',
        severity: 'SEV2',
        title: 'Checkout errors',
      });
      incident = built.incident;
      serviceId = built.serviceId;
    });

    const create = (body: Record<string, unknown>, token?: string, on = incident.id) =>
      api<ActionItemView>(server().app, 'POST', `/api/v1/incidents/${on}/action-items`, {
        body,
        ...(token === undefined ? {} : { token }),
      });
    const timeline = async () =>
      (
        await api<{ data: Entry[] }>(
          server().app,
          'GET',
          `/api/v1/incidents/${incident.id}/timeline?limit=500`,
        )
      ).body.data.filter((e) => e.kind.startsWith('action_item'));

    it('creates an item on an incident: medium priority and open by default, on the timeline and audited', async () => {
      const res = await create(
        { title: '  Alert on checkout error rate ', owner_id: responder.id, due_date: '2026-12-09' },
        responderToken,
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const item = res.body;
      assert.equal(item.title, 'Alert on checkout error rate');
      assert.equal(item.priority, 'medium');
      assert.equal(item.status, 'open');
      assert.equal(item.overdue, false);
      assert.deepEqual(item.owner, { id: responder.id, name: responder.name });
      assert.deepEqual(item.incident, { id: incident.id, ref: incident.ref, title: 'Checkout errors' });
      assert.equal(item.created_by.id, responder.id);
      assert.equal(item.completed_at, null);
      assert.ok(item.id.startsWith('act_'));

      const [entry] = (await timeline()).filter((e) => e.data.action_item_id === item.id);
      assert.equal(entry?.kind, 'action_item_added');
      assert.match(
        entry.message,
        /added action item "Alert on checkout error rate", owned by .+, due 2026-12-09$/,
      );
      assert.deepEqual(await auditActions(server().app, 'action_item', item.id), ['action_item.create']);

      const byRef = await api<Page>(server().app, 'GET', `/api/v1/incidents/${incident.ref}/action-items`);
      assert.equal(byRef.status, 200);
      assert.ok(byRef.body.data.some((i) => i.id === item.id));
      const one = await api<ActionItemView>(server().app, 'GET', `/api/v1/action-items/${item.id}`);
      assert.deepEqual(one.body, item);
    });

    it('answers 400 naming the field for an empty title, an unknown or deactivated owner and a past due date', async () => {
      const { app } = server();
      const blank = await create({ title: '   ' });
      assert.equal(blank.status, 400);
      assert.match(message(blank), /body\.title/);

      const unknown = await create({ title: 'x', owner_id: 'usr_01JD8ZQ8X3K7V9N2M4P6R8T000' });
      assert.equal(unknown.status, 400);
      assert.match(message(unknown), /body\.owner_id: user "usr_01JD8ZQ8X3K7V9N2M4P6R8T000" not found/);

      const gone = await buildUser(app);
      assert.equal((await api(app, 'POST', `/api/v1/users/${gone.id}/deactivate`)).status, 200);
      const inactive = await create({ title: 'x', owner_id: gone.id });
      assert.equal(inactive.status, 400);
      assert.match(message(inactive), /body\.owner_id: .+ is deactivated/);

      // 2026-12-02 is today in UTC and Los Angeles, but yesterday in Auckland (already the 3rd).
      const yesterday = await create({ title: 'x', due_date: '2026-12-01' });
      assert.equal(yesterday.status, 400);
      assert.match(message(yesterday), /body\.due_date: 2026-12-01 is in the past/);
      assert.equal(
        (await create({ title: 'x', owner_id: responder.id, due_date: '2026-12-02' })).status,
        201,
      );
      const pastThere = await create({ title: 'x', owner_id: auckland.id, due_date: '2026-12-02' });
      assert.equal(pastThere.status, 400);
      assert.match(message(pastThere), /body\.due_date: .+Pacific\/Auckland/);
      const notADay = await create({ title: 'x', due_date: '2026-02-30' });
      assert.equal(notADay.status, 400);
      assert.match(message(notADay), /body\.due_date/);
      const badPriority = await create({ title: 'x', priority: 'urgent' });
      assert.equal(badPriority.status, 400);
      assert.match(message(badPriority), /priority/);
      assert.equal((await create({ title: 'x' }, undefined, 'INC-999999')).status, 404);
    });

    it('edits fields and moves status: done and wont_do set completed_at, reopening clears it', async () => {
      const { app } = server();
      const item = (await create({ title: 'Add a runbook', priority: 'low' }, responderToken)).body;
      const edited = await api<ActionItemView>(app, 'PATCH', `/api/v1/action-items/${item.id}`, {
        token: responderToken,
        body: {
          title: 'Add a checkout runbook',
          owner_id: auckland.id,
          due_date: '2026-12-04',
          priority: 'high',
        },
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.title, 'Add a checkout runbook');
      assert.equal(edited.body.owner?.id, auckland.id);
      assert.equal(edited.body.due_date, '2026-12-04');
      assert.equal(edited.body.priority, 'high');
      const empty = await api(app, 'PATCH', `/api/v1/action-items/${item.id}`, { body: { title: '' } });
      assert.equal(empty.status, 400);
      assert.match(message(empty), /body\.title/);

      const status = (s: string) =>
        api<ActionItemView>(app, 'POST', `/api/v1/action-items/${item.id}/status`, {
          token: responderToken,
          body: { status: s },
        });
      assert.equal((await status('in_progress')).body.completed_at, null);
      clock.set(T0 + 60_000);
      const done = await status('done');
      assert.equal(done.body.status, 'done');
      assert.equal(done.body.completed_at, new Date(T0 + 60_000).toISOString());
      clock.set(T0 + 120_000);
      assert.equal((await status('wont_do')).body.completed_at, new Date(T0 + 60_000).toISOString());
      const reopened = await status('open');
      assert.equal(reopened.body.status, 'open');
      assert.equal(reopened.body.completed_at, null);
      assert.equal((await status('finished')).status, 400);
      clock.set(T0);

      assert.deepEqual(await auditActions(app, 'action_item', item.id), [
        'action_item.create',
        'action_item.update',
        'action_item.status',
        'action_item.status',
        'action_item.status',
        'action_item.status',
      ]);
      const kinds = (await timeline()).filter((e) => e.data.action_item_id === item.id).map((e) => e.kind);
      assert.deepEqual(kinds, [
        'action_item_added',
        'action_item_updated',
        'action_item_status',
        'action_item_status',
        'action_item_status',
        'action_item_status',
      ]);
    });

    it('lists across incidents by owner, status, overdue, service and incident, paginated', async () => {
      const { app } = server();
      const owner = await buildUser(app, { time_zone: 'Pacific/Auckland' });
      const other = await buildIncident(app, { from: 'declared', title: 'Search slow' });
      const a = (await create({ title: 'a', owner_id: owner.id, due_date: '2026-12-03' })).body;
      await create({ title: 'b', owner_id: owner.id, due_date: '2026-12-05' }, undefined, other.incident.id);
      await create({ title: 'c', owner_id: owner.id }, undefined, other.incident.id);
      const list = async (qs: string) => {
        const res = await api<Page>(app, 'GET', `/api/v1/action-items?${qs}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.data.map((i) => i.title);
      };
      assert.deepEqual(await list(`owner=${owner.id}`), ['c', 'b', 'a']);
      assert.deepEqual(await list(`owner=${owner.id}&service=${serviceId}`), ['a']);
      assert.deepEqual(await list(`owner=${owner.id}&incident_id=${other.incident.ref}`), ['c', 'b']);
      // A number no incident can have (past PostgreSQL's bigint) is no incident, not a 500.
      assert.deepEqual(await list('incident_id=99999999999999999999'), []);
      assert.deepEqual(await list('incident_id=INC-99999999999999999999'), []);
      const firstPage = await api<Page>(app, 'GET', `/api/v1/action-items?owner=${owner.id}&limit=2`);
      assert.deepEqual(
        firstPage.body.data.map((i) => i.title),
        ['c', 'b'],
      );
      const rest = await api<Page>(
        app,
        'GET',
        `/api/v1/action-items?owner=${owner.id}&limit=2&cursor=${firstPage.body.next_cursor}`,
      );
      assert.deepEqual(
        rest.body.data.map((i) => i.title),
        ['a'],
      );

      // Auckland's 2026-12-03 ends at 11:00 UTC on the 3rd; Los Angeles' at 08:00 UTC on the 4th.
      const la = (await create({ title: 'la', owner_id: responder.id, due_date: '2026-12-03' })).body;
      clock.set(Date.parse('2026-12-03T12:00:00Z'));
      assert.deepEqual(await list(`overdue=true&owner=${owner.id}`), ['a']);
      assert.equal((await list('overdue=true')).includes('la'), false);
      assert.equal(
        (await api<ActionItemView>(app, 'GET', `/api/v1/action-items/${a.id}`)).body.overdue,
        true,
      );
      clock.set(Date.parse('2026-12-04T09:00:00Z'));
      assert.ok((await list('overdue=true')).includes('la'));
      await api(app, 'POST', `/api/v1/action-items/${la.id}/status`, { body: { status: 'done' } });
      assert.equal((await list('overdue=true')).includes('la'), false);
      assert.deepEqual(await list(`overdue=true&owner=${owner.id}&status=open`), ['a']);
      assert.deepEqual(await list(`status=done&owner=${responder.id}`), ['la']);
      clock.set(T0);

      const me = await api<Page>(app, 'GET', '/api/v1/action-items?owner=me', {
        token: await tokenFor(app, owner.id),
      });
      assert.deepEqual(
        me.body.data.map((i) => i.title),
        ['c', 'b', 'a'],
      );
    });

    it("lists a team's items: incidents on its services, their own or affected ones", async () => {
      const { app } = server();
      const team = await buildTeam(app);
      const [own, affected] = [
        await buildService(app, { team_id: team.id }),
        await buildService(app, { team_id: team.id }),
      ];
      const elsewhere = (await buildService(app, { team_id: (await buildTeam(app)).id })).id;
      const onOwn = await buildIncident(app, { from: 'declared', serviceId: own.id });
      const declared = await api<{ id: string }>(app, 'POST', '/api/v1/incidents', {
        body: { title: 'Spills over', service_ids: [elsewhere, affected.id], severity: 'SEV3' },
      });
      assert.equal(declared.status, 201, JSON.stringify(declared.body));
      const notTheirs = await buildIncident(app, { from: 'declared', serviceId: elsewhere });
      await create({ title: 'own' }, undefined, onOwn.incident.id);
      await create({ title: 'affected' }, undefined, declared.body.id);
      await create({ title: 'not theirs' }, undefined, notTheirs.incident.id);
      const titles = async (qs: string) =>
        (await api<Page>(app, 'GET', `/api/v1/action-items?${qs}`)).body.data.map((i) => i.title);
      assert.deepEqual(await titles(`team=${team.id}`), ['affected', 'own']);
      assert.deepEqual(await titles(`team=${team.id}&service=${own.id}`), ['own']);
      assert.ok((await titles(`service=${elsewhere}`)).includes('affected'));
    });

    it('lets viewers read but not write (403), responders of other teams not act, and only admins or the creator delete', async () => {
      const { app } = server();
      const viewer = await viewerToken(app);
      const item = (await create({ title: 'Rotate the keys' }, responderToken)).body;
      assert.equal((await api(app, 'GET', `/api/v1/action-items/${item.id}`, { token: viewer })).status, 200);
      assert.equal((await api(app, 'GET', '/api/v1/action-items', { token: viewer })).status, 200);
      assert.equal((await create({ title: 'x' }, viewer)).status, 403);
      assert.equal(
        (await api(app, 'PATCH', `/api/v1/action-items/${item.id}`, { token: viewer, body: { title: 'y' } }))
          .status,
        403,
      );
      assert.equal(
        (
          await api(app, 'POST', `/api/v1/action-items/${item.id}/status`, {
            token: viewer,
            body: { status: 'done' },
          })
        ).status,
        403,
      );
      assert.equal(
        (await api(app, 'DELETE', `/api/v1/action-items/${item.id}`, { token: viewer })).status,
        403,
      );

      // A responder outside the teams owning the incident's service may not act on its items...
      const outsider = await buildUser(app, { role: 'responder' });
      const outsiderToken = await tokenFor(app, outsider.id);
      const otherTeam = await buildTeam(app);
      const elsewhere = await buildIncident(app, {
        from: 'declared',
        serviceId: (await buildService(app, { team_id: otherTeam.id })).id,
      });
      assert.equal((await create({ title: 'x' }, outsiderToken, elsewhere.incident.id)).status, 403);
      const given = (
        await create({ title: 'Theirs', owner_id: outsider.id }, undefined, elsewhere.incident.id)
      ).body;
      // ...unless it was given to them.
      const theirs = await api<ActionItemView>(app, 'POST', `/api/v1/action-items/${given.id}/status`, {
        token: outsiderToken,
        body: { status: 'done' },
      });
      assert.equal(theirs.status, 200);

      // Delete: not another responder, but the creator, and admins.
      const colleague = await buildUser(app, { role: 'responder' });
      await addMember(app, teamId, colleague.id);
      const colleagueToken = await tokenFor(app, colleague.id);
      assert.equal(
        (await api(app, 'DELETE', `/api/v1/action-items/${item.id}`, { token: colleagueToken })).status,
        403,
      );
      assert.equal(
        (await api(app, 'DELETE', `/api/v1/action-items/${item.id}`, { token: responderToken })).status,
        204,
      );
      assert.equal((await api(app, 'GET', `/api/v1/action-items/${item.id}`)).status, 404);
      assert.equal((await api(app, 'DELETE', `/api/v1/action-items/${given.id}`)).status, 204);
      assert.deepEqual(await auditActions(app, 'action_item', item.id), [
        'action_item.create',
        'action_item.delete',
      ]);
      const deleted = (await timeline()).filter((e) => e.kind === 'action_item_deleted');
      assert.ok(deleted.some((e) => e.data.action_item_id === item.id));
    });

    it('documents every action-item route in the OpenAPI document', async () => {
      const doc = await api<{ paths: Record<string, Record<string, unknown>> }>(
        server().app,
        'GET',
        '/api/v1/openapi.json',
        { token: null },
      );
      for (const [path, methods] of Object.entries({
        '/api/v1/action-items': ['get'],
        '/api/v1/action-items/{id}': ['get', 'patch', 'delete'],
        '/api/v1/action-items/{id}/status': ['post'],
        '/api/v1/incidents/{id}/action-items': ['get', 'post'],
      })) {
        for (const m of methods) assert.ok(doc.body.paths[path]?.[m], `${m} ${path} missing`);
      }
    });
  },
  { clock: () => clock },
);
