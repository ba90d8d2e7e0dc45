import { Type } from '@sinclair/typebox';
import { CreateStepInput } from '../runbooks/steps/schemas.ts';

/**
 * A runbook's automated steps in tocsin.yaml, from the step API's own field schemas. The file has
 * no `position`: steps run in the order listed. Secrets are named in templates only
 * (`{{secrets.NAME}}`); their values are set by admins in the API and never written here.
 */

const step = CreateStepInput.properties;

export const MAX_STEPS = 100;

export const ConfigStep = Type.Object(
  {
    name: Type.String({
      minLength: step.name.minLength,
      maxLength: step.name.maxLength,
      pattern: step.name.pattern,
      description: 'names the step; unique within its runbook',
    }),
    method: step.method,
    url: step.url,
    headers: step.headers,
    body: step.body,
    timeout_seconds: step.timeout_seconds,
    expected_status: step.expected_status,
    approval: step.approval,
    approver_role: step.approver_role,
    auto_run: step.auto_run,
    auto_run_per_hour: step.auto_run_per_hour,
  },
  {
    additionalProperties: false,
    description:
      'an automated step (an HTTP request), matched by name within its runbook. Defaults: method POST, no headers or body, timeout_seconds 10, any 2xx is success, approval "approval" (a second person approves; "safe" runs when a responder clicks Run), approver_role responder, auto_run false, auto_run_per_hour 3',
  },
);
