import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { IdParams, PageOf } from '../../platform/http/schema.ts';
import { createPolicy } from './create.ts';
import { deletePolicy } from './delete.ts';
import { getPolicy, listPolicyViews } from './get.ts';
import { CreatePolicyInput, EscalationPolicy, ListPoliciesQuery, UpdatePolicyInput } from './schemas.ts';
import { updatePolicy } from './update.ts';

const tags = ['escalation policies'];

export function escalationPolicyRoutes(app: TypedApp): void {
  app.get(
    '/escalation-policies',
    {
      schema: {
        tags,
        summary: 'List escalation policies',
        querystring: ListPoliciesQuery,
        response: { 200: PageOf(EscalationPolicy) },
      },
    },
    (req) => listPolicyViews(req.ctx.db, { teamId: req.query.team_id, q: req.query.q }, req.query),
  );

  app.post(
    '/escalation-policies',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Create an escalation policy',
        body: CreatePolicyInput,
        response: { 201: EscalationPolicy },
      },
    },
    async (req, reply) => reply.status(201).send(await createPolicy({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/escalation-policies/:id',
    {
      schema: {
        tags,
        summary: 'Get an escalation policy',
        params: IdParams,
        response: { 200: EscalationPolicy },
      },
    },
    (req) => getPolicy(req.ctx.db, req.params.id),
  );

  app.patch(
    '/escalation-policies/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Update an escalation policy; levels, when given, replace the list',
        params: IdParams,
        body: UpdatePolicyInput,
        response: { 200: EscalationPolicy },
      },
    },
    (req) => updatePolicy({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    '/escalation-policies/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Delete an escalation policy that no service uses',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deletePolicy({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
