/** Services and what they depend on (src/services). */
export interface ServiceTables {
  services: ServicesTable;
  service_dependencies: ServiceDependenciesTable;
}

export interface ServicesTable {
  id: string;
  name: string;
  description: string;
  team_id: string;
  /** JSON grouping rules (src/incidents/grouping.ts); null means one incident per dedup key. */
  alert_grouping: string | null;
  /** JSON {severity: urgency} (src/services/urgency.ts); null means the defaults. */
  urgency_rules: string | null;
  escalation_policy_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ServiceDependenciesTable {
  service_id: string;
  depends_on_id: string;
}
