import { type Ctx, inTransaction } from '../platform/context.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { assertTimeZone } from '../users/validate.ts';
import { ValidationError } from '../platform/errors.ts';
import { commitChange, loadPostmortem, requireActiveUser, requireWriter } from './common.ts';
import type { EditPostmortemInput, PostmortemView } from './schemas.ts';
import { checkSectionKeys } from './templates/write.ts';

/**
 * Edits the text and particulars of a postmortem. Only the postmortem changes: the incident's
 * timeline is the record of what happened and is never rewritten from here. `if_revision` makes
 * an edit over someone else's newer change a 409 instead of silently replacing it.
 */
export async function editPostmortem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & EditPostmortemInput;
}): Promise<PostmortemView> {
  if (input.sections !== undefined) checkSectionKeys(input.sections, 'body.sections');
  if (input.time_zone !== undefined) assertTimeZone('body.time_zone', input.time_zone);
  return inTransaction(ctx, async (ctx) => {
    const before = await loadPostmortem(ctx.db, input.id);
    await requireWriter(ctx, before.incident_id);
    const patch: RowPatch<'postmortems'> = {};
    if (input.title !== undefined) patch.title = input.title;
    if (input.sections !== undefined) patch.sections = JSON.stringify(input.sections);
    if (input.tags !== undefined) patch.tags = JSON.stringify(input.tags);
    if (input.time_zone !== undefined) patch.time_zone = input.time_zone;
    if (input.owner_id !== undefined) {
      patch.owner_id =
        input.owner_id === null
          ? null
          : (await requireActiveUser(ctx.db, input.owner_id, 'body.owner_id')).id;
    }
    if (input.due_at !== undefined) {
      const due = input.due_at === null ? null : Date.parse(input.due_at);
      if (due !== null && due <= ctx.clock.now()) {
        throw new ValidationError(`body.due_at: ${input.due_at} is in the past; give a future time`);
      }
      patch.due_at = due;
    }
    return commitChange(ctx, before, patch, { action: 'postmortem.update', ifRevision: input.if_revision });
  });
}
