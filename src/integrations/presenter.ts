import type { IntegrationType } from '../platform/db/tables/integrations.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { GenericMapping, HeartbeatConfig, IntegrationView } from './schemas.ts';

export interface IntegrationConfig {
  mapping?: GenericMapping;
  heartbeat?: HeartbeatConfig;
}

export function parseConfig(row: Pick<Row<'integrations'>, 'config'>): IntegrationConfig {
  return JSON.parse(row.config) as IntegrationConfig;
}

/** The path each type posts to; the key is the last path segment (or the routing key / bearer token). */
export function endpointFor(type: IntegrationType): string {
  switch (type) {
    case 'events-v2':
      return '/v2/enqueue';
    case 'alertmanager':
      return '/integrations/alertmanager/<key>  (or /integrations/<key>/api/v2/alerts for Prometheus)';
    case 'grafana':
      return '/integrations/grafana/<key>';
    case 'generic':
      return '/integrations/generic/<key>';
    case 'heartbeat':
      return '/heartbeat/<key>';
  }
}

export function presentIntegration(row: Row<'integrations'>): IntegrationView {
  const config = parseConfig(row);
  return {
    id: row.id,
    service_id: row.service_id,
    name: row.name,
    type: row.type,
    key_prefix: row.key_prefix,
    enabled: row.disabled_at === null,
    rate_limit_per_minute: row.rate_limit_per_minute,
    mapping: config.mapping ?? null,
    heartbeat: config.heartbeat ?? null,
    endpoint: endpointFor(row.type),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
