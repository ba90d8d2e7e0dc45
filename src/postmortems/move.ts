import { closeIncident } from '../incidents/act.ts';
import { COMMANDER } from '../incidents/roles/assign.ts';
import { currentHolder } from '../incidents/roles/repository.ts';
import { actorRole, actorUserId, requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { PostmortemStatus } from '../platform/db/tables/postmortems.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import { ConflictError, ForbiddenError } from '../platform/errors.ts';
import { findSeverity } from '../severities/repository.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { commitChange, loadIncident, loadPostmortem, requireWriter } from './common.ts';
import { MOVES } from './presenter.ts';
import { type PostmortemRow, clearApprovals, reviewersOf } from './repository.ts';
import type { MovePostmortemInput, PostmortemView } from './schemas.ts';

/**
 * Moves a postmortem draft -> in_review -> published, or from review back to draft (which
 * clears approvals: the text will change). Any other move is a 409 naming the allowed ones.
 *
 * Publishing is for the postmortem's owner, the incident's commander and admins: the people
 * accountable for it. It needs the incident resolved (or closed) and every requested reviewer's
 * approval; an admin may publish without them. When the incident's severity requires a
 * postmortem, publishing closes the resolved incident in the same transaction, as that person.
 */
export async function movePostmortem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & MovePostmortemInput;
}): Promise<PostmortemView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const before = await loadPostmortem(ctx.db, input.id);
    const incident = await loadIncident(ctx.db, before.incident_id);
    const to = input.status;
    if (!MOVES[before.status].includes(to)) throw refused(incident, before.status, to);
    const now = ctx.clock.now();
    const patch: RowPatch<'postmortems'> = { status: to };
    if (to === 'published') {
      await requirePublisher(ctx, before, incident);
      await requireApprovals(ctx, before);
      if (incident.status !== 'resolved' && incident.status !== 'closed') {
        throw new ConflictError(
          `INC-${incident.number} is ${incident.status}: resolve it before publishing its postmortem`,
          { allowed_transitions: MOVES[before.status] },
        );
      }
      patch.published_at = now;
      patch.published_by = actorRef(ctx.actor);
    } else {
      await requireWriter(ctx, incident.id);
      if (to === 'draft') await clearApprovals(ctx.db, before.id);
    }
    const view = await commitChange(ctx, before, patch, {
      action: to === 'published' ? 'postmortem.publish' : `postmortem.${to}`,
      ifRevision: input.if_revision,
      incident,
    });
    if (to !== 'draft') {
      const published = to === 'published';
      await addTimeline(ctx.db, now, [
        {
          incidentId: incident.id,
          kind: published ? 'postmortem_published' : 'postmortem_in_review',
          actor: actorRef(ctx.actor),
          message: published
            ? `Postmortem published by ${ctx.actor.name}`
            : `Postmortem sent for review by ${ctx.actor.name}`,
          data: { postmortem_id: before.id },
        },
      ]);
    }
    if (to === 'published' && incident.status === 'resolved') {
      const severity = await findSeverity(ctx.db, incident.severity);
      if (severity?.postmortemRequired === true) await closeIncident({ ctx, input: { id: incident.id } });
    }
    return view;
  });
}

function refused(incident: Row<'incidents'>, from: PostmortemStatus, to: PostmortemStatus): ConflictError {
  const allowed = MOVES[from];
  return new ConflictError(
    `the postmortem of INC-${incident.number} is ${from}; it cannot move to ${to}` +
      (allowed.length === 0 ? ' (published is final)' : `; it can move to: ${allowed.join(', ')}`),
    { allowed_transitions: allowed },
  );
}

async function requirePublisher(ctx: Ctx, pm: PostmortemRow, incident: Row<'incidents'>): Promise<void> {
  if (actorRole(ctx.actor) === 'admin') return;
  const userId = actorUserId(ctx.actor);
  const commander = await currentHolder(ctx.db, incident.id, COMMANDER);
  if (userId !== null && (userId === pm.owner_id || userId === commander?.user_id)) return;
  throw new ForbiddenError(
    `only the postmortem's owner, the commander of INC-${incident.number} and admins may publish it`,
  );
}

async function requireApprovals(ctx: Ctx, pm: PostmortemRow): Promise<void> {
  if (actorRole(ctx.actor) === 'admin') return;
  const waiting = (await reviewersOf(ctx.db, pm.id)).filter((r) => r.approved_at === null);
  if (waiting.length === 0) return;
  throw new ConflictError(
    `waiting for approval from: ${waiting.map((r) => r.name).join(', ')} (an admin may publish without)`,
    { allowed_transitions: MOVES[pm.status] },
  );
}
