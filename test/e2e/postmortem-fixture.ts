import assert from 'node:assert/strict';
import type { E2eTocsin } from './browser.ts';
import type { IncidentFixture } from './incident-fixture.ts';

/**
 * What the postmortem browser test writes: a SEV1 database failover as a team would write it up,
 * so the README's screenshot shows a real postmortem. Keyed by section.
 */
export const FAILOVER_TEXT: Record<string, string> = {
  summary:
    'On Tuesday night the **primary PostgreSQL node** of the checkout cluster lost its disk and the ' +
    'automatic failover stalled for 27 minutes: the replica refused promotion because its replication ' +
    'lag was over the safety threshold. Checkout could not take orders until the replica was promoted by hand.',
  impact: [
    '- **Duration:** 52 minutes, from 02:11 to 03:03 UTC; writes failed for 27 of them',
    '- **Users affected:** every customer checking out in Europe, about 4,300 failed orders',
    '- **SLA/SLO breach:** the checkout availability SLO (99.9 %/30 days) burned 61 % of its budget',
    '- **Revenue impact:** about €38,000 of orders, 70 % of them retried successfully',
  ].join('\n'),
  timeline: [
    '| Time (UTC) | Event |',
    '| --- | --- |',
    '| 02:08 | Disk errors on `pg-checkout-1` start (kernel log) |',
    '| 02:11 | Alert _Checkout write error rate > 5 %_ opens INC-1 as SEV1 |',
    '| 02:15 | On-call acknowledges and takes the incident commander role |',
    '| 02:19 | Patroni reports the failover blocked: replica lag 48 MB over the 16 MB limit |',
    '| 02:38 | Replica lag confirmed stable; decision to promote `pg-checkout-2` by hand |',
    '| 02:42 | Replica promoted; checkout writes succeed again (mitigated) |',
    '| 03:03 | Old primary fenced, connection pools drained; resolved |',
  ].join('\n'),
  root_cause:
    'The failover safety check compares replica lag with a fixed 16 MB limit. A nightly batch job ' +
    'had produced a burst of WAL that the replica was still applying, so the check blocked the ' +
    'promotion although the lag was shrinking and no committed order was at risk.',
  contributing_factors: [
    '- The runbook for a blocked failover was written for the previous cluster manager.',
    '- The nightly batch runs on the primary at the busiest hour for European checkout.',
  ].join('\n'),
  resolution:
    'The replica was promoted with `patronictl failover --force` once its lag was confirmed to be ' +
    'shrinking; the failed primary was fenced and its disk replaced the next morning.',
  went_well:
    '- The write error alert fired within three minutes.\n- Order retries recovered most of the revenue.',
  went_poorly:
    '- Someone forgot to update the failover runbook after the migration to Patroni.\n' +
    '- Nobody outside the database team knew the lag limit existed.',
  lucky: 'The disk failed at night: at peak traffic the same 27 minutes would have cost five times as much.',
  lessons:
    'Safety limits on automatic failover need an owner, an alert when they block, and a documented override.',
};

/**
 * A resolved SEV1 opened by an alert, with the incident's times set to a night's incident (the
 * API stamps every step "now"; the durations the editor shows come from these stored times).
 */
export async function resolvedFailover(fx: IncidentFixture, tocsin: E2eTocsin): Promise<string> {
  const ref = await fx.trigger('Checkout writes failing: primary database failover stalled');
  const at = `/api/v1/incidents/${ref}`;
  for (const [method, url, body] of [
    ['PATCH', at, { severity: 'SEV1' }],
    ['POST', `${at}/acknowledge`, {}],
    [
      'POST',
      `${at}/notes`,
      { message: 'Patroni blocked the failover: replica lag over 16 MB', pinned: true },
    ],
    ['POST', `${at}/mitigate`, {}],
    ['POST', `${at}/resolve`, {}],
  ] as const) {
    const res = await fx.asAdmin(method, url, body);
    assert.ok(res.status < 300, `${method} ${url}: ${JSON.stringify(res.body)}`);
  }
  const id = (await fx.asAdmin<{ id: string }>('GET', at)).body.id;
  const t0 = Date.now() - 6 * 3_600_000;
  const min = 60_000;
  const db = tocsin.tdb.db;
  await db
    .updateTable('incidents')
    .set({
      created_at: t0,
      acknowledged_at: t0 + 4 * min,
      mitigated_at: t0 + 31 * min,
      resolved_at: t0 + 52 * min,
    })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('alerts')
    .set({ started_at: t0 - 3 * min })
    .where('incident_id', '=', id)
    .execute();
  return ref;
}
