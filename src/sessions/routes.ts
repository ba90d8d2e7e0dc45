import { Type } from '@sinclair/typebox';
import { actorUserId } from '../platform/auth/actor.ts';
import { AuthenticationError, RateLimitedError } from '../platform/errors.ts';
import { SESSION_COOKIE } from '../platform/http/auth.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { getUser } from '../users/get.ts';
import { Email, User } from '../users/schemas.ts';
import { login, logout } from './login.ts';
import { LoginThrottle } from './throttle.ts';

const tags = ['auth'];

export function sessionRoutes(app: TypedApp): void {
  const throttle = new LoginThrottle(app.deps.clock, app.deps.config.loginLimits);
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
      const ctx = {
        actor: { type: 'system' as const, name: 'login' },
        db: app.deps.db,
        dialect: app.deps.dialect,
        clock: app.deps.clock,
        outbound: app.deps.config.outbound,
        requestId: req.id,
      };
      // req.ip is the socket's address unless TOCSIN_TRUSTED_PROXIES names the proxy it came through.
      const waitMs = throttle.blockedForMs(req.body.email, req.ip);
      if (waitMs > 0) {
        void reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new RateLimitedError('too many failed logins; try again later');
      }
      const result = await login({ ctx, input: req.body }).catch((e: unknown) => {
        if (e instanceof AuthenticationError) throttle.failed(req.body.email, req.ip);
        throw e;
      });
      throttle.succeeded(req.body.email);
      const { user, sessionSecret, expiresAt } = result;
      const secure = req.protocol === 'https' || app.deps.config.publicUrl.startsWith('https:');
      void reply.setCookie(SESSION_COOKIE, sessionSecret, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        expires: new Date(expiresAt),
      });
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
