import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { Timestamp } from '../platform/http/schema.ts';
import { InviteToken, Password, User } from '../users/schemas.ts';
import { acceptInvite, lookUpInvite } from './invite-accept.ts';
import { setSessionCookie } from './routes.ts';

const tags = ['auth'];

/**
 * The public side of an invite (the page /invite/:token of the web UI calls these). The token
 * travels in the body, not the path, so API request logs never hold it.
 */
export function inviteRoutes(app: TypedApp): void {
  app.post(
    '/auth/invites/look-up',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Who an invite link is for, while it can still be used',
        body: Type.Object({ token: InviteToken }, { additionalProperties: false }),
        response: {
          200: Type.Object({ name: Type.String(), email: Type.String(), expires_at: Timestamp }),
        },
        security: [],
      },
    },
    (req) => lookUpInvite(app.deps, req.body.token),
  );

  app.post(
    '/auth/invites/accept',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Use an invite link: set your password and log in (sets the session cookie)',
        body: Type.Object({ token: InviteToken, password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ user: User }) },
        security: [],
      },
    },
    async (req, reply) => {
      const { user, sessionSecret, expiresAt } = await acceptInvite(app.deps, req.id, req.body);
      setSessionCookie(app.deps, req, reply, sessionSecret, expiresAt);
      return { user };
    },
  );
}
