import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorUserId } from '../platform/auth/actor.ts';
import { SESSION_COOKIE } from '../platform/http/auth.ts';
import type { TypedApp } from '../platform/http/app.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { getUser } from '../users/get.ts';
import { Email, User } from '../users/schemas.ts';
import { login, logout } from './login.ts';

const tags = ['auth'];

/** The session cookie, as the API login and the web pages' sign-in form set it. */
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

export function sessionRoutes(app: TypedApp): void {
  app.post(
    '/auth/login',
    {
      // Slows password guessing; per process, which is enough to make guessing impractical.
      config: { auth: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
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
        requestId: req.id,
      };
      const { user, sessionSecret, expiresAt } = await login({ ctx, input: req.body });
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
