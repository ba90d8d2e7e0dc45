import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildService,
  buildUser,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { type Clock, fixedClock } from '../../platform/clock.ts';
import type { ComponentView } from '../components/schemas.ts';
import type { PublicIncidentView } from '../incidents/schemas.ts';
import type { RenderedTemplateView, StatusTemplateView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const URL = '/api/v1/status-page';
const START = Date.parse('2030-06-01T14:05:00Z');
let clock: Clock & { advance(ms: number): void } = fixedClock(START);

describeEachDialect(
  'status page update templates',
  (server) => {
    it('ships one default template per incident status', async () => {
      const { app } = server();
      const res = await api<PageBody<StatusTemplateView>>(app, 'GET', `${URL}/templates`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.data.map((t) => t.update_status),
        ['investigating', 'identified', 'monitoring', 'resolved'],
      );
      assert.match(
        res.body.data[0]!.body,
        /^\[UPDATE \{\{time\}\}\] We are investigating issues with \{\{component\}\}/,
      );
    });

    it('creates, edits and deletes templates as admin only, audited', async () => {
      const { app } = server();
      const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
      const body = { name: uniqueName('Degraded'), update_status: 'identified', body: '{{service}} is slow' };
      assert.equal((await api(app, 'POST', `${URL}/templates`, { token: responder, body })).status, 403);
      const res = await api<StatusTemplateView>(app, 'POST', `${URL}/templates`, { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^stp_/);
      assert.equal(res.body.title, '');
      const taken = await api<ErrorBody>(app, 'POST', `${URL}/templates`, { body });
      assert.equal(taken.status, 409);
      const bad = await api<ErrorBody>(app, 'PATCH', `${URL}/templates/${res.body.id}`, {
        body: { update_status: 'on_fire' },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /update_status/);
      const edited = await api<StatusTemplateView>(app, 'PATCH', `${URL}/templates/${res.body.id}`, {
        body: { title: '{{service}} degraded' },
      });
      assert.equal(edited.body.title, '{{service}} degraded');
      assert.equal(
        (await api(app, 'DELETE', `${URL}/templates/${res.body.id}`, { token: responder })).status,
        403,
      );
      assert.equal((await api(app, 'DELETE', `${URL}/templates/${res.body.id}`)).status, 204);
      assert.deepEqual(await auditActions(app, 'status_template', res.body.id), [
        'status_page.template.create',
        'status_page.template.update',
        'status_page.template.delete',
      ]);
    });

    it('renders a template for a public incident and for an internal one', async () => {
      const { app } = server();
      const service = await buildService(app, { name: uniqueName('Search') });
      const c = (
        await api<ComponentView>(app, 'POST', `${URL}/components`, {
          body: { name: uniqueName('Search API'), service_id: service.id },
        })
      ).body;
      const template = (
        await api<StatusTemplateView>(app, 'POST', `${URL}/templates`, {
          body: {
            name: uniqueName('t'),
            update_status: 'investigating',
            title: '{{component}} degraded',
            body: '[UPDATE {{time}}] {{component}} ({{service}}) is slow since {{start_time}}.',
          },
        })
      ).body;
      const pub = (
        await api<PublicIncidentView>(app, 'POST', `${URL}/incidents`, {
          body: { name: 'Slow search', body: 'Looking.', components: { [c.id]: 'degraded_performance' } },
        })
      ).body;
      clock.advance(27 * 60_000);
      const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
      const res = await api<RenderedTemplateView>(app, 'POST', `${URL}/templates/${template.id}/render`, {
        token: responder,
        body: { status_incident_id: pub.id },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        title: `${c.name} degraded`,
        body: `[UPDATE 14:32] ${c.name} (${service.name}) is slow since 2030-06-01 14:05 UTC.`,
      });

      const { incident } = await buildIncident(app, { from: 'declared', serviceId: service.id });
      const internal = await api<RenderedTemplateView>(
        app,
        'POST',
        `${URL}/templates/${template.id}/render`,
        {
          body: { incident_id: incident.id },
        },
      );
      assert.equal(
        internal.body.body,
        `[UPDATE 14:32] ${c.name} (${service.name}) is slow since 2030-06-01 14:32 UTC.`,
      );

      const bare = await api<RenderedTemplateView>(app, 'POST', `${URL}/templates/${template.id}/render`);
      assert.equal(
        bare.body.body,
        '[UPDATE 14:32] {{component}} ({{service}}) is slow since {{start_time}}.',
      );
      const missing = await api<ErrorBody>(app, 'POST', `${URL}/templates/${template.id}/render`, {
        body: { status_incident_id: 'spi_01JAAAAAAAAAAAAAAAAAAAAAAA' },
      });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /^body\.status_incident_id: no public incident/);
      const viewer = await viewerToken(app);
      assert.equal(
        (await api(app, 'POST', `${URL}/templates/${template.id}/render`, { token: viewer, body: {} }))
          .status,
        403,
      );
    });
  },
  {
    clock: () => {
      clock = fixedClock(START);
      return clock;
    },
  },
);
