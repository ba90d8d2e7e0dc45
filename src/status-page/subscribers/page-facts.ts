import type { Queryable } from '../../platform/db/connect.ts';
import { readPublicSettings } from '../public/page-settings.ts';

/**
 * What subscriber mail and webhooks say about the page: its name, id and public address, as the
 * public page has them. Subscription links point at the public URL's host.
 */
export interface PageFacts {
  id: string;
  name: string;
  /** The public page, e.g. https://example.com/status (no trailing slash). */
  url: string;
}

export async function pageFacts(
  db: Queryable,
  publicUrl: string,
  now: number = Date.now(),
): Promise<PageFacts> {
  const s = await readPublicSettings(db, publicUrl.replace(/\/+$/, ''), now);
  return { id: s.page_id, name: s.name, url: s.public_url };
}

/** The subscription endpoints sit under the public page's path (/status/...). */
export function subscriptionUrl(
  page: PageFacts,
  path: 'unsubscribe' | 'subscriptions/confirm',
  token: string,
) {
  return `${page.url}/${path}?token=${encodeURIComponent(token)}`;
}
