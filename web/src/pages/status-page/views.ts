// The status page API's shapes, from the server's schemas (web/src/types.ts) where part A has
// written them; the rest (TEMPORARY) as design18.md gives them until they land.
import type { PublicStatus } from './model.ts';

export type {
  PublicIncidentView,
  PublicUpdateView,
  StatusComponentView,
  StatusGroupView,
  StatusPageSettingsView as StatusSettingsView,
} from '../../types.ts';

export interface StatusTemplateView {
  id: string;
  name: string;
  update_status: PublicStatus;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}
