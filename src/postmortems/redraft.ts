import type { Queryable } from '../platform/db/connect.ts';
import { loadPostmortem } from './common.ts';
import { draftSections, incidentDurations, loadIncidentFacts } from './draft/index.ts';
import type { IncidentDraftView } from './schemas.ts';

/**
 * The incident as it is now, drafted again for the editor: its four durations, and the timeline
 * table written the way the first draft was (in the postmortem's zone), so an author can put back
 * a timeline they edited away, or pick up key events pinned since. Reads only; the postmortem's
 * own text changes when the author saves.
 */
export async function incidentDraft(db: Queryable, id: string): Promise<IncidentDraftView> {
  const pm = await loadPostmortem(db, id);
  const facts = await loadIncidentFacts(db, pm.incident_id);
  const [timeline] = draftSections(
    facts,
    [{ key: 'timeline', title: 'Timeline', guidance: '' }],
    pm.time_zone,
  );
  return { durations: incidentDurations(facts), timeline: timeline?.body ?? '' };
}
