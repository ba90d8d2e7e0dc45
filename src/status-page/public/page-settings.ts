import type { Queryable } from '../../platform/db/connect.ts';
import { STATUS_PAGE_SETTINGS_KEY, getStatusPageSettings } from '../settings.ts';

/**
 * The page's settings as the public side reads them: the admin's settings
 * (src/status-page/settings.ts) with the page address always filled in, from TOCSIN_PUBLIC_URL
 * when no public_url was set, and times as milliseconds.
 */
export interface PublicSettings {
  name: string;
  logo_url: string | null;
  brand_color: string;
  public_url: string;
  time_zone: string;
  page_id: string;
  updated_at: number;
}

export const SETTINGS_KEY = STATUS_PAGE_SETTINGS_KEY;

export async function readPublicSettings(
  db: Queryable,
  tocsinPublicUrl: string,
  now: number,
): Promise<PublicSettings> {
  const s = await getStatusPageSettings(db, tocsinPublicUrl, now);
  return {
    name: s.name,
    logo_url: s.logo_url,
    brand_color: s.brand_color,
    public_url: (s.public_url ?? `${tocsinPublicUrl}/status`).replace(/\/+$/, ''),
    time_zone: s.time_zone,
    page_id: s.page_id,
    updated_at: s.updated_at === null ? now : Date.parse(s.updated_at),
  };
}
