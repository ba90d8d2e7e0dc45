// TEMPORARY: the API's shapes as design18.md gives them, until part A's TypeBox schemas land
// (then these come from web/src/types.ts, type-only from the server).
import type { ComponentStatus, Impact, PublicStatus } from './model.ts';

export interface StatusComponentView {
  id: string;
  name: string;
  description: string;
  group_id: string | null;
  service_id: string | null;
  position: number;
  status: ComponentStatus;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface StatusGroupView {
  id: string;
  name: string;
  description: string;
  position: number;
  component_ids: string[];
}

export interface AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface PublicUpdateView {
  id: string;
  status: PublicStatus;
  body: string;
  display_at: string;
  affected_components: AffectedComponent[];
  deliver_notifications: boolean;
  created_at: string;
  created_by: { id: string; name: string } | string | null;
}

export interface PublicIncidentView {
  id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: PublicStatus;
  impact: Impact;
  incident_id: string | null;
  maintenance_window_id: string | null;
  scheduled_for: string | null;
  scheduled_until: string | null;
  auto_transition: boolean;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
  components: { id: string; name: string; status: ComponentStatus }[];
  updates: PublicUpdateView[];
}

export interface StatusTemplateView {
  id: string;
  name: string;
  update_status: PublicStatus;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface StatusSettingsView {
  name: string;
  logo_url: string | null;
  brand_color: string;
  public_url: string | null;
  time_zone: string;
  page_id: string;
  updated_at: string | null;
}

export interface ComponentChangeView {
  id: string;
  status: ComponentStatus;
  at: string;
}
