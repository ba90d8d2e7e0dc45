import type { Ctx } from '../../platform/context.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { findServiceById } from '../../services/repository.ts';
import { findComponentsByIds, findGroup } from './repository.ts';

/** Checks JSON schema cannot express. Each names the field it rejects. */

export async function assertGroupExists(ctx: Ctx, groupId: string | null | undefined): Promise<void> {
  if (groupId === null || groupId === undefined) return;
  if (!(await findGroup(ctx.db, groupId)))
    throw new ValidationError(`body.group_id: no component group ${JSON.stringify(groupId)}`);
}

export async function assertServiceExists(ctx: Ctx, serviceId: string | null | undefined): Promise<void> {
  if (serviceId === null || serviceId === undefined) return;
  if (!(await findServiceById(ctx.db, serviceId)))
    throw new ValidationError(`body.service_id: no service ${JSON.stringify(serviceId)}`);
}

/** Each listed once and existing; `field` is the list's name in the body. */
export async function assertComponentsExist(ctx: Ctx, field: string, ids: string[]): Promise<void> {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    const seen = first.get(id);
    if (seen !== undefined)
      throw new ValidationError(`body.${field}.${i}: ${id} is already ${field}.${seen}`);
    first.set(id, i);
  });
  const found = new Set((await findComponentsByIds(ctx.db, ids)).map((c) => c.id));
  ids.forEach((id, i) => {
    if (!found.has(id)) throw new ValidationError(`body.${field}.${i}: no component ${JSON.stringify(id)}`);
  });
}

/** YYYY-MM-DD that is a real day (the schema checks the shape only). */
export function assertStartDate(value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  const t = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value)
    throw new ValidationError(`body.start_date: ${JSON.stringify(value)} is not a calendar day`);
}

export const duplicateName = (kind: string, name: string): ConflictError =>
  new ConflictError(`a ${kind} named ${JSON.stringify(name)} already exists`);
