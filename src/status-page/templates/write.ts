import { requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../../platform/db/paginate.ts';
import type { Row, RowPatch } from '../../platform/db/tables.ts';
import type { PublicIncidentStatus } from '../../platform/db/tables/status-page.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/schema.ts';
import { newId } from '../../platform/ids.ts';
import { duplicateName } from '../components/validate.ts';
import {
  deleteTemplateRow,
  findTemplate,
  findTemplateByName,
  insertTemplate,
  listTemplates,
  updateTemplateRow,
} from './repository.ts';
import type { CreateTemplateInput, StatusTemplateView, UpdateTemplateInput } from './schemas.ts';

/** Update templates: everyone reads them, admins write them, audited. */

export function presentTemplate(r: Row<'status_templates'>): StatusTemplateView {
  return {
    id: r.id,
    name: r.name,
    update_status: r.update_status,
    title: r.title,
    body: r.body,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

export async function getTemplate(db: Queryable, id: string): Promise<Row<'status_templates'>> {
  const row = await findTemplate(db, id);
  if (row === undefined) throw NotFoundError.of('template', id);
  return row;
}

export async function listTemplateViews(
  db: Queryable,
  query: PageQuery & { update_status?: PublicIncidentStatus | undefined },
): Promise<Page<StatusTemplateView>> {
  return mapPage(await listTemplates(db, { updateStatus: query.update_status }, query), presentTemplate);
}

export async function createTemplate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateTemplateInput;
}): Promise<StatusTemplateView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    if (await findTemplateByName(ctx.db, input.name)) throw duplicateName('template', input.name);
    const now = ctx.clock.now();
    const row: Row<'status_templates'> = {
      id: newId('stp', now),
      name: input.name,
      update_status: input.update_status,
      title: input.title ?? '',
      body: input.body,
      created_at: now,
      updated_at: now,
    };
    try {
      await insertTemplate(ctx.db, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateName('template', input.name);
      throw e;
    }
    const view = presentTemplate(row);
    await recordAudit(ctx, {
      action: 'status_page.template.create',
      targetType: 'status_template',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateTemplate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateTemplateInput;
}): Promise<StatusTemplateView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const row = await getTemplate(ctx.db, input.id);
    const patch: RowPatch<'status_templates'> = { updated_at: ctx.clock.now() };
    if (input.name !== undefined && input.name !== row.name) {
      if (await findTemplateByName(ctx.db, input.name)) throw duplicateName('template', input.name);
      patch.name = input.name;
    }
    if (input.update_status !== undefined) patch.update_status = input.update_status;
    if (input.title !== undefined) patch.title = input.title;
    if (input.body !== undefined) patch.body = input.body;
    try {
      await updateTemplateRow(ctx.db, row.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicateName('template', input.name);
      throw e;
    }
    const after = presentTemplate(await getTemplate(ctx.db, row.id));
    await recordAudit(ctx, {
      action: 'status_page.template.update',
      targetType: 'status_template',
      targetId: row.id,
      before: presentTemplate(row),
      after,
    });
    return after;
  });
}

export async function deleteTemplate({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await getTemplate(ctx.db, input.id);
    await deleteTemplateRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.template.delete',
      targetType: 'status_template',
      targetId: row.id,
      before: presentTemplate(row),
    });
  });
}
