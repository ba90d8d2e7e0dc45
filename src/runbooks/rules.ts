import { actorRole, actorUserId, requireRole } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { assertServicesExist } from '../silences/validate.ts';
import { type Matcher, normalizeMatchers } from '../silences/matchers.ts';
import { findTeamById, teamRoleOf } from '../teams/repository.ts';
import { type RunbookRow, findRunbook, findRunbookByTitle } from './repository.ts';

/**
 * Who may write a runbook: admins (and system actors: the CLI, config as code) any; a responder
 * the runbooks of teams they belong to. Reading is open to everyone signed in, as with
 * postmortems: a runbook is meant to be found by whoever is paged.
 */
export async function requireRunbookWriter(
  ctx: Ctx,
  ownerTeamId: string | null,
  what: string,
): Promise<void> {
  requireRole(ctx.actor, 'responder');
  if (actorRole(ctx.actor) === 'admin') return;
  const userId = actorUserId(ctx.actor);
  if (ownerTeamId === null || userId === null) {
    throw new ForbiddenError(`${what}: only admins may change runbooks that belong to no team`);
  }
  if ((await teamRoleOf(ctx.db, ownerTeamId, userId)) === undefined) {
    throw new ForbiddenError(`${what}: only members of the owning team, and admins, may change this runbook`);
  }
}

export async function loadRunbook(ctx: Ctx, id: string): Promise<RunbookRow> {
  const row = await findRunbook(ctx.db, id);
  if (row === undefined) throw NotFoundError.of('runbook', id);
  return row;
}

export async function checkedTeam(ctx: Ctx, teamId: string | null, field: string): Promise<string | null> {
  if (teamId === null) return null;
  if ((await findTeamById(ctx.db, teamId)) === undefined) {
    throw new ValidationError(`${field}: no team ${JSON.stringify(teamId)}`);
  }
  return teamId;
}

export async function checkedServices(ctx: Ctx, serviceIds: string[]): Promise<string[]> {
  try {
    await assertServicesExist(ctx, serviceIds);
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(`body.${e.message}`);
    throw e;
  }
  return serviceIds;
}

export function checkedMatchers(input: readonly (Matcher | string)[]): Matcher[] {
  return normalizeMatchers(input, 'body.matchers');
}

export function checkedTitle(title: string): string {
  const t = title.trim();
  if (t === '') throw new ValidationError('body.title: must not be blank');
  return t;
}

export function duplicateTitle(title: string): ConflictError {
  return new ConflictError(`a runbook titled ${JSON.stringify(title)} already exists`, {
    field: 'body.title',
  });
}

/** Titles are unique: config as code and people name runbooks by them. */
export async function assertTitleFree(ctx: Ctx, title: string, ownId?: string): Promise<void> {
  const other = await findRunbookByTitle(ctx.db, title);
  if (other !== undefined && other.id !== ownId) throw duplicateTitle(title);
}
