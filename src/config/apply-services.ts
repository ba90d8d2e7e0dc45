import { createIntegration } from '../integrations/create.ts';
import { deleteIntegration, rotateIntegrationKey, updateIntegration } from '../integrations/update.ts';
import { ValidationError } from '../platform/errors.ts';
import { createService } from '../services/create.ts';
import { updateService } from '../services/update.ts';
import { archiveEndedSilence, archiveEndedWindow } from '../silences/archive.ts';
import { createSilence } from '../silences/create.ts';
import { deleteSilence } from '../silences/delete.ts';
import { updateSilence } from '../silences/update.ts';
import { createMaintenanceWindow } from '../silences/window-create.ts';
import { deleteMaintenanceWindow } from '../silences/window-delete.ts';
import { updateMaintenanceWindow } from '../silences/window-update.ts';
import type { Change, ItemChange } from './diff.ts';
import type { NIntegration, NService } from './normal.ts';
import { changed, desiredOf, idOf, located, type Run } from './run.ts';

/** Services and their integrations, then silences and maintenance windows. */

/**
 * Creates the service, or changes it, without dependencies: those are set by applyDependencies
 * once every service of the file exists, because they may name services created later.
 */
export async function applyService(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'services', change.name);
  const policyId =
    d.escalation_policy === null ? null : idOf(run, 'escalation_policies', d.escalation_policy);
  await located(run, change, async () => {
    if (change.op === 'create') {
      const service = await createService({
        ctx,
        input: {
          name: d.name,
          description: d.description,
          team_id: idOf(run, 'teams', d.team),
          escalation_policy_id: policyId,
          alert_grouping: d.alert_grouping,
          urgency_rules: d.urgency_rules,
        },
      });
      run.ids.services.set(d.name, service.id);
      for (const i of d.integrations ?? []) await addIntegration(run, d, service.id, i);
      return;
    }
    const serviceId = idOf(run, 'services', d.name);
    const patch = {
      ...(changed(change, 'description') ? { description: d.description } : {}),
      ...(changed(change, 'team') ? { team_id: idOf(run, 'teams', d.team) } : {}),
      ...(changed(change, 'escalation_policy') ? { escalation_policy_id: policyId } : {}),
      ...(changed(change, 'alert_grouping') ? { alert_grouping: d.alert_grouping } : {}),
      ...(changed(change, 'urgency_rules') ? { urgency_rules: d.urgency_rules } : {}),
    };
    if (Object.keys(patch).length > 0) await updateService({ ctx, input: { id: serviceId, ...patch } });
    const stored = run.state.services.get(d.name)?.integrations ?? new Map<string, { id: string }>();
    const wanted = new Map((d.integrations ?? []).map((i) => [i.name, i]));
    for (const item of change.items) {
      const id = stored.get(item.key)?.id;
      const i = wanted.get(item.key);
      if (item.op === 'remove' && id !== undefined) await deleteIntegration({ ctx, input: { id } });
      if (item.op === 'add' && i !== undefined) await addIntegration(run, d, serviceId, i);
      if (item.op === 'change' && id !== undefined && i !== undefined) {
        await changeIntegration(run, d, serviceId, id, i, item);
      }
    }
  });
}

function envKey(run: Run, service: NService, i: NIntegration): string | undefined {
  if (i.key_from_env === undefined) return undefined;
  const key = run.keys[i.key_from_env];
  if (key === undefined || key === '') {
    throw new ValidationError(
      `integration ${JSON.stringify(i.name)} of service ${JSON.stringify(service.name)}: key_from_env names ${i.key_from_env}, which is not set`,
    );
  }
  return key;
}

async function addIntegration(
  run: Run,
  service: NService,
  serviceId: string,
  i: NIntegration,
): Promise<void> {
  const key = envKey(run, service, i);
  const created = await createIntegration({
    ctx: run.ctx,
    input: {
      serviceId,
      name: i.name,
      type: i.type,
      ...(i.rate_limit_per_minute === null ? {} : { rate_limit_per_minute: i.rate_limit_per_minute }),
      ...(i.mapping === null ? {} : { mapping: i.mapping }),
      ...(i.heartbeat === null ? {} : { heartbeat: i.heartbeat }),
      ...(key === undefined ? {} : { key }),
    },
  });
  if (!i.enabled) await updateIntegration({ ctx: run.ctx, input: { id: created.id, enabled: false } });
  // A key the file does not supply is generated and shown once, like the API's.
  if (key === undefined) run.generated.push({ service: service.name, integration: i.name, key: created.key });
}

async function changeIntegration(
  run: Run,
  service: NService,
  serviceId: string,
  id: string,
  i: NIntegration,
  item: ItemChange,
): Promise<void> {
  const { ctx } = run;
  if (changed(item, 'type')) {
    // The type decides the endpoint and the event format, so it is a new integration.
    await deleteIntegration({ ctx, input: { id } });
    await addIntegration(run, service, serviceId, i);
    return;
  }
  const patch = {
    ...(changed(item, 'enabled') ? { enabled: i.enabled } : {}),
    ...(changed(item, 'rate_limit_per_minute') ? { rate_limit_per_minute: i.rate_limit_per_minute } : {}),
    ...(changed(item, 'mapping') && i.mapping !== null ? { mapping: i.mapping } : {}),
    ...(changed(item, 'heartbeat') && i.heartbeat !== null ? { heartbeat: i.heartbeat } : {}),
  };
  if (Object.keys(patch).length > 0) await updateIntegration({ ctx, input: { id, ...patch } });
  if (changed(item, 'key')) {
    const key = envKey(run, service, i);
    if (key !== undefined) await rotateIntegrationKey({ ctx, input: { id, key } });
  }
}

/** Dependency lists of the file's services, once all of them exist. */
export async function applyDependencies(run: Run, changes: readonly Change[]): Promise<void> {
  for (const change of changes) {
    if (change.kind !== 'services' || (change.op === 'update' && !changed(change, 'dependencies'))) continue;
    const d = desiredOf(run, 'services', change.name);
    if (d.dependencies === undefined || (change.op === 'create' && d.dependencies.length === 0)) continue;
    const dependencies = d.dependencies.map((name) => idOf(run, 'services', name));
    await located(run, change, () =>
      updateService({ ctx: run.ctx, input: { id: idOf(run, 'services', d.name), dependencies } }),
    );
  }
}

export async function applySilence(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const current = run.state.silences.get(change.name);
  await located(run, change, async () => {
    if (change.op === 'delete' && current !== undefined) {
      await deleteSilence({ ctx, input: { id: current.id } });
      return;
    }
    const d = desiredOf(run, 'silences', change.name);
    const serviceId = d.service === null ? null : idOf(run, 'services', d.service);
    if (change.op === 'replace' && current !== undefined)
      await archiveEndedSilence({ ctx, input: { id: current.id } });
    if (change.op === 'create' || change.op === 'replace') {
      await createSilence({
        ctx,
        input: {
          name: d.name,
          ...(serviceId === null ? {} : { service_id: serviceId }),
          matchers: d.matchers,
          starts_at: d.starts_at,
          ends_at: d.ends_at,
          comment: d.comment,
        },
      });
      return;
    }
    if (current === undefined) return;
    await updateSilence({
      ctx,
      input: {
        id: current.id,
        ...(changed(change, 'service') ? { service_id: serviceId } : {}),
        ...(changed(change, 'matchers') ? { matchers: d.matchers } : {}),
        ...(changed(change, 'starts_at') ? { starts_at: d.starts_at } : {}),
        ...(changed(change, 'ends_at') ? { ends_at: d.ends_at } : {}),
        ...(changed(change, 'comment') ? { comment: d.comment } : {}),
      },
    });
  });
}

export async function applyWindow(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const current = run.state.maintenance_windows.get(change.name);
  await located(run, change, async () => {
    if (change.op === 'delete' && current !== undefined) {
      await deleteMaintenanceWindow({ ctx, input: { id: current.id } });
      return;
    }
    const d = desiredOf(run, 'maintenance_windows', change.name);
    const serviceIds = d.services.map((name) => idOf(run, 'services', name));
    if (change.op === 'replace' && current !== undefined)
      await archiveEndedWindow({ ctx, input: { id: current.id } });
    if (change.op === 'create' || change.op === 'replace') {
      await createMaintenanceWindow({
        ctx,
        input: {
          name: d.name,
          description: d.description,
          service_ids: serviceIds,
          starts_at: d.starts_at,
          ends_at: d.ends_at,
        },
      });
      return;
    }
    if (current === undefined) return;
    await updateMaintenanceWindow({
      ctx,
      input: {
        id: current.id,
        ...(changed(change, 'description') ? { description: d.description } : {}),
        ...(changed(change, 'services') ? { service_ids: serviceIds } : {}),
        ...(changed(change, 'starts_at') ? { starts_at: d.starts_at } : {}),
        ...(changed(change, 'ends_at') ? { ends_at: d.ends_at } : {}),
      },
    });
  });
}
