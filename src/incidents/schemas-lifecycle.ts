import { Type, type Static } from '@sinclair/typebox';

export const CloseBody = Type.Object(
  {
    postmortem_url: Type.Optional(
      Type.String({
        format: 'uri',
        maxLength: 2000,
        description: 'the postmortem; required to close when the severity requires one and none is attached',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;
