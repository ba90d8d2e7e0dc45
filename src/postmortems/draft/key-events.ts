import type { TimelineKind } from '../../timeline/repository.ts';
import { type ActorNames, presentActor } from '../../users/actors.ts';
import type { FactsAlert, FactsEvent } from './facts.ts';

/**
 * Which timeline entries belong in a postmortem's timeline. A busy incident writes hundreds of
 * entries (every page, delivery, task, alert attached); the reader wants the story: when it
 * started and who knew, what changed, who took which role, what was said, when it stopped.
 * Anything a responder pinned is a key event whatever its kind.
 */

/** Each occurrence is a row: status, severity, role and service changes, updates, recent deploys, merges. */
export const EVERY_OCCURRENCE: readonly TimelineKind[] = [
  'retriggered',
  'mitigated',
  'resolved',
  'closed',
  'reopened',
  'severity_changed',
  'role_assigned',
  'role_unassigned',
  'status_update',
  'status_page_published',
  'status_page_updated',
  'recent_change',
  'merged',
  'services_changed',
];

/**
 * Only the first of each group is a row: the opening (a declared incident writes both), the
 * first page (a policy's first level, or the first page to reassigned people) and the first
 * acknowledgement; repeats of these are escalation noise, not the story.
 */
export const FIRST_ONLY: readonly (readonly TimelineKind[])[] = [
  ['declared', 'triggered'],
  ['escalated', 'paged'],
  ['acknowledged'],
];

export interface KeyEntryRow {
  id: string;
  at: number;
  kind: string;
  actor: string;
  message: string;
  pinned: number;
}

/** `rows`: the pinned entries, those of EVERY_OCCURRENCE and the first of each FIRST_ONLY group, in any order. */
export function keyEvents(
  rows: KeyEntryRow[],
  firstAlert: FactsAlert | undefined,
  names: ActorNames,
): FactsEvent[] {
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  // Time-sortable ids order entries written in the same millisecond, as the incident's timeline does.
  unique.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const events: FactsEvent[] = unique.map((r) => ({
    at: r.at,
    kind: r.kind,
    text: describe(r, names),
    pinned: r.pinned === 1,
  }));
  if (firstAlert === undefined) return events;
  const alert: FactsEvent = {
    at: firstAlert.started_at,
    kind: 'first_alert',
    text: `First alert: ${firstAlert.summary} (${firstAlert.source}, ${firstAlert.severity})`,
    pinned: false,
  };
  // Before any entry of the same time: the alert is what the opening reacted to.
  const at = events.findIndex((e) => e.at >= alert.at);
  events.splice(at === -1 ? events.length : at, 0, alert);
  return events;
}

/** Notes and status updates are the author's words, so they say whose; other messages name the actor already. */
function describe(r: KeyEntryRow, names: ActorNames): string {
  if (r.kind === 'note') return `Note by ${presentActor(r.actor, names).name}: ${r.message}`;
  if (r.kind === 'status_update')
    return `Status update by ${presentActor(r.actor, names).name}: ${r.message}`;
  return r.message;
}
