import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { presentTimelineEntries } from './presenter.ts';
import { findIncident, findTimelineEntry, setTimelineEntryPinned } from './repository.ts';
import type { TimelineEntryView } from './schemas.ts';
import type { NoteBody, PinBody } from './schemas-work.ts';
import { requireIncidentAccess } from '../teams/access.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A client's clock may run a little ahead of ours; a note "from now" must not be refused for it. */
const CLOCK_SKEW = MINUTE;
/** Scribes reconstruct what led up to an incident, but not what happened days before it. */
const BEFORE_INCIDENT = 24 * HOUR;

/**
 * A note on the timeline. With a past `at` it is backdated: it sorts where it happened and
 * carries when it was really written. Closed and merged incidents take notes too, since the
 * scribe often reconstructs after the fact.
 */
export async function addNote({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & NoteBody;
}): Promise<TimelineEntryView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const incident = await findIncident(ctx.db, input.id);
    if (incident === undefined) throw NotFoundError.of('incident', input.id);
    const now = ctx.clock.now();
    const at = noteTime(input.at, now, incident.created_at);
    const backdated = at < now;
    const actor = actorRef(ctx.actor);
    const [row] = await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'note',
        actor,
        message: input.message,
        ...(backdated ? { at, backdated: true } : {}),
        pinned: input.pinned === true,
      },
    ]);
    const entry = (await presentTimelineEntries(ctx.db, [row!]))[0]!;
    await recordAudit(ctx, {
      action: 'incident.note',
      targetType: 'incident',
      targetId: incident.id,
      after: entry,
    });
    return entry;
  });
}

/** When the note happened: now unless a past time is given; never in the future. */
function noteTime(at: string | undefined, now: number, incidentCreatedAt: number): number {
  if (at === undefined) return now;
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new ValidationError('body.at: must be an RFC 3339 date-time');
  if (t > now + CLOCK_SKEW) throw new ValidationError('body.at: must not be in the future');
  const earliest = incidentCreatedAt - BEFORE_INCIDENT;
  if (t < earliest) {
    throw new ValidationError(
      `body.at: must be at most 24 hours before the incident began (${iso(incidentCreatedAt)}), ` +
        `so not before ${iso(earliest)}`,
    );
  }
  // Within the skew allowance "a moment from now" is now, not a future entry.
  return Math.min(t, now);
}

/**
 * Marks any entry as a key event or not. Only the flag changes: the timeline is append-only, so
 * what an entry says, when, and by whom never does.
 */
export async function pinTimelineEntry({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; entryId: string } & PinBody;
}): Promise<TimelineEntryView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const incident = await findIncident(ctx.db, input.id);
    if (incident === undefined) throw NotFoundError.of('incident', input.id);
    const before = await findTimelineEntry(ctx.db, incident.id, input.entryId);
    if (before === undefined) {
      throw new NotFoundError(
        `timeline entry ${JSON.stringify(input.entryId)} not found on INC-${incident.number}`,
      );
    }
    const updated = await setTimelineEntryPinned(ctx.db, incident.id, before.id, input.pinned);
    // A merge moved the entry to another incident between the read and the update.
    if (updated === undefined) {
      throw new NotFoundError(
        `timeline entry ${JSON.stringify(input.entryId)} not found on INC-${incident.number}`,
      );
    }
    const [after, beforeView] = (await presentTimelineEntries(ctx.db, [updated, before])) as [
      TimelineEntryView,
      TimelineEntryView,
    ];
    await recordAudit(ctx, {
      action: input.pinned ? 'incident.timeline.pin' : 'incident.timeline.unpin',
      targetType: 'incident',
      targetId: incident.id,
      before: beforeView,
      after,
    });
    return after;
  });
}
