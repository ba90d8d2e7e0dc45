import { loadSuppressions, suppressionFor } from '../../silences/active.ts';
import type { IngestEvent } from '../event.ts';
import type { Batch } from './batch.ts';

/**
 * Suppress: an alert matched by an active silence or in a maintenance window of its service is
 * stored as suppressed and pages nobody. The silences and windows are read once per batch, at
 * the first event that needs them.
 *
 * Returns what suppresses the event (`silence:<id>` or `maintenance:<id>`), or null.
 */
export async function suppressedBy(batch: Batch, e: IngestEvent): Promise<string | null> {
  batch.suppressions ??= await loadSuppressions(batch.db, batch.now);
  return suppressionFor(batch.suppressions, e.serviceId, e.labels);
}
