import { NotFoundError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { bodyDefaultsToEmpty, IdParams } from '../platform/http/schema.ts';
import { closeIncident, mitigateIncident, reopenIncident } from './act.ts';
import { findIncident } from './repository.ts';
import { assignRole } from './roles/assign.ts';
import { rolesView } from './roles/common.ts';
import { AssignRoleBody, IncidentRoles, RoleParams } from './roles/schemas.ts';
import { unassignRole } from './roles/unassign.ts';
import { Incident } from './schemas.ts';
import { CloseBody } from './schemas-lifecycle.ts';

const tags = ['incidents'];

/**
 * The status machine's other actions (acknowledge and resolve are in routes.ts) and incident
 * roles. A refused transition is a 409 listing `allowed_transitions`.
 */
export function lifecycleRoutes(app: TypedApp): void {
  app.post(
    '/incidents/:id/mitigate',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Impact has stopped: mitigate a triggered or acknowledged incident (paging stops)',
        params: IdParams,
        response: { 200: Incident },
      },
    },
    (req) => mitigateIncident({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  app.post(
    '/incidents/:id/close',
    {
      config: { auth: 'responder' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary: 'Close a resolved incident; severities that require a postmortem need postmortem_url',
        params: IdParams,
        body: CloseBody,
        response: { 200: Incident },
      },
    },
    (req) => closeIncident({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.post(
    '/incidents/:id/reopen',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Reopen a mitigated, resolved or closed incident: it is acknowledged again and pages nobody',
        params: IdParams,
        response: { 200: Incident },
      },
    },
    (req) => reopenIncident({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  roleRoutes(app);
}

function roleRoutes(app: TypedApp): void {
  app.get(
    '/incidents/:id/roles',
    {
      schema: {
        tags,
        summary: 'Who holds each incident role now, and every assignment since the incident began',
        params: IdParams,
        response: { 200: IncidentRoles },
      },
    },
    async (req) => {
      const incident = await findIncident(req.ctx.db, req.params.id);
      if (incident === undefined) throw NotFoundError.of('incident', req.params.id);
      return rolesView(req.ctx.db, incident.id);
    },
  );

  app.put(
    '/incidents/:id/roles/:role',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Give a role to a user; its current holder hands it over',
        params: RoleParams,
        body: AssignRoleBody,
        response: { 200: IncidentRoles },
      },
    },
    (req) =>
      assignRole({
        ctx: req.ctx,
        input: { id: req.params.id, role: req.params.role, user_id: req.body.user_id },
      }),
  );

  app.delete(
    '/incidents/:id/roles/:role',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Leave a role empty; the assignment stays in the history',
        params: RoleParams,
        response: { 200: IncidentRoles },
      },
    },
    (req) => unassignRole({ ctx: req.ctx, input: { id: req.params.id, role: req.params.role } }),
  );
}
