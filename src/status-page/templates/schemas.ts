import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, Timestamp } from '../../platform/http/schema.ts';
import { UpdateStatusSchema } from '../schemas.ts';

const Title = Type.String({ maxLength: 200, description: 'an incident name; {{service}} ... filled in' });
const Body = Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S', description: 'Markdown' });

export const StatusTemplate = Type.Object({
  id: Type.String(),
  name: Type.String(),
  update_status: UpdateStatusSchema,
  title: Type.String(),
  body: Type.String({ description: 'variables: {{service}}, {{component}}, {{start_time}}, {{time}}' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type StatusTemplateView = Static<typeof StatusTemplate>;

export const CreateTemplateInput = Type.Object(
  { name: Name, update_status: UpdateStatusSchema, title: Type.Optional(Title), body: Body },
  { additionalProperties: false },
);
export type CreateTemplateInput = Static<typeof CreateTemplateInput>;

export const UpdateTemplateInput = Type.Object(
  {
    name: Type.Optional(Name),
    update_status: Type.Optional(UpdateStatusSchema),
    title: Type.Optional(Title),
    body: Type.Optional(Body),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTemplateInput = Static<typeof UpdateTemplateInput>;

export const ListTemplatesQuery = Type.Object(
  { ...PageQuery, update_status: Type.Optional(UpdateStatusSchema) },
  { additionalProperties: false },
);
export type ListTemplatesQuery = Static<typeof ListTemplatesQuery>;

export const RenderTemplateInput = Type.Object(
  {
    status_incident_id: Type.Optional(Id('fill in from this public incident or maintenance')),
    incident_id: Type.Optional(Id('fill in from this internal incident (id or INC-n)')),
  },
  { additionalProperties: false },
);
export type RenderTemplateInput = Static<typeof RenderTemplateInput>;

export const RenderedTemplate = Type.Object({
  title: Type.String(),
  body: Type.String(),
});
export type RenderedTemplateView = Static<typeof RenderedTemplate>;
