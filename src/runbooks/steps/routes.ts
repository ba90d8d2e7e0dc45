import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schema.ts';
import { decideRun, getRun, incidentRuns, requestRun } from './runs.ts';
import {
  CreateSecretInput,
  CreateStepInput,
  DryRun,
  EditStepInput,
  KillSwitches,
  PutSecretInput,
  RequestRunInput,
  Run,
  RunDecision,
  Secret,
  SecretName,
  SetKillSwitchInput,
  Step,
  StepParams,
} from './schemas.ts';
import { deleteSecret, listSecrets, putSecret } from './secrets.ts';
import { createStep, deleteStep, editStep, listSteps } from './steps.ts';
import { killSwitches, setKillSwitch } from './switch.ts';

/** Automated steps of runbooks, their runs, secrets and kill switches (under /api/v1). */
const tags = ['runbooks'];

export function stepRoutes(app: TypedApp): void {
  const key = app.deps.keys.runbookSecrets;
  const publicUrl = app.deps.config.publicUrl;

  app.get(
    '/runbooks/:id/steps',
    {
      schema: {
        tags,
        summary: "A runbook's automated steps, in order",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Step) }) },
      },
    },
    (req) => listSteps(req.ctx, req.params.id),
  );

  app.post(
    '/runbooks/:id/steps',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Add an automated step (an HTTP request); it needs approval unless marked safe',
        params: IdParams,
        body: CreateStepInput,
        response: { 201: Step },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createStep({ ctx: req.ctx, input: { ...req.body, runbookId: req.params.id } })),
  );

  app.patch(
    '/runbooks/:id/steps/:stepId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Change an automated step',
        params: StepParams,
        body: EditStepInput,
        response: { 200: Step },
      },
    },
    (req) =>
      editStep({ ctx: req.ctx, input: { ...req.body, runbookId: req.params.id, stepId: req.params.stepId } }),
  );

  app.delete(
    '/runbooks/:id/steps/:stepId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Remove an automated step',
        params: StepParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteStep({ ctx: req.ctx, input: { runbookId: req.params.id, stepId: req.params.stepId } });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/runbooks/:id/steps/:stepId/runs',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Run a step on an incident: a safe step is queued at once, another waits for approval; dry_run shows the exact request without sending it',
        params: StepParams,
        body: RequestRunInput,
        response: { 200: DryRun, 201: Run },
      },
    },
    async (req, reply) => {
      const out = await requestRun({
        ctx: req.ctx,
        input: { ...req.body, runbookId: req.params.id, stepId: req.params.stepId },
        publicUrl,
      });
      return 'dry_run' in out ? reply.status(200).send(out) : reply.status(201).send(out);
    },
  );

  app.get(
    '/incidents/:id/runbook-runs',
    {
      schema: {
        tags: ['runbooks', 'incidents'],
        summary: "The incident's runbook step runs, newest first",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Run) }) },
      },
    },
    (req) => incidentRuns(req.ctx, req.params.id),
  );

  app.get(
    '/runbook-runs/:id',
    { schema: { tags, summary: 'A run of a runbook step', params: IdParams, response: { 200: Run } } },
    (req) => getRun(req.ctx, req.params.id),
  );

  app.post(
    '/runbook-runs/:id/approve',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Approve a run (a second person with the role the step names)',
        params: IdParams,
        body: Type.Optional(RunDecision),
        response: { 200: Run },
      },
    },
    (req) =>
      decideRun({ ctx: req.ctx, input: { id: req.params.id, approve: true, reason: req.body?.reason } }),
  );

  app.post(
    '/runbook-runs/:id/reject',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Reject a run waiting for approval (or withdraw your own)',
        params: IdParams,
        body: Type.Optional(RunDecision),
        response: { 200: Run },
      },
    },
    (req) =>
      decideRun({ ctx: req.ctx, input: { id: req.params.id, approve: false, reason: req.body?.reason } }),
  );

  app.get(
    '/runbook-secrets',
    {
      schema: {
        tags,
        summary: 'Runbook secrets by name (never their values)',
        response: { 200: Type.Object({ data: Type.Array(Secret) }) },
      },
    },
    (req) => listSecrets(req.ctx.db),
  );

  app.post(
    '/runbook-secrets',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Add a secret steps can send as {{secrets.name}}; never shown again',
        body: CreateSecretInput,
        response: { 201: Secret },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await putSecret({ ctx: req.ctx, input: { ...req.body, replace: false }, key })),
  );

  app.put(
    '/runbook-secrets/:name',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Replace a secret's value",
        params: Type.Object({ name: SecretName }),
        body: PutSecretInput,
        response: { 200: Secret },
      },
    },
    (req) =>
      putSecret({
        ctx: req.ctx,
        input: { name: req.params.name, value: req.body.value, replace: true },
        key,
      }),
  );

  app.delete(
    '/runbook-secrets/:name',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Remove a secret no step sends',
        params: Type.Object({ name: SecretName }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteSecret({ ctx: req.ctx, input: { name: req.params.name } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/runbook-kill-switch',
    {
      schema: {
        tags,
        summary: 'The kill switches of automated steps: global and per service',
        response: { 200: KillSwitches },
      },
    },
    (req) => killSwitches(req.ctx.db),
  );

  app.put(
    '/runbook-kill-switch',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Turn a kill switch on (any responder: stops every pending and new step) or off (admins; a service team manager for theirs)',
        body: SetKillSwitchInput,
        response: { 200: KillSwitches },
      },
    },
    (req) => setKillSwitch({ ctx: req.ctx, input: req.body }),
  );
}
