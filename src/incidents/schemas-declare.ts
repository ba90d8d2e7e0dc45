import { Type, type Static } from '@sinclair/typebox';
import { Id, StringEnum } from '../platform/http/schema.ts';
import { SEVERITY_NAMES } from './schemas.ts';

export const MAX_INCIDENT_SERVICES = 10;

const Title = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' });
const Description = Type.String({ maxLength: 10_000 });

export const DeclareIncidentBody = Type.Object(
  {
    title: Title,
    service_ids: Type.Array(Id('a service'), {
      minItems: 1,
      maxItems: MAX_INCIDENT_SERVICES,
      uniqueItems: true,
      description: "the services it affects; the first one's escalation policy pages for it",
    }),
    severity: StringEnum(SEVERITY_NAMES),
    description: Type.Optional(Description),
    urgency: Type.Optional(StringEnum(['high', 'low'], 'default: high if the severity pages, else low')),
  },
  { additionalProperties: false },
);
export type DeclareIncidentBody = Static<typeof DeclareIncidentBody>;

export const UpdateIncidentBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    severity: Type.Optional(
      StringEnum(
        SEVERITY_NAMES,
        'rising into a paging (24x7) severity while triggered or acknowledged pages the incident again',
      ),
    ),
    service_ids: Type.Optional(
      Type.Array(Id('a service'), {
        minItems: 1,
        maxItems: MAX_INCIDENT_SERVICES,
        uniqueItems: true,
        description: "replaces the affected services; the first must stay the incident's own service",
      }),
    ),
    postmortem_url: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()], {
        description: 'an http(s) URL; null removes it',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateIncidentBody = Static<typeof UpdateIncidentBody>;
