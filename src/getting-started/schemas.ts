import { type Static, Type } from '@sinclair/typebox';
import { StringEnum } from '../platform/http/schema.ts';

/** The steps in the order a person follows them: each needs the ones before it. */
export const GETTING_STARTED_STEPS = [
  'team',
  'person',
  'schedule',
  'escalation_policy',
  'service',
  'integration',
  'test_alert',
] as const;

export const GettingStartedStep = Type.Object({
  key: StringEnum(GETTING_STARTED_STEPS),
  done: Type.Boolean(),
  id: Type.Union([Type.String(), Type.Null()], {
    description:
      'what the step links to: the team, person, schedule, policy or service that does it (or the service to finish it on); for test_alert the incident (acknowledged when done, else the newest open one from an integration)',
  }),
});

export const GettingStartedView = Type.Object({
  steps: Type.Array(GettingStartedStep),
  done: Type.Integer({ minimum: 0, description: 'how many steps are done' }),
  total: Type.Integer({ minimum: 1 }),
});

export type GettingStartedStepKey = (typeof GETTING_STARTED_STEPS)[number];
export type GettingStartedView = Static<typeof GettingStartedView>;
