import { startEscalations } from '../../escalation/lifecycle.ts';
import { initializeIncidents } from '../../incidents/opened.ts';
import type { Batch } from './batch.ts';

/**
 * Escalate: each incident the batch opened starts its service's escalation policy (the first
 * pages) and what every new incident starts with (checklist tasks, recent changes on its
 * timeline). Runs once the incidents are inserted, for all of them at once.
 */
export async function startNewIncidents(batch: Batch): Promise<void> {
  if (batch.newIncidents.size === 0) return;
  const rows = [...batch.newIncidents.values()];
  await startEscalations(
    batch.db,
    batch.dialect,
    rows.map((r) => ({ id: r.id, service_id: r.service_id, number: r.number, title: r.title })),
    batch.now,
    'system:ingest',
  );
  await initializeIncidents(
    batch.db,
    rows.map((r) => ({
      id: r.id,
      service_id: r.service_id,
      severity: r.severity!,
      created_at: r.created_at,
    })),
    batch.now,
    'system:ingest',
    { severities: batch.severities ?? [] },
  );
}
