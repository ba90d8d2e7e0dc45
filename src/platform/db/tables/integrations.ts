/** Integrations: a service's keyed endpoints that alerts arrive on (src/integrations). */
export interface IntegrationTables {
  integrations: IntegrationsTable;
}

export type IntegrationType = 'events-v2' | 'alertmanager' | 'grafana' | 'generic' | 'heartbeat';

export interface IntegrationsTable {
  id: string;
  service_id: string;
  name: string;
  type: IntegrationType;
  key_hash: string;
  key_prefix: string;
  /** JSON: type-specific settings (generic field mapping, heartbeat period). */
  config: string;
  rate_limit_per_minute: number | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}
