import type { TypedApp } from '../platform/http/app.ts';
import { IdParams } from '../platform/http/schema.ts';
import { declareIncident } from './declare.ts';
import { updateIncident } from './edit.ts';
import { DeclareIncidentBody, UpdateIncidentBody } from './schemas-declare.ts';
import { Incident } from './schemas.ts';

const tags = ['incidents'];

export function declareRoutes(app: TypedApp): void {
  app.post(
    '/incidents',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: "Declare an incident by hand; the first service's escalation policy pages for it",
        body: DeclareIncidentBody,
        response: { 201: Incident },
      },
    },
    async (req, reply) => reply.status(201).send(await declareIncident({ ctx: req.ctx, input: req.body })),
  );

  app.patch(
    '/incidents/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Edit title, description, severity, services or postmortem link; rising into a paging severity pages again',
        params: IdParams,
        body: UpdateIncidentBody,
        response: { 200: Incident },
      },
    },
    (req) => updateIncident({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );
}
