import type { Ctx } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import {
  EARLIEST_YEAR,
  LATEST_YEAR,
  MAX_PERIOD_DAYS,
  MAX_PERIOD_MS,
  TIME_BOUNDS_TEXT,
  withinTimeBounds,
} from '../platform/time-bounds.ts';
import { findTeamById } from '../teams/repository.ts';
import { assertTimeZone } from '../users/validate.ts';
import { assertNotDeactivated } from '../users/active.ts';
import type { Restriction } from './core/types.ts';
import { teamMembersAmong, usersByIds } from './repository.ts';
import type { RestrictionInput } from './schemas.ts';

/** Checks JSON schema cannot express. Each message starts with the field it rejects. */
export { assertTimeZone };

export function instant(field: string, iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new ValidationError(`${field}: not an RFC 3339 time`);
  if (!withinTimeBounds(t)) throw new ValidationError(`${field}: the year must be ${TIME_BOUNDS_TEXT}`);
  return t;
}

/**
 * A [start, end) period from RFC 3339 times; `end` must come after `start`, by at most
 * MAX_PERIOD_DAYS (periods expand into per-shift work: a 100-year swap made 2,613 overrides).
 */
export function period(input: { start: string; end: string }, prefix = ''): { start: number; end: number } {
  const start = instant(`${prefix}start`, input.start);
  const end = instant(`${prefix}end`, input.end);
  if (!(end > start)) throw new ValidationError(`${prefix}end: must be after ${prefix}start`);
  if (end - start > MAX_PERIOD_MS)
    throw new ValidationError(`${prefix}end: must be at most ${MAX_PERIOD_DAYS} days after ${prefix}start`);
  return { start, end };
}

export function assertDate(field: string, date: string): void {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
    throw new ValidationError(`${field}: ${date} is not a calendar date`);
  }
  if (y < EARLIEST_YEAR || y > LATEST_YEAR)
    throw new ValidationError(`${field}: the year must be ${TIME_BOUNDS_TEXT}`);
}

export function restrictionsFromInput(field: string, list: RestrictionInput[]): Restriction[] {
  return list.map((r, i) => {
    const at = `${field}.${i}`;
    switch (r.type) {
      case 'daily':
        if (r.start_day !== undefined || r.end_day !== undefined) {
          throw new ValidationError(`${at}.start_day: only weekly restrictions have days`);
        }
        return { type: 'daily', start: r.start, end: r.end };
      case 'weekly':
        if (r.start_day === undefined)
          throw new ValidationError(`${at}.start_day: required for a weekly restriction`);
        if (r.end_day === undefined)
          throw new ValidationError(`${at}.end_day: required for a weekly restriction`);
        return { type: 'weekly', start_day: r.start_day, start: r.start, end_day: r.end_day, end: r.end };
    }
  });
}

export async function assertTeamExists(ctx: Ctx, teamId: string, field = 'team_id'): Promise<string> {
  const team = await findTeamById(ctx.db, teamId);
  if (!team) throw new ValidationError(`${field}: no team ${JSON.stringify(teamId)}`);
  return team.name;
}

/**
 * Every named user must exist, be active and belong to the team. `entries` pairs each user id with the
 * field that names it, so the error points at the right one.
 */
export async function assertTeamMembers(
  ctx: Ctx,
  teamId: string,
  entries: [string, string][],
): Promise<void> {
  if (entries.length === 0) return;
  const ids = entries.map(([, id]) => id);
  const known = new Map((await usersByIds(ctx.db, ids)).map((u) => [u.id, u.name]));
  const members = await teamMembersAmong(ctx.db, teamId, ids);
  for (const [field, id] of entries) {
    const name = known.get(id);
    if (name === undefined) throw new ValidationError(`${field}: no user ${JSON.stringify(id)}`);
    if (!members.has(id)) {
      const team = (await findTeamById(ctx.db, teamId))?.name ?? teamId;
      throw new ValidationError(`${field}: ${name} is not a member of team ${JSON.stringify(team)}`);
    }
  }
  await assertNotDeactivated(ctx.db, entries);
}
