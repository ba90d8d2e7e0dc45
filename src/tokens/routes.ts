import { actorUserId, roleAtLeast, actorRole } from '../platform/auth/actor.ts';
import { mapPage } from '../platform/db/paginate.ts';
import { ForbiddenError, NotFoundError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createToken } from './create.ts';
import { presentToken } from './presenter.ts';
import { findTokenById, listTokens } from './repository.ts';
import { revokeToken } from './revoke.ts';
import { ApiToken, CreatedApiToken, CreateTokenInput, ListTokensQuery } from './schemas.ts';

const tags = ['tokens'];

export function tokenRoutes(app: TypedApp): void {
  app.get(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'List API tokens (yours; admins: anyone’s)',
        querystring: ListTokensQuery,
        response: { 200: PageOf(ApiToken) },
      },
    },
    async (req) => {
      const isAdmin = roleAtLeast(actorRole(req.ctx.actor), 'admin');
      const own = actorUserId(req.ctx.actor);
      const userId = isAdmin ? req.query.user_id : (own ?? undefined);
      if (!isAdmin && req.query.user_id !== undefined && req.query.user_id !== own) {
        throw new ForbiddenError("only admins can list other users' tokens");
      }
      const page = await listTokens(
        req.ctx.db,
        { userId, includeRevoked: req.query.include_revoked ?? false },
        req.query,
      );
      return mapPage(page, presentToken);
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is in this answer only',
        body: CreateTokenInput,
        response: { 201: CreatedApiToken },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/tokens/:id',
    { schema: { tags, summary: 'Get an API token', params: IdParams, response: { 200: ApiToken } } },
    async (req) => {
      const row = await findTokenById(req.ctx.db, req.params.id);
      const mine = row?.user_id === actorUserId(req.ctx.actor);
      if (row === undefined || (!mine && !roleAtLeast(actorRole(req.ctx.actor), 'admin'))) {
        throw NotFoundError.of('token', req.params.id);
      }
      return presentToken(row);
    },
  );

  app.delete(
    '/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: ApiToken } } },
    (req) => revokeToken({ ctx: req.ctx, input: { id: req.params.id } }),
  );
}
