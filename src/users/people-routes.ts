import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { bodyDefaultsToEmpty, IdParams } from '../platform/http/schema.ts';
import { deactivateUser, reactivateUser, referencesOf } from './deactivate.ts';
import { inviteUser, resendInvite } from './invites.ts';
import { CreatedInvite, InviteInput, User, UserReferences } from './schemas.ts';

const tags = ['users'];
const NoBody = Type.Object({}, { additionalProperties: false });

/**
 * People joining and leaving (issue 17): admins invite someone (a one-time link to choose a
 * password, in the answer only), deactivate and reactivate them. What a deactivation changes is
 * readable first (/references), for the confirmation.
 */
export function peopleRoutes(app: TypedApp): void {
  const invites = () => ({ key: app.deps.keys.invites, publicUrl: app.deps.config.publicUrl });

  app.post(
    '/users/invite',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Invite someone: creates them without a password; the one-time link is in this answer only',
        body: InviteInput,
        response: { 201: CreatedInvite },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inviteUser({ ctx: req.ctx, deps: invites(), input: req.body })),
  );

  app.post(
    '/users/:id/invite',
    {
      config: { auth: 'admin' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary: 'A new invite link for someone who has not set a password; older links stop working',
        params: IdParams,
        body: NoBody,
        response: { 201: CreatedInvite },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await resendInvite({ ctx: req.ctx, deps: invites(), input: { id: req.params.id } })),
  );

  app.get(
    '/users/:id/references',
    {
      schema: {
        tags,
        summary:
          'Schedules, escalation policies and teams that name this user (what deactivating them changes)',
        params: IdParams,
        response: { 200: UserReferences },
      },
    },
    (req) => referencesOf(req.ctx.db, req.params.id, req.ctx.clock.now()),
  );

  app.post(
    '/users/:id/deactivate',
    {
      config: { auth: 'admin' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary:
          'Deactivate: no login, sessions end, tokens are revoked, never paged (not yourself, not the last active admin)',
        params: IdParams,
        body: NoBody,
        response: { 200: User },
      },
    },
    (req) => deactivateUser({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  app.post(
    '/users/:id/reactivate',
    {
      config: { auth: 'admin' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary: 'Reactivate: they can log in again with their password and are paged again',
        params: IdParams,
        body: NoBody,
        response: { 200: User },
      },
    },
    (req) => reactivateUser({ ctx: req.ctx, input: { id: req.params.id } }),
  );
}
