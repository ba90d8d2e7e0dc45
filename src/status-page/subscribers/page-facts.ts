import type { Queryable } from '../../platform/db/connect.ts';
import { getSetting } from '../../platform/db/settings-repository.ts';

/**
 * What subscriber mail and webhooks say about the page: its name, id and public address. Read
 * from the `status_page` setting (design: part A owns it; its getStatusPageSettings in
 * src/status-page/settings.ts applies the same defaults and should replace this reader once
 * merged). Subscription links point at the public URL's host.
 */
export interface PageFacts {
  id: string;
  name: string;
  /** The public page, e.g. https://example.com/status (no trailing slash). */
  url: string;
}

export async function pageFacts(db: Queryable, publicUrl: string): Promise<PageFacts> {
  const raw = await getSetting(db, 'status_page');
  let stored: { name?: unknown; page_id?: unknown; public_url?: unknown } = {};
  try {
    if (raw !== undefined) stored = JSON.parse(raw) as typeof stored;
  } catch {
    // A broken setting falls back to the defaults, as the settings reader does.
  }
  const url =
    typeof stored.public_url === 'string' && stored.public_url !== ''
      ? stored.public_url
      : `${publicUrl.replace(/\/+$/, '')}/status`;
  return {
    id: typeof stored.page_id === 'string' ? stored.page_id : '',
    name: typeof stored.name === 'string' && stored.name !== '' ? stored.name : 'Status',
    url: url.replace(/\/+$/, ''),
  };
}

/** The subscription endpoints sit under the public page's path (/status/...). */
export function subscriptionUrl(
  page: PageFacts,
  path: 'unsubscribe' | 'subscriptions/confirm',
  token: string,
) {
  return `${page.url}/${path}?token=${encodeURIComponent(token)}`;
}
