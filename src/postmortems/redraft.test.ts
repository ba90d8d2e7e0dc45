import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIncident, viewerToken } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { IncidentDraftView, PostmortemView } from './schemas.ts';

const START = Date.parse('2026-11-25T10:00:00Z');
const MINUTE = 60_000;
let clock: Clock & { advance(ms: number): void };

describeEachDialect(
  'postmortems: the incident drafted again for the editor',
  (server) => {
    it('answers the durations from the stored times and a timeline table with key events pinned since', async () => {
      const { app } = server();
      const { incident } = await buildIncident(app, { from: 'declared', severity: 'SEV1' });
      const act = (verb: string) =>
        api(app, 'POST', `/api/v1/incidents/${incident.id}/${verb}`, { body: {} });
      clock.advance(4 * MINUTE);
      assert.equal((await act('acknowledge')).status, 200);
      clock.advance(41 * MINUTE);
      assert.equal((await act('resolve')).status, 200);
      const pm = (
        await api<PostmortemView>(app, 'POST', '/api/v1/postmortems', {
          body: { incident_id: incident.id, time_zone: 'UTC' },
        })
      ).body;

      const url = `/api/v1/postmortems/${pm.id}/incident-draft`;
      const first = await api<IncidentDraftView>(app, 'GET', url, { token: await viewerToken(app) });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body.durations, {
        detect_ms: null,
        acknowledge_ms: 4 * MINUTE,
        mitigate_ms: null,
        resolve_ms: 45 * MINUTE,
      });
      const drafted = pm.sections.find((s) => s.key === 'timeline')?.body;
      assert.equal(first.body.timeline, drafted, 'the same table the draft started with');

      const note = await api(app, 'POST', `/api/v1/incidents/${incident.id}/notes`, {
        body: { message: 'Replica promoted by hand', pinned: true },
      });
      assert.equal(note.status, 201, JSON.stringify(note.body));
      const again = (await api<IncidentDraftView>(app, 'GET', url)).body;
      assert.match(again.timeline, /\| 2026-11-25 10:45 \| Note by admin: Replica promoted by hand \|/);
      const saved = (await api<PostmortemView>(app, 'GET', `/api/v1/postmortems/${pm.id}`)).body;
      assert.equal(saved.sections.find((s) => s.key === 'timeline')?.body, drafted, 'reading saves nothing');

      assert.equal((await api(app, 'GET', '/api/v1/postmortems/nope/incident-draft')).status, 404);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
