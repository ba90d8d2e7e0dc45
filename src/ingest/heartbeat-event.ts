import type { Row } from '../platform/db/tables.ts';
import type { IngestEvent } from './event.ts';

/**
 * A heartbeat monitor's alert (heartbeats/ping.ts, engine/timers.ts). Here, below both, so a
 * test alert (test-alert.ts) is the same event under its own dedup key.
 */
export function heartbeatDedupKey(integrationId: string): string {
  return `heartbeat:${integrationId}`;
}

export function heartbeatEvent(
  integration: Pick<Row<'integrations'>, 'id' | 'service_id' | 'name'>,
  action: 'trigger' | 'resolve',
  summary: string,
  now: number,
  payload: unknown,
  dedupKey = heartbeatDedupKey(integration.id),
): IngestEvent {
  return {
    serviceId: integration.service_id,
    integrationId: integration.id,
    integrationType: 'heartbeat',
    action,
    dedupKey,
    summary,
    severity: 'critical',
    source: integration.name,
    component: null,
    group: null,
    class: 'heartbeat',
    labels: { heartbeat: integration.name },
    details: {},
    links: [],
    images: [],
    startedAt: now,
    endsAt: null,
    payload,
  };
}
