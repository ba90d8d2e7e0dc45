// The status page API's shapes, from the server's schemas (web/src/types.ts) where part A has
// written them; the rest (TEMPORARY) as design18.md gives them until they land.
import type { ComponentStatus, Impact, PublicStatus } from './model.ts';

export type {
  StatusComponentView,
  StatusGroupView,
  StatusPageSettingsView as StatusSettingsView,
} from '../../types.ts';

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
