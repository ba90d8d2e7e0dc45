import { findIncident } from '../incidents/repository.ts';
import { COMMANDER } from '../incidents/roles/assign.ts';
import { currentHolder } from '../incidents/roles/repository.ts';
import { actorUserId } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { findUserById } from '../users/repository.ts';
import { assertTimeZone } from '../users/validate.ts';
import { dueDateFor, refuseMerged, requireActiveUser, requireWriter } from './common.ts';
import { defaultTimeZone, draftSections, loadIncidentFacts } from './draft/index.ts';
import { presentPostmortem } from './presenter.ts';
import { findPostmortemOfIncident, insertPostmortem } from './repository.ts';
import type { CreatePostmortemInput, PostmortemView } from './schemas.ts';
import { findPostmortemTemplate, templateForSeverity } from './templates/repository.ts';
import type { TemplateSectionView } from './templates/schemas.ts';

/**
 * Starts an incident's postmortem (one per incident) from a template: the one named, else the
 * one for the incident's severity, else the default. Its sections are drafted from what Tocsin
 * knows about the incident; the owner is the incident commander unless given; it is due
 * business days after the incident resolved (null until then). Said on the incident's timeline.
 */
export async function createPostmortem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreatePostmortemInput;
}): Promise<PostmortemView> {
  return inTransaction(ctx, async (ctx) => {
    const incident = await findIncident(ctx.db, input.incident_id);
    if (incident === undefined) {
      throw new ValidationError(`body.incident_id: no incident ${JSON.stringify(input.incident_id)}`);
    }
    await requireWriter(ctx, incident.id);
    await refuseMerged(ctx.db, incident);
    const existing = await findPostmortemOfIncident(ctx.db, incident.id);
    if (existing !== undefined) throw already(incident, existing.id);

    const template =
      input.template_id === undefined
        ? await templateForSeverity(ctx.db, incident.severity)
        : await findPostmortemTemplate(ctx.db, input.template_id);
    if (template === undefined) {
      throw new ValidationError(
        `body.template_id: no postmortem template ${JSON.stringify(input.template_id)}`,
      );
    }
    if (input.time_zone !== undefined) assertTimeZone('body.time_zone', input.time_zone);
    const ownerId =
      input.owner_id !== undefined
        ? (await requireActiveUser(ctx.db, input.owner_id, 'body.owner_id')).id
        : ((await currentHolder(ctx.db, incident.id, COMMANDER))?.user_id ?? null);

    const facts = await loadIncidentFacts(ctx.db, incident.id);
    const actorId = actorUserId(ctx.actor);
    const fallback = (actorId === null ? undefined : await findUserById(ctx.db, actorId))?.time_zone ?? 'UTC';
    const timeZone = input.time_zone ?? defaultTimeZone(facts, fallback);
    const sections = draftSections(facts, JSON.parse(template.sections) as TemplateSectionView[], timeZone);
    const now = ctx.clock.now();
    const row: Row<'postmortems'> = {
      id: newId('pm', now),
      incident_id: incident.id,
      template_id: template.id,
      title: input.title ?? `INC-${incident.number}: ${incident.title}`.slice(0, 200),
      status: 'draft',
      sections: JSON.stringify(sections),
      time_zone: timeZone,
      tags: JSON.stringify(input.tags ?? []),
      owner_id: ownerId,
      due_at: await dueDateFor(ctx.db, incident, timeZone),
      created_by: actorRef(ctx.actor),
      created_at: now,
      updated_at: now,
      published_at: null,
      published_by: null,
      revision: 1,
    };
    try {
      await insertPostmortem(ctx.db, row);
    } catch (e) {
      // Two people starting it at once: the unique index lets one through.
      if (isUniqueViolation(e))
        throw already(incident, (await findPostmortemOfIncident(ctx.db, incident.id))?.id);
      throw e;
    }
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'postmortem_created',
        actor: actorRef(ctx.actor),
        message: `Postmortem started by ${ctx.actor.name}`,
        data: { postmortem_id: row.id },
      },
    ]);
    const view = await presentPostmortem(ctx.db, row);
    await recordAudit(ctx, {
      action: 'postmortem.create',
      targetType: 'postmortem',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

function already(incident: Row<'incidents'>, postmortemId: string | undefined): ConflictError {
  return new ConflictError(
    `INC-${incident.number} already has a postmortem (${postmortemId ?? 'being created'})`,
    {
      postmortem_id: postmortemId ?? null,
    },
  );
}
