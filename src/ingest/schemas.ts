import { Type, type Static } from '@sinclair/typebox';

/** The answer of POST /api/v1/integrations/:id/test (test-alert.ts). */
export const TestAlertAnswer = Type.Object({
  outcome: Type.String({
    description: 'created, or suppressed when a silence or maintenance window matches',
  }),
  alert_id: Type.Union([Type.String(), Type.Null()]),
  incident_id: Type.Union([Type.String(), Type.Null()]),
  incident_ref: Type.Union([Type.String({ description: 'INC-n' }), Type.Null()]),
});
export type TestAlertResult = Static<typeof TestAlertAnswer>;
