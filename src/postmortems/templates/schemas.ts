import { Type, type Static } from '@sinclair/typebox';
import { SEVERITY_NAMES } from '../../incidents/schemas.ts';
import { Name, PageQuery, StringEnum, Timestamp } from '../../platform/http/schema.ts';

export const SeverityName = StringEnum(SEVERITY_NAMES);

/** Section keys name a section across templates and postmortems (`root_cause`). */
export const SectionKey = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'e.g. `root_cause`',
});
const SectionTitle = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const TemplateSection = Type.Object(
  {
    key: SectionKey,
    title: SectionTitle,
    guidance: Type.String({ maxLength: 2000, description: 'one line on what the section should say' }),
  },
  { additionalProperties: false },
);
export type TemplateSectionView = Static<typeof TemplateSection>;

const Sections = Type.Array(TemplateSection, { minItems: 1, maxItems: 50 });

export const PostmortemTemplate = Type.Object({
  id: Type.String(),
  name: Type.String(),
  severity: Type.Union([SeverityName, Type.Null()], {
    description: 'postmortems of incidents of this severity start from it; null: any severity',
  }),
  sections: Type.Array(TemplateSection),
  is_default: Type.Boolean({ description: 'used when the severity has no template of its own' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type PostmortemTemplateView = Static<typeof PostmortemTemplate>;

export const CreatePostmortemTemplateInput = Type.Object(
  {
    name: Name,
    severity: Type.Optional(Type.Union([SeverityName, Type.Null()])),
    sections: Sections,
    is_default: Type.Optional(Type.Boolean({ description: 'true: becomes the default (the old one stops)' })),
  },
  { additionalProperties: false },
);
export type CreatePostmortemTemplateInput = Static<typeof CreatePostmortemTemplateInput>;

export const EditPostmortemTemplateInput = Type.Object(
  {
    name: Type.Optional(Name),
    severity: Type.Optional(Type.Union([SeverityName, Type.Null()])),
    sections: Type.Optional(Sections),
    is_default: Type.Optional(
      Type.Boolean({
        description: 'true: becomes the default; another template must be made the default instead of false',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EditPostmortemTemplateInput = Static<typeof EditPostmortemTemplateInput>;

export const ListPostmortemTemplatesQuery = Type.Object(
  { ...PageQuery, severity: Type.Optional(SeverityName) },
  { additionalProperties: false },
);
export type ListPostmortemTemplatesQuery = Static<typeof ListPostmortemTemplatesQuery>;
