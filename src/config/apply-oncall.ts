import type { EscalationTarget } from '../platform/db/tables/escalation.ts';
import { createPolicy } from '../escalation/policies/create.ts';
import { updatePolicy } from '../escalation/policies/update.ts';
import { createSchedule } from '../oncall/create.ts';
import { deleteLayer } from '../oncall/delete.ts';
import { createLayer } from '../oncall/layer-create.ts';
import { updateLayer } from '../oncall/layer-update.ts';
import { createOverride, deleteOverride } from '../oncall/overrides.ts';
import type { CreateLayerInput, UpdateLayerInput } from '../oncall/schemas.ts';
import { updateSchedule } from '../oncall/update.ts';
import type { Change } from './diff.ts';
import { type NLayer, type NLevel, overrideKey, ROTATION_FIELDS } from './normal.ts';
import { changed, desiredOf, idOf, itemsOf, located, type Run } from './run.ts';
import type { ConfigTarget } from './schema.ts';

/** Schedules (layers, overrides) and escalation policies. */

function layerInput(run: Run, l: NLayer): CreateLayerInput & { name: string; order: number } {
  return {
    name: l.name,
    order: l.order,
    time_zone: l.time_zone,
    start_date: l.start_date,
    handoff_time: l.handoff_time,
    shift_length: l.shift_length,
    shift_unit: l.shift_unit,
    end: l.end,
    restrictions: l.restrictions,
    participants: l.participants.map((email) => idOf(run, 'users', email)),
  };
}

export async function applySchedule(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'schedules', change.name);
  await located(run, change, async () => {
    let scheduleId: string;
    const upcoming = (d.overrides ?? []).filter((o) => Date.parse(o.end) > run.state.now);
    if (change.op === 'create') {
      const schedule = await createSchedule({
        ctx,
        input: {
          name: d.name,
          team_id: idOf(run, 'teams', d.team),
          time_zone: d.time_zone,
          description: d.description,
          layers: (d.layers ?? []).map((l) => layerInput(run, l)),
        },
      });
      scheduleId = schedule.id;
      run.ids.schedules.set(d.name, scheduleId);
      for (const o of upcoming) {
        await createOverride({
          ctx,
          input: { scheduleId, user_id: idOf(run, 'users', o.user), start: o.start, end: o.end },
        });
      }
      return;
    }
    const current = run.state.schedules.get(change.name);
    if (current === undefined) throw new Error(`schedule ${change.name} is not in the database`);
    scheduleId = current.id;
    const patch: { team_id?: string; time_zone?: string; description?: string } = {};
    if (changed(change, 'team')) patch.team_id = idOf(run, 'teams', d.team);
    if (changed(change, 'time_zone')) patch.time_zone = d.time_zone;
    if (changed(change, 'description')) patch.description = d.description;
    if (Object.keys(patch).length > 0) await updateSchedule({ ctx, input: { id: scheduleId, ...patch } });

    const layers = new Map((d.layers ?? []).map((l) => [l.name, l]));
    for (const item of itemsOf(change, 'layers', 'remove')) {
      const layerId = current.layerIds.get(item.key);
      if (layerId !== undefined) await deleteLayer({ ctx, input: { scheduleId, layerId } });
    }
    const changes = itemsOf(change, 'layers', 'change');
    // Orders are unique per schedule, so layers that trade places first move out of the way.
    const reordered = changes.filter((item) => changed(item, 'order'));
    const used = new Set((d.layers ?? []).map((l) => l.order));
    for (const l of run.state.schedules.get(change.name)?.n.layers ?? []) used.add(l.order);
    let parking = 1000;
    for (const item of reordered) {
      while (used.has(parking)) parking--;
      used.add(parking);
      const layerId = current.layerIds.get(item.key);
      if (layerId !== undefined) await updateLayer({ ctx, input: { scheduleId, layerId, order: parking } });
    }
    for (const item of changes) {
      const layerId = current.layerIds.get(item.key);
      const l = layers.get(item.key);
      if (layerId === undefined || l === undefined) continue;
      const full = layerInput(run, l);
      const input: UpdateLayerInput = {};
      if (changed(item, 'order')) input.order = l.order;
      for (const field of ROTATION_FIELDS) {
        if (changed(item, field)) Object.assign(input, { [field]: full[field] });
      }
      await updateLayer({ ctx, input: { scheduleId, layerId, ...input } });
    }
    for (const item of itemsOf(change, 'layers', 'add')) {
      const l = layers.get(item.key);
      if (l !== undefined) await createLayer({ ctx, input: { scheduleId, ...layerInput(run, l) } });
    }

    for (const item of itemsOf(change, 'overrides', 'remove')) {
      const id = current.overrideIds.get(item.key);
      if (id !== undefined) await deleteOverride({ ctx, input: { scheduleId, id } });
    }
    const wanted = new Map(upcoming.map((o) => [overrideKey(o), o]));
    for (const item of itemsOf(change, 'overrides', 'add')) {
      const o = wanted.get(item.key);
      if (o === undefined) continue;
      await createOverride({
        ctx,
        input: { scheduleId, user_id: idOf(run, 'users', o.user), start: o.start, end: o.end },
      });
    }
  });
}

function targetInput(run: Run, t: ConfigTarget): EscalationTarget {
  if (t.user !== undefined) return { type: 'user', id: idOf(run, 'users', t.user) };
  if (t.schedule !== undefined) return { type: 'schedule', id: idOf(run, 'schedules', t.schedule) };
  if (t.team !== undefined) return { type: 'team', id: idOf(run, 'teams', t.team) };
  return { type: 'schedule_round_robin', id: idOf(run, 'schedules', t.schedule_round_robin ?? '') };
}

const levelsInput = (run: Run, levels: NLevel[]) =>
  levels.map((l) => ({ delay_minutes: l.delay_minutes, targets: l.targets.map((t) => targetInput(run, t)) }));

export async function applyPolicy(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'escalation_policies', change.name);
  const teamId = d.team === null ? null : idOf(run, 'teams', d.team);
  await located(run, change, async () => {
    if (change.op === 'create') {
      const policy = await createPolicy({
        ctx,
        input: {
          name: d.name,
          description: d.description,
          team_id: teamId,
          repeat_count: d.repeat_count,
          ack_timeout_minutes: d.ack_timeout_minutes,
          levels: levelsInput(run, d.levels),
        },
      });
      run.ids.escalation_policies.set(d.name, policy.id);
      return;
    }
    await updatePolicy({
      ctx,
      input: {
        id: idOf(run, 'escalation_policies', d.name),
        ...(changed(change, 'description') ? { description: d.description } : {}),
        ...(changed(change, 'team') ? { team_id: teamId } : {}),
        ...(changed(change, 'repeat_count') ? { repeat_count: d.repeat_count } : {}),
        ...(changed(change, 'ack_timeout_minutes') ? { ack_timeout_minutes: d.ack_timeout_minutes } : {}),
        ...(changed(change, 'levels') ? { levels: levelsInput(run, d.levels) } : {}),
      },
    });
  });
}
