import { requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { type Queryable, isUniqueViolation } from '../../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../../platform/db/paginate.ts';
import type { SeverityName } from '../../platform/db/tables/severities.ts';
import type { RowPatch } from '../../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/schema.ts';
import { newId } from '../../platform/ids.ts';
import {
  type TemplateRow,
  clearOtherDefaults,
  defaultTemplates,
  deletePostmortemTemplateRow,
  findPostmortemTemplate,
  findPostmortemTemplateByName,
  insertPostmortemTemplate,
  listPostmortemTemplates,
  updatePostmortemTemplateRow,
} from './repository.ts';
import type {
  CreatePostmortemTemplateInput,
  EditPostmortemTemplateInput,
  PostmortemTemplateView,
  TemplateSectionView,
} from './schemas.ts';

/**
 * Postmortem templates: everyone reads them, admins write them, audited. Exactly one is the
 * default (used when an incident's severity has no template of its own): making one the default
 * takes it off the other, and the default cannot be deleted or un-defaulted directly.
 */

export function presentPostmortemTemplate(r: TemplateRow): PostmortemTemplateView {
  return {
    id: r.id,
    name: r.name,
    severity: r.severity,
    sections: JSON.parse(r.sections) as TemplateSectionView[],
    is_default: r.is_default === 1,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

export async function getPostmortemTemplate(db: Queryable, id: string): Promise<TemplateRow> {
  const row = await findPostmortemTemplate(db, id);
  if (row === undefined) throw NotFoundError.of('postmortem template', id);
  return row;
}

export async function listPostmortemTemplateViews(
  db: Queryable,
  query: PageQuery & { severity?: SeverityName | undefined },
): Promise<Page<PostmortemTemplateView>> {
  return mapPage(
    await listPostmortemTemplates(db, { severity: query.severity }, query),
    presentPostmortemTemplate,
  );
}

const duplicate = (name: string) =>
  new ConflictError(`a postmortem template named ${JSON.stringify(name)} already exists`);

/** Section keys name sections across postmortems, so one template may use each only once. */
export function checkSectionKeys(sections: { key: string }[], field: string): void {
  const seen = new Set<string>();
  sections.forEach((s, i) => {
    if (seen.has(s.key))
      throw new ValidationError(`${field}.${i}.key: ${JSON.stringify(s.key)} appears twice`);
    seen.add(s.key);
  });
}

/** Making `row` the default takes it off the template that had it, audited as its own change. */
async function becomeDefault(ctx: Ctx, row: TemplateRow, now: number): Promise<void> {
  const previous = await defaultTemplates(ctx.db);
  await clearOtherDefaults(ctx.db, row.id, now);
  for (const other of previous.filter((t) => t.id !== row.id)) {
    await recordAudit(ctx, {
      action: 'postmortem_template.update',
      targetType: 'postmortem_template',
      targetId: other.id,
      before: presentPostmortemTemplate(other),
      after: presentPostmortemTemplate({ ...other, is_default: 0, updated_at: now }),
    });
  }
}

export async function createPostmortemTemplate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreatePostmortemTemplateInput;
}): Promise<PostmortemTemplateView> {
  requireRole(ctx.actor, 'admin');
  checkSectionKeys(input.sections, 'body.sections');
  return inTransaction(ctx, async (ctx) => {
    if (await findPostmortemTemplateByName(ctx.db, input.name)) throw duplicate(input.name);
    const now = ctx.clock.now();
    const row: TemplateRow = {
      id: newId('pmt', now),
      name: input.name,
      severity: input.severity ?? null,
      sections: JSON.stringify(input.sections),
      is_default: input.is_default === true ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    try {
      await insertPostmortemTemplate(ctx.db, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicate(input.name);
      throw e;
    }
    if (row.is_default === 1) await becomeDefault(ctx, row, now);
    const view = presentPostmortemTemplate(row);
    await recordAudit(ctx, {
      action: 'postmortem_template.create',
      targetType: 'postmortem_template',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

export async function editPostmortemTemplate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & EditPostmortemTemplateInput;
}): Promise<PostmortemTemplateView> {
  requireRole(ctx.actor, 'admin');
  if (input.sections !== undefined) checkSectionKeys(input.sections, 'body.sections');
  return inTransaction(ctx, async (ctx) => {
    const row = await getPostmortemTemplate(ctx.db, input.id);
    const now = ctx.clock.now();
    const patch: RowPatch<'postmortem_templates'> = { updated_at: now };
    if (input.name !== undefined && input.name !== row.name) {
      if (await findPostmortemTemplateByName(ctx.db, input.name)) throw duplicate(input.name);
      patch.name = input.name;
    }
    if (input.severity !== undefined) patch.severity = input.severity;
    if (input.sections !== undefined) patch.sections = JSON.stringify(input.sections);
    if (input.is_default === false && row.is_default === 1) {
      throw new ConflictError(
        `${row.name} is the default template; make another template the default instead`,
      );
    }
    if (input.is_default === true && row.is_default === 0) {
      patch.is_default = 1;
      await becomeDefault(ctx, row, now);
    }
    try {
      await updatePostmortemTemplateRow(ctx.db, row.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicate(input.name);
      throw e;
    }
    const after = presentPostmortemTemplate(await getPostmortemTemplate(ctx.db, row.id));
    await recordAudit(ctx, {
      action: 'postmortem_template.update',
      targetType: 'postmortem_template',
      targetId: row.id,
      before: presentPostmortemTemplate(row),
      after,
    });
    return after;
  });
}

/** Postmortems made from it keep their sections (their template_id becomes null). */
export async function deletePostmortemTemplate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await getPostmortemTemplate(ctx.db, input.id);
    if (row.is_default === 1) {
      throw new ConflictError(`${row.name} is the default template; make another template the default first`);
    }
    await deletePostmortemTemplateRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'postmortem_template.delete',
      targetType: 'postmortem_template',
      targetId: row.id,
      before: presentPostmortemTemplate(row),
    });
  });
}
