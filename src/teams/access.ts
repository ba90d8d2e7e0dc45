import { type Actor, actorRole, actorUserId, requireRole } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { ForbiddenError } from '../platform/errors.ts';
import { incidentScope, involvedInIncident, memberOfOwningTeam, teamRoleOf } from './repository.ts';

/**
 * Team scoping, in one place (SPEC §2 "Visibility"). Reading stays open to every role. Acting:
 * - admins and system actors (engine, CLI, config as code) may do everything;
 * - a responder acts on incidents of services their teams own (for an incident on several
 *   services, any of them), and on any incident they were paged for, hold a role in or have a
 *   task in, so escalating to another team's schedule, or pulling someone in, lets them help;
 * - a team `manager` (with at least the responder role) edits their team's schedules,
 *   overrides and escalation policies;
 * - viewers act on nothing.
 */

/** The user to check, or null when the actor may act everywhere (admin, system). */
function scopedUser(actor: Actor): string | null {
  requireRole(actor, 'responder');
  return actorRole(actor) === 'admin' ? null : actorUserId(actor);
}

/** Before acting on an incident (by id or INC-n). A missing incident passes, so the action answers 404. */
export async function requireIncidentAccess(ctx: Ctx, incidentId: string): Promise<void> {
  const userId = scopedUser(ctx.actor);
  if (userId === null) return;
  const scope = await incidentScope(ctx.db, incidentId);
  if (scope === undefined) return;
  if (await memberOfOwningTeam(ctx.db, scope.serviceIds, userId)) return;
  if (await involvedInIncident(ctx.db, scope.id, userId)) return;
  throw new ForbiddenError(
    `INC-${scope.number}: only members of the teams owning its services, people paged for it or working on it (a role or a task), and admins may act on it`,
  );
}

/** Before opening an incident on services, or acting on an alert that has no incident. */
export async function requireServiceAccess(ctx: Ctx, serviceIds: string[]): Promise<void> {
  const userId = scopedUser(ctx.actor);
  if (userId === null) return;
  if (await memberOfOwningTeam(ctx.db, serviceIds, userId)) return;
  throw new ForbiddenError(
    serviceIds.length === 1
      ? 'only members of the team owning this service, and admins, may act on it'
      : 'only members of a team owning one of these services, and admins, may act on them',
  );
}

/** Whether the actor manages `teamId` (admins and system actors manage every team). */
export async function managesTeam(ctx: Ctx, teamId: string | null): Promise<boolean> {
  if (actorRole(ctx.actor) === 'admin') return true;
  const userId = actorUserId(ctx.actor);
  if (userId === null || teamId === null || actorRole(ctx.actor) !== 'responder') return false;
  return (await teamRoleOf(ctx.db, teamId, userId)) === 'manager';
}

/** Before changing a team's schedule, override or escalation policy: admins, or that team's managers. */
export async function requireTeamManager(ctx: Ctx, teamId: string | null, what: string): Promise<void> {
  requireRole(ctx.actor, 'responder');
  if (await managesTeam(ctx, teamId)) return;
  throw new ForbiddenError(
    teamId === null
      ? `${what}: only admins may change objects that belong to no team`
      : `${what}: needs the admin role or the manager role on the owning team`,
  );
}
