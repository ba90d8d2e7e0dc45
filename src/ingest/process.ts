import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { storableText } from '../platform/text.ts';
import type { EventResult, IngestEvent } from './event.ts';
import { type Batch, newBatch } from './steps/batch.ts';
import {
  acknowledgeAlert,
  currentAlert,
  loadOpenAlerts,
  lockServices,
  repeatAlert,
  resolveAlert,
} from './steps/dedup.ts';
import { startNewIncidents } from './steps/escalate.ts';
import { prefetchOpenIncidents } from './steps/group.ts';
import { newAlert } from './steps/new-alert.ts';
import { insertNewIncidents, recordJoinedIncidents } from './steps/open-join.ts';
import { settleIncidents } from './steps/settle.ts';
import { storeAlerts } from './steps/store.ts';

/**
 * The ingest pipeline. Adapters have parsed each wire format into IngestEvents; a batch of them
 * (one group commit) then goes, in the caller's transaction, through these steps (steps/):
 *   dedup      dedup.ts      an event for an open alert changes it: repeat, acknowledge, resolve
 *   suppress   suppress.ts   a new alert (new-alert.ts) matched by a silence or maintenance
 *                            window is stored as suppressed and pages nobody
 *   group      group.ts      otherwise its service's rules (or a storm) give it a group
 *   open/join  open-join.ts  it joins the group's open incident or opens one
 *   escalate   escalate.ts   the new incidents start their escalation policy
 *   settle     settle.ts     incidents whose alerts are all acknowledged or resolved follow them
 * Reads are done per batch (or per service), not per event, and writes are collected while the
 * events are walked in order and made in bulk afterwards (store.ts), because this runs once per
 * group commit on the hot path. The steps share one Batch (steps/batch.ts); the SQL is in
 * repository.ts.
 */
export async function processBatch(
  db: Queryable,
  dialect: Dialect,
  rawEvents: IngestEvent[],
  now: number,
): Promise<EventResult[]> {
  const batch = newBatch(db, dialect, rawEvents.map(storableEvent), now);
  // Reads up front: the services' locks, open alerts, and the open incidents of new alerts' groups.
  await lockServices(batch);
  await loadOpenAlerts(batch);
  await prefetchOpenIncidents(batch);
  // The walk: each event in order, against what the earlier events of the batch did.
  for (const e of batch.events) await applyEvent(batch, e);
  // The writes, in bulk.
  await insertNewIncidents(batch);
  await startNewIncidents(batch);
  await recordJoinedIncidents(batch);
  await storeAlerts(batch);
  await settleIncidents(batch);
  return batch.results;
}

/** One event of the walk: dedup first; a trigger with no open alert goes on to suppress, group, open/join. */
async function applyEvent(batch: Batch, e: IngestEvent): Promise<void> {
  const current = currentAlert(batch, e);
  switch (e.action) {
    case 'trigger':
      if (current.alert !== undefined) await repeatAlert(batch, e, current.alert, current.pending);
      else await newAlert(batch, e, current.key);
      return;
    case 'acknowledge':
      acknowledgeAlert(batch, e, current);
      return;
    case 'resolve':
      resolveAlert(batch, e, current);
      return;
  }
}

// Unstorable text (U+0000, lone surrogates) becomes U+FFFD: refusing the alert would drop a page.
export { storableText };

function storableEvent(e: IngestEvent): IngestEvent {
  const opt = (s: string | null) => (s === null ? null : storableText(s));
  return {
    ...e,
    dedupKey: storableText(e.dedupKey),
    summary: storableText(e.summary),
    source: storableText(e.source),
    component: opt(e.component),
    group: opt(e.group),
    class: opt(e.class),
  };
}
