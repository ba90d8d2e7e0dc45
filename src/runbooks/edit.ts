import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { ConflictError } from '../platform/errors.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { actorRef } from '../timeline/repository.ts';
import { type PresentOptions, presentRunbook } from './presenter.ts';
import {
  findRunbook,
  insertRunbookVersion,
  replaceRunbookServices,
  updateRunbookIfVersion,
} from './repository.ts';
import {
  assertTitleFree,
  checkedMatchers,
  checkedServices,
  checkedTeam,
  checkedTitle,
  duplicateTitle,
  loadRunbook,
  requireRunbookWriter,
} from './rules.ts';
import type { EditRunbookInput, RunbookView } from './schemas.ts';
import { forgetRunbookTargets } from './targets.ts';

const stale = (version: number) =>
  new ConflictError(`the runbook is at version ${version} now; reload it and apply your change again`, {
    version,
  });

/**
 * Changes a runbook. A change to its text (title, body or tags) is a new version, kept with who
 * made it and their note; what it is matched by, its owner and its review interval are changed
 * in place and recorded in the audit log. `if_version` turns an edit over someone else's newer
 * version into a 409 instead of silently replacing it.
 */
export async function editRunbook({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: { id: string } & EditRunbookInput;
  present: PresentOptions;
}): Promise<RunbookView> {
  const matchers = input.matchers === undefined ? undefined : checkedMatchers(input.matchers);
  const title = input.title === undefined ? undefined : checkedTitle(input.title);
  const row = await inTransaction(ctx, async (ctx) => {
    const before = await loadRunbook(ctx, input.id);
    await requireRunbookWriter(ctx, before.owner_team_id, 'runbook');
    if (input.if_version !== undefined && input.if_version !== before.version) throw stale(before.version);
    const patch: RowPatch<'runbooks'> = {};
    if (input.owner_team_id !== undefined) {
      patch.owner_team_id = await checkedTeam(ctx, input.owner_team_id, 'body.owner_team_id');
      // Giving it away is allowed; taking it to a team you are not on is not.
      if (patch.owner_team_id !== before.owner_team_id && patch.owner_team_id !== null) {
        await requireRunbookWriter(ctx, patch.owner_team_id, 'body.owner_team_id');
      }
    }
    if (title !== undefined) await assertTitleFree(ctx, title, before.id);
    const tags = input.tags === undefined ? before.tags : JSON.stringify(input.tags);
    const newTitle = title ?? before.title;
    const body = input.body ?? before.body;
    const textChanged = newTitle !== before.title || body !== before.body || tags !== before.tags;
    if (matchers !== undefined) patch.matchers = JSON.stringify(matchers);
    if (input.severities !== undefined) patch.severities = JSON.stringify(input.severities);
    if (input.sources !== undefined) patch.sources = JSON.stringify(input.sources);
    if (
      input.review_interval_days !== undefined &&
      input.review_interval_days !== before.review_interval_days
    ) {
      patch.review_interval_days = input.review_interval_days;
      // A new due date: its overdue review is announced again.
      patch.review_reminded_at = null;
    }
    const beforeView = await presentRunbook(ctx.db, before, present);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    Object.assign(patch, { title: newTitle, body, tags, updated_at: now, updated_by: by });
    if (textChanged) patch.version = before.version + 1;
    if (!(await updateRunbookIfVersion(ctx.db, before.id, before.version, patch))) {
      throw stale((await findRunbook(ctx.db, before.id))?.version ?? before.version);
    }
    if (textChanged) {
      await insertRunbookVersion(ctx.db, {
        runbook_id: before.id,
        version: before.version + 1,
        title: newTitle,
        body,
        tags,
        note: input.note ?? '',
        edited_by: by,
        edited_at: now,
      });
    }
    if (input.service_ids !== undefined) {
      await replaceRunbookServices(ctx.db, before.id, await checkedServices(ctx, input.service_ids));
    }
    const after = (await findRunbook(ctx.db, before.id))!;
    await recordAudit(ctx, {
      action: 'runbook.update',
      targetType: 'runbook',
      targetId: before.id,
      before: beforeView,
      after: await presentRunbook(ctx.db, after, present),
    });
    return after;
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) && title !== undefined ? duplicateTitle(title) : e;
  });
  forgetRunbookTargets();
  return presentRunbook(ctx.db, row, present);
}
