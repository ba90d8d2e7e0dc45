import { randomBytes } from 'node:crypto';
import type { App } from '../src/platform/http/app.ts';
import type { UserRole } from '../src/platform/db/tables.ts';
import type { ServiceView } from '../src/services/schemas.ts';
import type { TeamMemberView, TeamView } from '../src/teams/schemas.ts';
import type { UserView } from '../src/users/schemas.ts';
import { api } from './harness.ts';

/**
 * Objects for tests, made through the HTTP API as the bootstrap admin, so they pass the same
 * validation as real ones. Names get a random suffix because the tests of one file share a database.
 */
export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString('hex')}`;
}

async function created<T>(app: App, url: string, body: Record<string, unknown>): Promise<T> {
  const res = await api<T>(app, 'POST', url, { body });
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export function buildUser(app: App, overrides: Record<string, unknown> = {}): Promise<UserView> {
  const name = uniqueName('user');
  return created(app, '/api/v1/users', {
    name,
    email: `${name.replace(' ', '-')}@example.com`,
    ...overrides,
  });
}

export function buildTeam(app: App, overrides: Record<string, unknown> = {}): Promise<TeamView> {
  return created(app, '/api/v1/teams', { name: uniqueName('team'), ...overrides });
}

/** Creates an owning team too unless `team_id` is given. */
export async function buildService(app: App, overrides: Record<string, unknown> = {}): Promise<ServiceView> {
  const teamId = overrides.team_id ?? (await buildTeam(app)).id;
  return created(app, '/api/v1/services', { name: uniqueName('service'), team_id: teamId, ...overrides });
}

export function addMember(
  app: App,
  teamId: string,
  userId: string,
  role?: 'member' | 'manager',
): Promise<TeamMemberView> {
  return created(app, `/api/v1/teams/${teamId}/members`, { user_id: userId, ...(role ? { role } : {}) });
}

/** An API token secret for the user, at most `role`. */
export async function tokenFor(app: App, userId: string, role?: UserRole): Promise<string> {
  const body = await created<{ token: string }>(app, '/api/v1/tokens', {
    name: uniqueName('token'),
    user_id: userId,
    ...(role ? { role } : {}),
  });
  return body.token;
}

/** A token of a fresh viewer, to check that mutations are refused. */
export async function viewerToken(app: App): Promise<string> {
  const viewer = await buildUser(app, { role: 'viewer' });
  return tokenFor(app, viewer.id);
}

/** The actions recorded for one object, oldest first. */
export async function auditActions(app: App, targetType: string, targetId: string): Promise<string[]> {
  const res = await api<{ data: { action: string }[] }>(
    app,
    'GET',
    `/api/v1/audit?target_type=${targetType}&target_id=${targetId}`,
  );
  if (res.status !== 200)
    throw new Error(`GET /api/v1/audit answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data.map((e) => e.action).reverse();
}
