import { escalationsAcknowledged, escalationsResolved } from '../../escalation/lifecycle.ts';
import {
  acknowledgeIncidentIfTriggered,
  countAlertsByIncidentAndStatus,
  resolveIncidentIfOpen,
} from '../repository.ts';
import type { Batch } from './batch.ts';

/**
 * Settle: an incident follows its alerts: acknowledged once none is still triggered, resolved
 * once all are resolved, for the incidents whose alerts the batch acknowledged or resolved.
 * Conditional updates, so a responder's own acknowledgement is never overwritten; the
 * escalations of the incidents that changed stop or pause.
 */
export async function settleIncidents(batch: Batch): Promise<void> {
  if (batch.touchedIncidents.size === 0) return;
  const { db, dialect, now } = batch;
  const ids = [...batch.touchedIncidents];
  const resolved: string[] = [];
  const acknowledged: string[] = [];
  const counts = await countAlertsByIncidentAndStatus(db, ids);
  for (const id of ids) {
    const of = (status: string) =>
      Number(counts.find((c) => c.incident_id === id && c.status === status)?.n ?? 0);
    const triggered = of('triggered');
    const acked = of('acknowledged');
    if (triggered === 0 && acked === 0) {
      if (await resolveIncidentIfOpen(db, id, now)) resolved.push(id);
    } else if (triggered === 0) {
      if (await acknowledgeIncidentIfTriggered(db, id, now)) acknowledged.push(id);
    }
  }
  await escalationsResolved(db, resolved, now, 'system:ingest', () => 'Resolved: every alert resolved');
  await escalationsAcknowledged(
    db,
    dialect,
    acknowledged,
    now,
    'system:ingest',
    () => 'Acknowledged: every open alert acknowledged at its source',
  );
}
