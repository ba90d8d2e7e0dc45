import assert from 'node:assert/strict';
import { newIdAt } from '../../src/platform/ids.ts';
import { localHours } from '../../src/platform/local-hours.ts';
import type { E2eTocsin } from './browser.ts';
import type { IncidentFixture } from './incident-fixture.ts';

/**
 * What the insights browser test reports on: incidents opened by real events and acted on
 * through the API, then moved back in time in the database (the API stamps every step "now";
 * the reports read the stored times), with round durations so every figure is known:
 *
 * - checkout (team Payments): two SEV1s 2 days apart, each detected in 3 min, acknowledged in
 *   4 min 30 s, mitigated in 20 min and resolved in 45 min; one actionable, one noise; 3 pages each.
 *   The first has a status update 6 min in and two action items due 3 days ago: one done in
 *   time, one still open.
 * - search (team Discovery): one SEV2, acknowledged in 1 min, resolved in 10 min, noise; 1 page.
 * - in the period before: one checkout SEV3 acknowledged in 10 min.
 * SEV1 and SEV2 require a postmortem, and none is written: 0 of 3.
 *
 * So MTTA over the period is (270 + 270 + 60) / 3 = 200 s, "3 min 20 s", 6 min 40 s faster than
 * the 10 min before; accuracy is 1 of 3 classified (33 %), checkout's 50 %, search's 0 %.
 * Ada Lovelace was paged in her sleep on 10 nights (flagged: over 2 a week), Bob Dylan twice
 * in business hours.
 */
export interface InsightsSeed {
  checkout: string[];
  search: string;
  ada: { id: string; email: string; password: string };
  bob: { id: string; email: string; password: string };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export async function seedInsights(fx: IncidentFixture, tocsin: E2eTocsin): Promise<InsightsSeed> {
  const db = tocsin.tdb.db;
  const ok = async (method: 'POST' | 'PATCH', url: string, body: unknown = {}) => {
    const res = await fx.asAdmin(method, url, body);
    assert.ok(res.status < 300, `${method} ${url}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const ada = await fx.user('Ada Lovelace', 'responder');
  const bob = await fx.user('Bob Dylan', 'responder');

  // A second team and service, opened by its own integration.
  const team = (await ok('POST', '/api/v1/teams', { name: 'Discovery' })) as { id: string };
  const service = (await ok('POST', '/api/v1/services', { name: 'search', team_id: team.id })) as {
    id: string;
  };
  const int = (await ok('POST', `/api/v1/services/${service.id}/integrations`, {
    name: 'alertmanager',
    type: 'events-v2',
  })) as { key: string };
  const sent = await fetch(`${tocsin.origin}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      routing_key: int.key,
      event_action: 'trigger',
      dedup_key: 'search-latency',
      payload: { summary: 'Search latency over 2 s', source: 'search-1', severity: 'warning' },
    }),
  });
  assert.equal(sent.status, 202);
  const list = (
    await fx.asAdmin<{ data: { ref: string; title: string }[] }>('GET', '/api/v1/incidents?limit=5')
  ).body.data;
  const search = list.find((i) => i.title === 'Search latency over 2 s')!.ref;

  const checkout = [
    await fx.trigger('Checkout error rate over 5 %'),
    await fx.trigger('Checkout error rate over 5 % again'),
  ];
  const previous = await fx.trigger('Checkout slow last month');

  const now = Date.now();
  const run = async (
    ref: string,
    severity: string,
    created: number,
    steps: { detect: number; ack: number; mitigate: number; resolve: number },
    classification: 'actionable' | 'noise' | undefined,
    pages: number,
  ) => {
    const at = `/api/v1/incidents/${ref}`;
    await ok('PATCH', at, { severity });
    await ok('POST', `${at}/acknowledge`);
    await ok('POST', `${at}/mitigate`);
    await ok('POST', `${at}/resolve`, classification === undefined ? {} : { classification });
    const { id } = (await fx.asAdmin<{ id: string }>('GET', at)).body;
    await db
      .updateTable('incidents')
      .set({
        created_at: created,
        source_started_at: created - steps.detect,
        acknowledged_at: created + steps.ack,
        mitigated_at: created + steps.mitigate,
        resolved_at: created + steps.resolve,
        page_count: pages,
      })
      .where('id', '=', id)
      .execute();
    return id;
  };
  const slow = { detect: 3 * MIN, ack: 4.5 * MIN, mitigate: 20 * MIN, resolve: 45 * MIN };
  const first = await run(checkout[0]!, 'SEV1', now - 4 * DAY, slow, 'actionable', 3);
  await run(checkout[1]!, 'SEV1', now - 2 * DAY, slow, 'noise', 3);
  await run(
    search,
    'SEV2',
    now - 3 * DAY,
    { detect: MIN, ack: MIN, mitigate: 5 * MIN, resolve: 10 * MIN },
    'noise',
    1,
  );
  await run(
    previous,
    'SEV3',
    now - 35 * DAY,
    { detect: MIN, ack: 10 * MIN, mitigate: 30 * MIN, resolve: HOUR },
    undefined,
    1,
  );

  // The first status update, 6 min in.
  await ok('POST', `/api/v1/incidents/${checkout[0]}/updates`, { message: 'Rolling back the release' });
  await db
    .updateTable('incident_updates')
    .set({ created_at: now - 4 * DAY + 6 * MIN })
    .where('incident_id', '=', first)
    .execute();

  // Two action items due 3 days ago: one done the day before, one still open.
  const due = new Date(now - 3 * DAY).toISOString().slice(0, 10);
  for (const [title, done] of [
    ['Alert on the error budget', true],
    ['Canary the checkout release', false],
  ] as const) {
    const item = (await ok('POST', `/api/v1/incidents/${first}/action-items`, { title })) as { id: string };
    if (done) await ok('POST', `/api/v1/action-items/${item.id}/status`, { status: 'done' });
    await db
      .updateTable('action_items')
      .set({ due_date: due, ...(done ? { completed_at: now - 4 * DAY } : {}) })
      .where('id', '=', item.id)
      .execute();
  }

  // Pages, with the part of the day worked out as the engine does.
  // One page per step of the incident (pages_once): the steps number them.
  let step = 0;
  const page = async (userId: string, at: number) => {
    const h = localHours(at, 'UTC');
    await db
      .insertInto('pages')
      .values({
        id: newIdAt('pg', at),
        incident_id: first,
        user_id: userId,
        step: step++,
        level: 0,
        round: 0,
        reason: 'escalation',
        at,
        day_part: h.part,
        weekend: h.weekend ? 1 : 0,
        night: h.night,
      })
      .execute();
  };
  const midnight = now - (now % DAY);
  for (let d = 1; d <= 10; d++) await page(ada.id, midnight - d * DAY + 2 * HOUR); // 02:00 UTC
  // 10:00 UTC on the last two weekdays before today.
  const weekdays = [1, 2, 3, 4, 5, 6]
    .map((d) => midnight - d * DAY + 10 * HOUR)
    .filter((t) => localHours(t, 'UTC').part === 'business')
    .slice(0, 2);
  for (const t of weekdays) await page(bob.id, t);
  return { checkout, search, ada, bob };
}
