import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { presentSeverity } from './presenter.ts';
import { listSeverities } from './repository.ts';
import { createRoleType, deleteRoleType, listRoleTypes, updateRoleType } from './role-types.ts';
import {
  CreateRoleTypeBody,
  RoleType,
  RoleTypeInUse,
  RoleTypeParams,
  Severity,
  SeverityParams,
  UpdateRoleTypeBody,
  UpdateSeverityBody,
} from './schemas.ts';
import { updateSeverity } from './update.ts';

export function severityRoutes(app: TypedApp): void {
  const tags = ['severities'];
  app.get(
    '/severities',
    {
      schema: {
        tags,
        summary: 'Incident severities, SEV1 (most severe) first',
        response: { 200: Type.Object({ data: Type.Array(Severity) }) },
      },
    },
    async (req) => ({ data: (await listSeverities(req.ctx.db)).map(presentSeverity) }),
  );

  app.patch(
    '/severities/:name',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary:
          "Edit a severity's response target, update cadence, postmortem rule, alert mapping or checklist",
        params: SeverityParams,
        body: UpdateSeverityBody,
        response: { 200: Severity },
      },
    },
    (req) => updateSeverity({ ctx: req.ctx, input: { ...req.body, name: req.params.name } }),
  );

  roleTypeRoutes(app);
}

function roleTypeRoutes(app: TypedApp): void {
  const tags = ['incidents'];
  app.get(
    '/incident-roles',
    {
      schema: {
        tags,
        summary: 'The roles people can hold on an incident, in display order, with how many hold each',
        response: { 200: Type.Object({ data: Type.Array(RoleTypeInUse) }) },
      },
    },
    async (req) => ({ data: await listRoleTypes(req.ctx.db) }),
  );

  app.post(
    '/incident-roles',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Add an incident role',
        body: CreateRoleTypeBody,
        response: { 201: RoleType },
      },
    },
    async (req, reply) => reply.status(201).send(await createRoleType({ ctx: req.ctx, input: req.body })),
  );

  app.patch(
    '/incident-roles/:slug',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Rename an incident role or change its description (the slug stays)',
        params: RoleTypeParams,
        body: UpdateRoleTypeBody,
        response: { 200: RoleType },
      },
    },
    (req) => updateRoleType({ ctx: req.ctx, input: { ...req.body, slug: req.params.slug } }),
  );

  app.delete(
    '/incident-roles/:slug',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Remove an incident role nobody holds',
        params: RoleTypeParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteRoleType({ ctx: req.ctx, input: { slug: req.params.slug } });
      return reply.status(204).send(null);
    },
  );
}
