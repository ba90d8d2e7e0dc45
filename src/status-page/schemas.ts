import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Timestamp } from '../platform/http/schema.ts';
import { COMPONENT_STATUSES, IMPACTS, UPDATE_STATUSES } from './statuses.ts';

/** Schemas shared by the status page's admin API: its vocabularies and the page settings. */

export const ComponentStatusSchema = StringEnum(
  COMPONENT_STATUSES,
  'operational, under_maintenance, degraded_performance, partial_outage or major_outage',
);
export const UpdateStatusSchema = StringEnum(
  UPDATE_STATUSES,
  'incidents: investigating, identified, monitoring, resolved; maintenance: scheduled, in_progress, verifying, completed',
);
export const ImpactSchema = StringEnum(IMPACTS, 'none, minor, major, critical (maintenance: maintenance)');

const HttpUrl = Type.String({ minLength: 1, maxLength: 2000, description: 'an http or https URL' });
const BrandColor = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: '#RRGGBB' });

export const StatusPageSettings = Type.Object({
  name: Type.String({ description: 'shown as the page title' }),
  logo_url: Type.Union([Type.String(), Type.Null()]),
  brand_color: Type.String({ description: '#RRGGBB' }),
  public_url: Type.Union([Type.String(), Type.Null()], {
    description: 'where the page is reachable; default TOCSIN_PUBLIC_URL + /status',
  }),
  time_zone: Type.String({ description: 'IANA time zone of the page (times without JavaScript are UTC)' }),
  page_id: Type.String({ description: "the page's id in the Statuspage API shapes; never changes" }),
  updated_at: Type.Union([Timestamp, Type.Null()], { description: 'null until first edited' }),
});
export type StatusPageSettingsView = Static<typeof StatusPageSettings>;

export const UpdateStatusPageSettingsInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    logo_url: Type.Optional(Type.Union([HttpUrl, Type.Null()], { description: 'null removes it' })),
    brand_color: Type.Optional(BrandColor),
    public_url: Type.Optional(
      Type.Union([HttpUrl, Type.Null()], { description: 'null: TOCSIN_PUBLIC_URL + /status' }),
    ),
    time_zone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStatusPageSettingsInput = Static<typeof UpdateStatusPageSettingsInput>;
