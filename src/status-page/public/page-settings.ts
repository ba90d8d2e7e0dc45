import { randomInt } from 'node:crypto';
import type { Queryable } from '../../platform/db/connect.ts';
import { getOrCreateSetting } from '../../platform/db/settings-repository.ts';

/**
 * The page's settings as the public side reads them: the `status_page` key of the settings table,
 * with the defaults of the design (docs: /work/notes/design18.md "Settings"). Part A owns these
 * settings (src/status-page/settings.ts, getStatusPageSettings); until its branch is merged this
 * reads the same row the same way, and the merge replaces the body with a call to it.
 *
 * page_id is made once: the first reader inserts the defaults with a random id, and racing
 * nodes agree on whichever row went in (getOrCreateSetting).
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

export const SETTINGS_KEY = 'status_page';
const HEX = /^#[0-9a-fA-F]{6}$/;

function randomPageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]!).join('');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A stored time: ms, or an ISO string. */
function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

export async function readPublicSettings(
  db: Queryable,
  tocsinPublicUrl: string,
  now: number,
): Promise<PublicSettings> {
  const defaults = {
    name: 'Status',
    logo_url: null,
    brand_color: '#3b5bdb',
    public_url: null,
    time_zone: 'Etc/UTC',
    page_id: randomPageId(),
    updated_at: now,
  };
  const raw = await getOrCreateSetting(db, SETTINGS_KEY, JSON.stringify(defaults), now);
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null) stored = parsed as Record<string, unknown>;
  } catch {
    // A malformed row shows the defaults rather than taking the public page down.
  }
  const color = str(stored.brand_color);
  const logo = str(stored.logo_url);
  return {
    name: str(stored.name) ?? defaults.name,
    logo_url: logo !== undefined && /^https?:\/\//i.test(logo) ? logo : null,
    brand_color: color !== undefined && HEX.test(color) ? color : defaults.brand_color,
    public_url: (str(stored.public_url) ?? `${tocsinPublicUrl}/status`).replace(/\/+$/, ''),
    time_zone: str(stored.time_zone) ?? defaults.time_zone,
    page_id: str(stored.page_id) ?? defaults.page_id,
    updated_at: timeOf(stored.updated_at) ?? now,
  };
}
