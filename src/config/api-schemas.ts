import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../platform/http/schema.ts';
import { KIND_NAMES } from './schema.ts';

/** Bodies and answers of /api/v1/config/{plan,apply,export}. */

export const ConfigFileText = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 500, description: 'file name, used in error locations' }),
    content: Type.String({ maxLength: 4 * 1024 * 1024, description: 'the YAML text' }),
  },
  { additionalProperties: false },
);

export const ConfigRequest = Type.Object(
  {
    files: Type.Array(ConfigFileText, {
      minItems: 1,
      maxItems: 200,
      description: 'tocsin.yaml, or every file of a folder (merged as `tocsin apply -f DIR` does)',
    }),
    prune: Type.Optional(Type.Boolean({ description: 'delete objects that are not in the files' })),
    keys: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String({ maxLength: 128 }), {
        description: 'values of the environment variables named by key_from_env, read where the CLI runs',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ConfigRequest = Static<typeof ConfigRequest>;

const FieldChange = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });

export const PlanChange = Type.Object({
  kind: StringEnum(KIND_NAMES),
  name: Type.String(),
  op: StringEnum(['create', 'update', 'delete', 'replace'] as const),
  fields: Type.Array(FieldChange),
  items: Type.Array(
    Type.Object({
      list: Type.String(),
      op: StringEnum(['add', 'remove', 'change'] as const),
      key: Type.String(),
      fields: Type.Array(FieldChange),
    }),
  ),
  reason: Type.Optional(Type.String()),
});

export const PlanAnswer = Type.Object({
  changes: Type.Array(PlanChange),
  notes: Type.Array(Type.String()),
});

export const ApplyAnswer = Type.Object({
  changes: Type.Array(PlanChange),
  notes: Type.Array(Type.String()),
  keys: Type.Array(
    Type.Object(
      { service: Type.String(), integration: Type.String(), key: Type.String() },
      { description: 'generated for new integrations without key_from_env; shown only here' },
    ),
  ),
});

export const ExportAnswer = Type.Object({
  yaml: Type.String({ description: 'a tocsin.yaml that re-applies as a no-op' }),
  skipped: Type.Array(Type.String(), { description: 'references to deleted objects left out' }),
});
