import { recordAudit } from '../platform/audit/record.ts';
import { actorRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { actorRef } from '../timeline/repository.ts';
import { type PresentOptions, presentRunbook } from './presenter.ts';
import { findRunbook, insertRunbook, insertRunbookVersion, replaceRunbookServices } from './repository.ts';
import {
  assertTitleFree,
  checkedMatchers,
  checkedServices,
  checkedTeam,
  checkedTitle,
  duplicateTitle,
  requireRunbookWriter,
} from './rules.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { type CreateRunbookInput, DEFAULT_REVIEW_INTERVAL_DAYS, type RunbookView } from './schemas.ts';
import { forgetRunbookTargets } from './targets.ts';
import { runbookTemplate } from './template.ts';

/**
 * Writes a runbook as version 1 (the template's text when no body is given), reviewed now.
 * Anyone but an admin names the team that owns it, one they belong to.
 */
export async function createRunbook({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: CreateRunbookInput;
  present: PresentOptions;
}): Promise<RunbookView> {
  const ownerTeamId = input.owner_team_id ?? null;
  if (ownerTeamId === null && actorRole(ctx.actor) !== 'admin' && ctx.actor.type !== 'system') {
    throw new ValidationError('body.owner_team_id: name the team that owns the runbook (one you belong to)');
  }
  const matchers = checkedMatchers(input.matchers ?? []);
  const title = checkedTitle(input.title);
  const row = await inTransaction(ctx, async (ctx) => {
    await checkedTeam(ctx, ownerTeamId, 'body.owner_team_id');
    await assertTitleFree(ctx, title);
    await requireRunbookWriter(ctx, ownerTeamId, 'runbook');
    const serviceIds = await checkedServices(ctx, input.service_ids ?? []);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const id = newId('rb', now);
    const body = input.body ?? (await runbookTemplate(ctx.db)).body;
    const tags = JSON.stringify(input.tags ?? []);
    await insertRunbook(ctx.db, {
      id,
      title,
      owner_team_id: ownerTeamId,
      tags,
      body,
      version: 1,
      matchers: JSON.stringify(matchers),
      severities: JSON.stringify(input.severities ?? []),
      sources: JSON.stringify(input.sources ?? []),
      review_interval_days: input.review_interval_days ?? DEFAULT_REVIEW_INTERVAL_DAYS,
      reviewed_at: now,
      reviewed_by: null,
      review_reminded_at: null,
      created_by: by,
      created_at: now,
      updated_by: by,
      updated_at: now,
    });
    await insertRunbookVersion(ctx.db, {
      runbook_id: id,
      version: 1,
      title,
      body,
      tags,
      note: input.note ?? '',
      edited_by: by,
      edited_at: now,
    });
    await replaceRunbookServices(ctx.db, id, serviceIds);
    const created = (await findRunbook(ctx.db, id))!;
    const view = await presentRunbook(ctx.db, created, present);
    await recordAudit(ctx, {
      action: 'runbook.create',
      targetType: 'runbook',
      targetId: id,
      before: null,
      after: view,
    });
    return created;
  }).catch((e: unknown) => {
    // Two writers of the same title at once: the unique index decides.
    throw isUniqueViolation(e) ? duplicateTitle(title) : e;
  });
  forgetRunbookTargets();
  return presentRunbook(ctx.db, row, present);
}
