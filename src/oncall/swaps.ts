import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { PageQuery } from '../platform/db/paginate.ts';
import type { Row } from '../platform/db/tables.ts';
import type { SwapStatus } from '../platform/db/tables/oncall.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { requireSchedule } from './get.ts';
import { subjectOf } from './overrides.ts';
import { presentSwap } from './presenter.ts';
import { shiftsOf } from './query.ts';
import { insertOverride, overridesOfSwap, teamMembersAmong } from './repository.ts';
import { findSwap, insertSwap, listSwaps, settleSwap } from './repository-plans.ts';
import type { CreateSwapInput, SwapView } from './schemas-plans.ts';
import { assertTeamMembers, period } from './validate.ts';

/**
 * A shift swap: a participant offers their on-call time in [start, end) and another team member
 * accepts it, which creates overrides putting the acceptor on call for exactly the offered
 * hours the requester then holds. Changes are recorded against the schedule.
 */
async function view(ctx: Ctx, row: Row<'schedule_swaps'>): Promise<SwapView> {
  const overrides = await overridesOfSwap(ctx.db, [row.id]);
  return presentSwap(
    row,
    overrides.map((o) => o.id),
  );
}

/**
 * Accepting creates one override per stretch the requester holds; back-to-back shifts are one
 * stretch. A year of hourly shifts would still be thousands of rows in one transaction, so a swap
 * holds at most this many stretches (a year of daily shifts shared by two people is 183).
 */
export const MAX_SWAP_STRETCHES = 500;

async function requesterShifts(
  ctx: Ctx,
  schedule: Row<'schedules'>,
  userId: string,
  from: number,
  to: number,
): Promise<{ start: number; end: number }[]> {
  const list = (await shiftsOf(ctx, [schedule], from, to)).get(schedule.id) ?? [];
  const stretches: { start: number; end: number }[] = [];
  for (const s of list.filter((x) => x.userId === userId).sort((a, b) => a.start - b.start)) {
    const last = stretches.at(-1);
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else stretches.push({ start: s.start, end: s.end });
  }
  return stretches;
}

function tooManyStretches(n: number): string {
  return `the requester holds ${n} separate shifts in that period; a swap takes at most ${MAX_SWAP_STRETCHES}, so split it into shorter swaps`;
}

export async function listSwapViews(
  ctx: Ctx,
  input: { scheduleId: string; status?: SwapStatus | undefined; page: PageQuery },
) {
  await requireSchedule(ctx.db, input.scheduleId);
  const rows = await listSwaps(ctx.db, input.scheduleId, input.status, input.page);
  const overrides = await overridesOfSwap(
    ctx.db,
    rows.data.map((r) => r.id),
  );
  return {
    data: rows.data.map((r) =>
      presentSwap(
        r,
        overrides.filter((o) => o.swap_id === r.id).map((o) => o.id),
      ),
    ),
    next_cursor: rows.next_cursor,
  };
}

export async function requestSwap({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string } & CreateSwapInput;
}): Promise<SwapView> {
  const requester = subjectOf(ctx, input.requester_id, 'requester_id');
  const { start, end } = period(input);
  const now = ctx.clock.now();
  if (end <= now) throw new ValidationError('end: must be in the future');
  if (input.to_user_id === requester) throw new ValidationError('to_user_id: cannot be the requester');
  return inTransaction(ctx, async (ctx) => {
    const schedule = await requireSchedule(ctx.db, input.scheduleId);
    await assertTeamMembers(ctx, schedule.team_id, [
      ['requester_id', requester],
      ...(input.to_user_id !== undefined ? [['to_user_id', input.to_user_id] as [string, string]] : []),
    ]);
    const held = await requesterShifts(ctx, schedule, requester, Math.max(start, now), end);
    if (held.length === 0)
      throw new ValidationError('start: the requester is not on call between start and end');
    if (held.length > MAX_SWAP_STRETCHES) throw new ValidationError(`end: ${tooManyStretches(held.length)}`);
    const row: Row<'schedule_swaps'> = {
      id: newId('swp', now),
      schedule_id: schedule.id,
      requester_id: requester,
      to_user_id: input.to_user_id ?? null,
      accepted_by: null,
      start_at: start,
      end_at: end,
      status: 'pending',
      note: input.note ?? '',
      created_at: now,
      updated_at: now,
    };
    await insertSwap(ctx.db, row);
    const after = presentSwap(row, []);
    await recordAudit(ctx, {
      action: 'schedule_swap.create',
      targetType: 'schedule',
      targetId: schedule.id,
      after,
    });
    return after;
  });
}

async function pendingSwap(ctx: Ctx, scheduleId: string, swapId: string): Promise<Row<'schedule_swaps'>> {
  const row = await findSwap(ctx.db, scheduleId, swapId);
  if (row === undefined) throw NotFoundError.of('swap', swapId);
  if (row.status !== 'pending') throw new ConflictError(`the swap is already ${row.status}`);
  return row;
}

async function settle(
  ctx: Ctx,
  row: Row<'schedule_swaps'>,
  status: SwapStatus,
  acceptedBy: string | null,
): Promise<SwapView> {
  const before = presentSwap(row, []);
  const now = ctx.clock.now();
  if (!(await settleSwap(ctx.db, row.id, { status, accepted_by: acceptedBy, updated_at: now }))) {
    throw new ConflictError('the swap was settled by someone else just now');
  }
  const after = await view(ctx, { ...row, status, accepted_by: acceptedBy, updated_at: now });
  await recordAudit(ctx, {
    action: `schedule_swap.${status === 'accepted' ? 'accept' : status === 'declined' ? 'decline' : 'cancel'}`,
    targetType: 'schedule',
    targetId: row.schedule_id,
    before,
    after,
  });
  return after;
}

/** The acceptor takes over the requester's remaining on-call time in the swap's period. */
export async function acceptSwap({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; swapId: string };
}) {
  requireRole(ctx.actor, 'responder');
  const acceptor = actorUserId(ctx.actor);
  if (acceptor === null) throw new ValidationError('a swap is accepted by a user, not the system');
  return inTransaction(ctx, async (ctx) => {
    const schedule = await requireSchedule(ctx.db, input.scheduleId);
    const row = await pendingSwap(ctx, schedule.id, input.swapId);
    if (acceptor === row.requester_id) throw new ForbiddenError('you cannot accept your own swap');
    if (row.to_user_id !== null && row.to_user_id !== acceptor) {
      throw new ForbiddenError('this swap was offered to someone else');
    }
    if (!(await teamMembersAmong(ctx.db, schedule.team_id, [acceptor])).has(acceptor)) {
      throw new ForbiddenError('only members of the schedule team can accept a swap');
    }
    const now = ctx.clock.now();
    const from = Math.max(row.start_at, now);
    const held =
      from < row.end_at ? await requesterShifts(ctx, schedule, row.requester_id, from, row.end_at) : [];
    if (held.length === 0) throw new ConflictError('the requester is no longer on call in that period');
    // The layers may have changed since the request.
    if (held.length > MAX_SWAP_STRETCHES) throw new ConflictError(tooManyStretches(held.length));
    // Settle first: a concurrent accept then fails before creating any override.
    if (!(await settleSwap(ctx.db, row.id, { status: 'accepted', accepted_by: acceptor, updated_at: now }))) {
      throw new ConflictError('the swap was settled by someone else just now');
    }
    for (const s of held) {
      await insertOverride(ctx.db, {
        id: newId('ovr', now),
        schedule_id: schedule.id,
        user_id: acceptor,
        start_at: s.start,
        end_at: s.end,
        swap_id: row.id,
        created_by: ctx.actor.name,
        created_at: now,
      });
    }
    const after = await view(ctx, { ...row, status: 'accepted', accepted_by: acceptor, updated_at: now });
    await recordAudit(ctx, {
      action: 'schedule_swap.accept',
      targetType: 'schedule',
      targetId: schedule.id,
      before: presentSwap(row, []),
      after,
    });
    return after;
  });
}

/** The user it was offered to (or an admin) turns it down. */
export async function declineSwap({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; swapId: string };
}) {
  return inTransaction(ctx, async (ctx) => {
    await requireSchedule(ctx.db, input.scheduleId);
    const row = await pendingSwap(ctx, input.scheduleId, input.swapId);
    const self = actorUserId(ctx.actor);
    requireRole(ctx.actor, row.to_user_id !== null && row.to_user_id === self ? 'responder' : 'admin');
    return settle(ctx, row, 'declined', null);
  });
}

/** The requester (or an admin) withdraws it. */
export async function cancelSwap({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; swapId: string };
}) {
  return inTransaction(ctx, async (ctx) => {
    await requireSchedule(ctx.db, input.scheduleId);
    const row = await pendingSwap(ctx, input.scheduleId, input.swapId);
    requireRole(ctx.actor, row.requester_id === actorUserId(ctx.actor) ? 'responder' : 'admin');
    return settle(ctx, row, 'cancelled', null);
  });
}
