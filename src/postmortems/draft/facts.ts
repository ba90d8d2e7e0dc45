import type { IncidentStatus } from '../../platform/db/tables/incidents.ts';

/**
 * What Tocsin knows about an incident that a postmortem starts from, read once when the draft
 * is made (loadIncidentFacts) and turned into text by pure code (draftSections). Times are epoch
 * milliseconds; the draft formats them in the postmortem's time zone.
 */
export interface IncidentFacts {
  incident: FactsIncident;
  /** Names; the incident's own service first, then the others it affects by name. */
  services: string[];
  /** The key events, oldest first (key-events.ts says which entries are key). */
  events: FactsEvent[];
  /** Everyone who held a role or acted on the incident: role holders first, by their first role. */
  people: FactsPerson[];
  /** Linked alerts, earliest start first (at most ALERTS_SHOWN of them; alert_count says how many). */
  alerts: FactsAlert[];
  alert_count: number;
  /** The incident's action items when the draft is made, oldest first (src/action-items). */
  action_items: FactsActionItem[];
}

export interface FactsActionItem {
  title: string;
  /** The owner's name; null: nobody owns it yet. */
  owner: string | null;
  /** `YYYY-MM-DD`, or null. */
  due_date: string | null;
  priority: string;
  status: string;
}

export interface FactsIncident {
  id: string;
  number: number;
  title: string;
  description: string;
  severity: string;
  status: IncidentStatus;
  origin: 'alert' | 'declared';
  /** When it was opened (declared, or triggered by its first alert). */
  created_at: number;
  /** The first acknowledgement (kept across a reopen). */
  acknowledged_at: number | null;
  /** These describe the incident's current run: a reopen clears them (the timeline keeps the earlier ones). */
  mitigated_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
}

export interface FactsEvent {
  at: number;
  /** The timeline kind, or `first_alert` for the earliest linked alert's start. */
  kind: string;
  /** One readable sentence, plain text (the draft escapes it for Markdown). */
  text: string;
  pinned: boolean;
}

export interface FactsRole {
  /** The role's slug (`commander`) and its name (`Incident commander`). */
  role: string;
  name: string;
  assigned_at: number;
  ended_at: number | null;
}

export interface FactsPerson {
  id: string;
  name: string;
  /** The user's IANA time zone. */
  time_zone: string;
  /** Every assignment they held, oldest first; empty for someone who acted without a role. */
  roles: FactsRole[];
}

export interface FactsAlert {
  id: string;
  summary: string;
  source: string;
  severity: string;
  status: string;
  /** When the alert says it started (the sender's timestamp, else when it arrived). */
  started_at: number;
}

export const ALERTS_SHOWN = 20;
