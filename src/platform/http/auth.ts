import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, minRole, requireRole } from '../auth/actor.ts';
import { findSessionCredential, findTokenCredential, touchSession, touchToken } from '../auth/repository.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { Ctx } from '../context.ts';
import type { UserRole } from '../db/tables/users.ts';
import { AuthenticationError } from '../errors.ts';
import { isSafeMethod, requireSameOrigin } from './csrf.ts';
import type { AppDeps } from './deps.ts';

/**
 * `public` routes need no credentials; others need at least the named role. Routes under
 * /api/v1 default to `viewer` so forgetting the option fails closed; routes elsewhere (docs,
 * health, ingest endpoints that check their own keys) default to public.
 */
export type AuthLevel = 'public' | UserRole;

export const SESSION_COOKIE = 'tocsin_session';
// Writing last-used on every request would turn reads into writes; once a minute is enough to answer "is this token still used?".
const TOUCH_INTERVAL_MS = 60_000;

/** The actor of an API token (`tcs_...`); AuthenticationError when it is unknown, revoked or expired. */
export async function actorFromToken(deps: AppDeps, token: string): Promise<Actor> {
  const now = deps.clock.now();
  const row = await findTokenCredential(deps.db, hashSecret(token));
  if (row === undefined) throw new AuthenticationError('the API token is not valid');
  if (row.revoked_at !== null) throw new AuthenticationError('the API token was revoked');
  if (row.expires_at !== null && row.expires_at <= now)
    throw new AuthenticationError('the API token has expired');
  if (row.last_used_at === null || now - row.last_used_at > TOUCH_INTERVAL_MS) {
    await touchToken(deps.db, row.id, now);
  }
  return {
    type: 'token',
    tokenId: row.id,
    userId: row.user_id,
    name: row.user_name,
    role: minRole(row.role, row.user_role),
  };
}

async function actorFromSession(deps: AppDeps, token: string): Promise<Actor> {
  const now = deps.clock.now();
  const row = await findSessionCredential(deps.db, hashSecret(token));
  if (row === undefined || row.expires_at <= now)
    throw new AuthenticationError('the session has ended; log in again');
  if (now - row.last_seen_at > TOUCH_INTERVAL_MS) {
    await touchSession(deps.db, row.id, now);
  }
  return { type: 'user', userId: row.user_id, name: row.name, role: row.role };
}

/**
 * The signed-in person of a browser request (the session cookie), or undefined when there is no
 * live session: for the server-rendered pages, which answer a sign-in form instead of a 401.
 */
export async function sessionActor(deps: AppDeps, request: FastifyRequest): Promise<Actor | undefined> {
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined || cookie === '') return undefined;
  try {
    return await actorFromSession(deps, cookie);
  } catch (e) {
    if (e instanceof AuthenticationError) return undefined;
    throw e;
  }
}

/** `via`: which credential the request carried; only a cookie can be sent by a foreign page. */
async function authenticate(
  deps: AppDeps,
  request: FastifyRequest,
): Promise<{ actor: Actor; via: 'token' | 'session' }> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AuthenticationError('Authorization header must be "Bearer <api token>"');
    return { actor: await actorFromToken(deps, match[1]!), via: 'token' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie !== undefined && cookie !== '') {
    return { actor: await actorFromSession(deps, cookie), via: 'session' };
  }
  throw new AuthenticationError(
    'authentication required: send "Authorization: Bearer <api token>" or log in',
  );
}

/** The request's credential checked again (a long-lived stream: has the session ended since?). */
export async function reauthenticate(deps: AppDeps, request: FastifyRequest): Promise<Actor> {
  return (await authenticate(deps, request)).actor;
}

export function requestCtx(deps: AppDeps, request: FastifyRequest, actor: Actor): Ctx {
  return {
    actor,
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    outbound: deps.config.outbound,
    requestId: request.id,
  };
}

/**
 * Authenticates before the body is parsed, so a caller without credentials gets 401 (not a
 * validation error), refuses cookie-authenticated changes from other origins (csrf.ts), and
 * checks the route's role. `request.ctx` is what handlers pass to actions.
 */
export function installAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('ctx', null as unknown as Ctx);
  const check = async (request: FastifyRequest, level: Exclude<AuthLevel, 'public'>) => {
    const { actor, via } = await authenticate(deps, request);
    if (via === 'session' && !isSafeMethod(request.method)) requireSameOrigin(request, deps.config.publicUrl);
    requireRole(actor, level);
    request.ctx = requestCtx(deps, request, actor);
  };
  // Callback style, not async: a public answer (the status page under an outage's load) then
  // costs no promise here.
  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.routeOptions.url;
    if (url === undefined) return done(); // 404s answer without credentials
    const level: AuthLevel =
      request.routeOptions.config.auth ?? (url.startsWith('/api/v1/') ? 'viewer' : 'public');
    if (level === 'public') return done();
    check(request, level).then(() => done(), done);
  });
}
