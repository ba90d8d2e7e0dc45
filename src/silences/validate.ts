import type { Ctx } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { findServiceById, findServicesByIds } from '../services/repository.ts';

/** Checks JSON schema cannot express. Each names the field it rejects. */
export async function assertServiceExists(ctx: Ctx, serviceId: string): Promise<void> {
  if (!(await findServiceById(ctx.db, serviceId)))
    throw new ValidationError(`service_id: no service ${JSON.stringify(serviceId)}`);
}

/** Each listed once and existing; one query for the whole list. */
export async function assertServicesExist(ctx: Ctx, serviceIds: string[]): Promise<void> {
  const firstIndex = new Map<string, number>();
  serviceIds.forEach((id, i) => {
    const first = firstIndex.get(id);
    if (first !== undefined)
      throw new ValidationError(`service_ids.${i}: ${id} is already service_ids.${first}`);
    firstIndex.set(id, i);
  });
  const found = new Set((await findServicesByIds(ctx.db, serviceIds)).map((s) => s.id));
  serviceIds.forEach((id, i) => {
    if (!found.has(id)) throw new ValidationError(`service_ids.${i}: no service ${JSON.stringify(id)}`);
  });
}
