/**
 * Drafting a postmortem from its incident (issue 19): loadIncidentFacts() reads what Tocsin
 * knows, draftSections() writes the template's sections from it (pure), incidentDurations() and
 * defaultTimeZone() are what the draft and the exports quote. The model and API (src/postmortems)
 * import from here only.
 */
export type { DraftSection, TemplateSection } from './sections.ts';
export { draftSections } from './sections.ts';
export type {
  FactsAlert,
  FactsEvent,
  FactsIncident,
  FactsPerson,
  FactsRole,
  IncidentFacts,
} from './facts.ts';
export { loadIncidentFacts } from './load.ts';
export { type IncidentDurations, defaultTimeZone, incidentDurations } from './durations.ts';
