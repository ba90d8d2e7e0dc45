import type { Ctx } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { type Page, type PageQuery } from '../platform/db/paginate.ts';
import type { Row } from '../platform/db/tables.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseParticipants } from './load.ts';
import { type Names, presentLayer, presentOverride, presentSchedule } from './presenter.ts';
import {
  type Period,
  type ScheduleFilter,
  findLayer,
  findScheduleById,
  layersOf,
  listOverrides,
  listSchedules,
  usersByIds,
  versionsOf,
} from './repository.ts';
import type { LayerView, OverrideView, ScheduleView } from './schemas.ts';

export async function namesOf(db: Queryable, ids: Iterable<string>): Promise<Names> {
  return new Map((await usersByIds(db, [...ids])).map((u) => [u.id, u.name]));
}

export async function requireSchedule(db: Queryable, id: string): Promise<Row<'schedules'>> {
  const row = await findScheduleById(db, id);
  if (row === undefined) throw NotFoundError.of('schedule', id);
  return row;
}

async function layerViews(ctx: Ctx, layers: Row<'schedule_layers'>[]): Promise<Map<string, LayerView[]>> {
  const versions = await versionsOf(
    ctx.db,
    layers.map((l) => l.id),
  );
  const names = await namesOf(
    ctx.db,
    versions.flatMap((v) => parseParticipants(v.participants)),
  );
  const now = ctx.clock.now();
  const out = new Map<string, LayerView[]>();
  for (const l of layers) {
    const view = presentLayer(
      l,
      versions.filter((v) => v.layer_id === l.id),
      names,
      now,
    );
    const list = out.get(l.schedule_id);
    if (list) list.push(view);
    else out.set(l.schedule_id, [view]);
  }
  return out;
}

export async function getSchedule(ctx: Ctx, id: string): Promise<ScheduleView> {
  const row = await requireSchedule(ctx.db, id);
  const layers = await layerViews(ctx, await layersOf(ctx.db, [id]));
  return presentSchedule(row, layers.get(id) ?? []);
}

export async function listScheduleViews(
  ctx: Ctx,
  filter: ScheduleFilter,
  page: PageQuery,
): Promise<Page<ScheduleView>> {
  const rows = await listSchedules(ctx.db, filter, page);
  const layers = await layerViews(
    ctx,
    await layersOf(
      ctx.db,
      rows.data.map((s) => s.id),
    ),
  );
  return {
    data: rows.data.map((s) => presentSchedule(s, layers.get(s.id) ?? [])),
    next_cursor: rows.next_cursor,
  };
}

export async function getLayer(ctx: Ctx, scheduleId: string, layerId: string): Promise<LayerView> {
  await requireSchedule(ctx.db, scheduleId);
  const row = await findLayer(ctx.db, scheduleId, layerId);
  if (row === undefined) throw NotFoundError.of('layer', layerId);
  return (await layerViews(ctx, [row])).get(scheduleId)![0]!;
}

export async function listLayerViews(ctx: Ctx, scheduleId: string): Promise<LayerView[]> {
  return (await getSchedule(ctx, scheduleId)).layers;
}

export async function listOverrideViews(
  ctx: Ctx,
  scheduleId: string,
  period: Period,
  page: PageQuery,
): Promise<Page<OverrideView>> {
  await requireSchedule(ctx.db, scheduleId);
  const rows = await listOverrides(ctx.db, scheduleId, period, page);
  const names = await namesOf(
    ctx.db,
    rows.data.map((o) => o.user_id),
  );
  return { data: rows.data.map((o) => presentOverride(o, names)), next_cursor: rows.next_cursor };
}
