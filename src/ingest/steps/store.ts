import { insertAlertEventRows, insertAlertRows, updateAlertPatches } from '../repository.ts';
import type { Batch } from './batch.ts';

/**
 * Stores the walk's alert changes in bulk: the merged changes to stored alerts, the new alerts,
 * then every event's entry on its alert's log. After the incidents exist: a suppressed alert
 * whose silence ended may point at a new one.
 */
export async function storeAlerts(batch: Batch): Promise<void> {
  await updateAlertPatches(batch.db, batch.dialect, batch.storedUpdates);
  await insertAlertRows(batch.db, batch.newAlerts);
  await insertAlertEventRows(batch.db, batch.alertEvents);
}
