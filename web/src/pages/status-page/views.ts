// The status page API's shapes, from the server's schemas (web/src/types.ts).
export type {
  PublicIncidentView,
  PublicUpdateView,
  StatusComponentView,
  StatusGroupView,
  StatusPageSettingsView as StatusSettingsView,
  StatusTemplateView,
} from '../../types.ts';
