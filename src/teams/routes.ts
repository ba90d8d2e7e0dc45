import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createTeam } from './create.ts';
import { deleteTeam } from './delete.ts';
import { getTeam, listMemberViews, listTeamViews } from './get.ts';
import { addTeamMember, removeTeamMember, updateTeamMember } from './members.ts';
import {
  AddMemberInput,
  CreateTeamInput,
  ListMembersQuery,
  ListTeamsQuery,
  MemberParams,
  Team,
  TeamMember,
  UpdateMemberInput,
  UpdateTeamInput,
} from './schemas.ts';
import { updateTeam } from './update.ts';

const tags = ['teams'];

export function teamRoutes(app: TypedApp): void {
  app.get(
    '/teams',
    { schema: { tags, summary: 'List teams', querystring: ListTeamsQuery, response: { 200: PageOf(Team) } } },
    (req) => listTeamViews(req.ctx.db, { q: req.query.q, userId: req.query.user_id }, req.query),
  );

  app.post(
    '/teams',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Create a team', body: CreateTeamInput, response: { 201: Team } },
    },
    async (req, reply) => reply.status(201).send(await createTeam({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/teams/:id',
    { schema: { tags, summary: 'Get a team', params: IdParams, response: { 200: Team } } },
    (req) => getTeam(req.ctx.db, req.params.id),
  );

  app.patch(
    '/teams/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Update a team',
        params: IdParams,
        body: UpdateTeamInput,
        response: { 200: Team },
      },
    },
    (req) => updateTeam({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    '/teams/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a team that owns no services',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteTeam({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/teams/:id/members',
    {
      schema: {
        tags,
        summary: "List a team's members",
        params: IdParams,
        querystring: ListMembersQuery,
        response: { 200: PageOf(TeamMember) },
      },
    },
    (req) => listMemberViews(req.ctx.db, req.params.id, req.query),
  );

  app.post(
    '/teams/:id/members',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Add a member',
        params: IdParams,
        body: AddMemberInput,
        response: { 201: TeamMember },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await addTeamMember({ ctx: req.ctx, input: { ...req.body, teamId: req.params.id } })),
  );

  app.patch(
    '/teams/:id/members/:userId',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Change a member's role",
        params: MemberParams,
        body: UpdateMemberInput,
        response: { 200: TeamMember },
      },
    },
    (req) =>
      updateTeamMember({
        ctx: req.ctx,
        input: { ...req.body, teamId: req.params.id, userId: req.params.userId },
      }),
  );

  app.delete(
    '/teams/:id/members/:userId',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Remove a member', params: MemberParams, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await removeTeamMember({ ctx: req.ctx, input: { teamId: req.params.id, userId: req.params.userId } });
      return reply.status(204).send(null);
    },
  );
}
