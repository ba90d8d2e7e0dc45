import { randomBytes } from 'node:crypto';
import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { getOrCreateSetting, putSetting } from '../platform/db/settings-repository.ts';
import { ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { assertTimeZone } from '../users/validate.ts';
import type { StatusPageSettingsView, UpdateStatusPageSettingsInput } from './schemas.ts';

/**
 * The status page's settings: one JSON value in the `settings` table under `status_page`, so
 * every node reads the same and no table is needed for six fields. Only what was set is
 * stored; defaults are applied on read, so changing a default changes every page still on it.
 */
export const STATUS_PAGE_SETTINGS_KEY = 'status_page';

interface StoredSettings {
  name?: string;
  logo_url?: string | null;
  brand_color?: string;
  public_url?: string | null;
  time_zone?: string;
  page_id: string;
  updated_at?: number;
}

export const DEFAULT_BRAND_COLOR = '#3b5bdb';

/** 12 characters of [a-z0-9], Statuspage's page id shape. */
export function newPageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]!).join('');
}

/** The stored value, created on first use (migration 0012 seeds it; racing nodes agree on one page_id). */
async function readStored(db: Queryable, now: number): Promise<StoredSettings> {
  const seed = JSON.stringify({ page_id: newPageId() } satisfies StoredSettings);
  return JSON.parse(await getOrCreateSetting(db, STATUS_PAGE_SETTINGS_KEY, seed, now)) as StoredSettings;
}

/**
 * The settings with defaults filled in. `publicUrl` is TOCSIN_PUBLIC_URL, for the default page
 * address; without it a page that never set public_url has none (null).
 */
export async function getStatusPageSettings(
  db: Queryable,
  publicUrl?: string,
  now: number = Date.now(),
): Promise<StatusPageSettingsView> {
  const s = await readStored(db, now);
  const base = publicUrl === undefined ? null : `${publicUrl.replace(/\/+$/, '')}/status`;
  return {
    name: s.name ?? 'Status',
    logo_url: s.logo_url ?? null,
    brand_color: s.brand_color ?? DEFAULT_BRAND_COLOR,
    public_url: s.public_url ?? base,
    time_zone: s.time_zone ?? 'Etc/UTC',
    page_id: s.page_id,
    updated_at: s.updated_at === undefined ? null : iso(s.updated_at),
  };
}

function assertHttpUrl(field: string, value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new ValidationError(`body.${field}: must be an http or https URL`);
}

export async function updateStatusPageSettings({
  ctx,
  input,
  publicUrl,
}: {
  ctx: Ctx;
  input: UpdateStatusPageSettingsInput;
  publicUrl?: string;
}): Promise<StatusPageSettingsView> {
  requireRole(ctx.actor, 'admin');
  if (typeof input.logo_url === 'string') assertHttpUrl('logo_url', input.logo_url);
  if (typeof input.public_url === 'string') assertHttpUrl('public_url', input.public_url);
  if (input.time_zone !== undefined) assertTimeZone('body.time_zone', input.time_zone);
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const before = await getStatusPageSettings(ctx.db, publicUrl, now);
    const stored = await readStored(ctx.db, now);
    const next: StoredSettings = { ...stored, updated_at: now };
    if (input.name !== undefined) next.name = input.name;
    if (input.logo_url !== undefined) next.logo_url = input.logo_url;
    if (input.brand_color !== undefined) next.brand_color = input.brand_color.toLowerCase();
    if (input.public_url !== undefined) next.public_url = input.public_url;
    if (input.time_zone !== undefined) next.time_zone = input.time_zone;
    await putSetting(ctx.db, STATUS_PAGE_SETTINGS_KEY, JSON.stringify(next), now);
    const after = await getStatusPageSettings(ctx.db, publicUrl, now);
    await recordAudit(ctx, {
      action: 'status_page.settings.update',
      targetType: 'status_page',
      targetId: after.page_id,
      before,
      after,
    });
    return after;
  });
}
