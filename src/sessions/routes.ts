import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorUserId } from '../platform/auth/actor.ts';
import { AuthenticationError, RateLimitedError } from '../platform/errors.ts';
import { SESSION_COOKIE } from '../platform/http/auth.ts';
import type { TypedApp } from '../platform/http/app.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { getUser } from '../users/get.ts';
import { Email, User } from '../users/schemas.ts';
import { login, logout } from './login.ts';
import { LoginThrottle } from './throttle.ts';

const tags = ['auth'];

/** The session cookie, as the API login sets it (the web UI logs in through it). */
export function setSessionCookie(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  sessionSecret: string,
  expiresAt: number,
): void {
  const secure = req.protocol === 'https' || deps.config.publicUrl.startsWith('https:');
  void reply.setCookie(SESSION_COOKIE, sessionSecret, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

// One throttle per app: every login through this app counts against the same limits.
const throttles = new WeakMap<AppDeps, LoginThrottle>();

/**
 * Logs in unless this account or this client address has failed too often lately; counts the
 * failure when the password is wrong. `req.ip` is the socket's address unless
 * TOCSIN_TRUSTED_PROXIES names the proxy the request came through.
 */
export async function throttledLogin(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  input: { email: string; password: string },
): Promise<Awaited<ReturnType<typeof login>>> {
  let throttle = throttles.get(deps);
  if (throttle === undefined) {
    throttle = new LoginThrottle(deps.clock, deps.config.loginLimits);
    throttles.set(deps, throttle);
  }
  const waitMs = throttle.blockedForMs(input.email, req.ip);
  if (waitMs > 0) {
    void reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
    throw new RateLimitedError('too many failed logins; try again later');
  }
  const ctx = {
    actor: { type: 'system' as const, name: 'login' },
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    outbound: deps.config.outbound,
    requestId: req.id,
  };
  const result = await login({ ctx, input }).catch((e: unknown) => {
    if (e instanceof AuthenticationError) throttle.failed(input.email, req.ip);
    throw e;
  });
  throttle.succeeded(input.email);
  return result;
}

export function sessionRoutes(app: TypedApp): void {
  app.post(
    '/auth/login',
    {
      // Guessing is slowed by LoginThrottle (failures per account and per address), not by a per-address request cap.
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Log in with email and password; sets the session cookie',
        body: Type.Object(
          { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: User }) },
        security: [],
      },
    },
    async (req, reply) => {
      const { user, sessionSecret, expiresAt } = await throttledLogin(app.deps, req, reply, req.body);
      setSessionCookie(app.deps, req, reply, sessionSecret, expiresAt);
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'End the current session', response: { 204: Type.Null() } } },
    async (req, reply) => {
      const secret = req.cookies[SESSION_COOKIE];
      if (secret !== undefined) await logout({ ctx: req.ctx, input: { sessionSecret: secret } });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags,
        summary: 'Who am I',
        response: { 200: Type.Object({ user: User, via: Type.String() }) },
      },
    },
    async (req) => {
      const id = actorUserId(req.ctx.actor);
      return { user: await getUser(req.ctx.db, id!), via: req.ctx.actor.type };
    },
  );
}
