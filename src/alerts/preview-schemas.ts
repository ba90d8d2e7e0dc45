import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../platform/http/schema.ts';
import { MatchersInput, ServiceIds } from '../silences/schemas.ts';
import { Alert } from './schemas.ts';

// What a silence or maintenance window would match among the open alerts, before it is saved:
// the same scope fields as creating one, nothing else.

export const SilencePreviewInput = Type.Object(
  {
    service_id: Type.Optional(Id('silence alerts of this service only')),
    matchers: Type.Optional(MatchersInput),
  },
  { additionalProperties: false },
);
export type SilencePreviewInput = Static<typeof SilencePreviewInput>;

export const WindowPreviewInput = Type.Object({ service_ids: ServiceIds }, { additionalProperties: false });
export type WindowPreviewInput = Static<typeof WindowPreviewInput>;

export const SHOWN_IN_PREVIEW = 50;

export const SuppressionPreview = Type.Object({
  data: Type.Array(Alert, { description: `the newest ${SHOWN_IN_PREVIEW} open alerts that match` }),
  total: Type.Integer({ minimum: 0, description: 'how many open (not resolved) alerts match' }),
  total_is_lower_bound: Type.Boolean({
    description: 'true when the scan stopped early (an alert storm): at least `total` match',
  }),
});
export type SuppressionPreviewView = Static<typeof SuppressionPreview>;
