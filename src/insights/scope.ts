import { actorRole, actorUserId } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { ForbiddenError, ValidationError } from '../platform/errors.ts';
import { instant } from '../oncall/validate.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';
import { serviceExists, teamExists, teamIdsOfUser } from './repository.ts';

import { DAY } from './weeks.ts';

export { DAY, WEEK, weekStart } from './weeks.ts';
/** The longest report: two years (a leap day included). */
export const MAX_RANGE_DAYS = 731;
export const DEFAULT_RANGE_DAYS = 28;

/**
 * What one report covers: [from, to), optionally one service or one team's services, and for
 * callers who are not admins only their own teams' services (`teamIds`).
 */
export interface Scope {
  from: number;
  to: number;
  serviceId: string | undefined;
  teamId: string | undefined;
  severity: SeverityName | undefined;
  /** null: every team (admins, system actors); else the teams whose services may be read. */
  teamIds: string[] | null;
}

export interface RangeInput {
  from?: string | undefined;
  to?: string | undefined;
  service_id?: string | undefined;
  team_id?: string | undefined;
  severity?: SeverityName | undefined;
}

/** The period asked for, checked: `from` before `to`, two years at most. */
export function parsePeriod(input: RangeInput, now: number): { from: number; to: number } {
  const to = input.to === undefined ? now : instant('querystring.to', input.to);
  const from =
    input.from === undefined ? to - DEFAULT_RANGE_DAYS * DAY : instant('querystring.from', input.from);
  if (!(from < to)) throw new ValidationError('querystring.from: must be before to');
  if (to - from > MAX_RANGE_DAYS * DAY) {
    throw new ValidationError(`querystring.from: the period is at most 2 years (${MAX_RANGE_DAYS} days)`);
  }
  return { from, to };
}

/**
 * The scope of a report, or a 400 naming the parameter (unknown service or team) or a 403 (a
 * team the caller is not in). People's pages and their nights are not everyone's business: a
 * caller who is not an admin sees the teams they belong to.
 */
export async function resolveScope(ctx: Ctx, input: RangeInput): Promise<Scope> {
  const { from, to } = parsePeriod(input, ctx.clock.now());
  if (input.service_id !== undefined && !(await serviceExists(ctx.db, input.service_id))) {
    throw new ValidationError(`querystring.service_id: no service ${JSON.stringify(input.service_id)}`);
  }
  if (input.team_id !== undefined && !(await teamExists(ctx.db, input.team_id))) {
    throw new ValidationError(`querystring.team_id: no team ${JSON.stringify(input.team_id)}`);
  }
  const userId = actorUserId(ctx.actor);
  let teamIds: string[] | null = null;
  if (actorRole(ctx.actor) !== 'admin' && userId !== null) {
    teamIds = await teamIdsOfUser(ctx.db, userId);
    if (input.team_id !== undefined && !teamIds.includes(input.team_id)) {
      throw new ForbiddenError('querystring.team_id: insights of a team are for its members and admins');
    }
  }
  return {
    from,
    to,
    serviceId: input.service_id,
    teamId: input.team_id,
    severity: input.severity,
    teamIds,
  };
}
