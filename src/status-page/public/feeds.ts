import { renderMarkdown } from './markdown.ts';
import type { PageData } from './page-data.ts';
import type { V2Incident } from './statuspage-v2.ts';
import { statusLabel } from './html-kit.ts';

/**
 * The history as feeds: RSS 2.0 (https://www.rssboard.org/rss-specification) and Atom 1.0
 * (RFC 4287), one item per incident or maintenance (the 50 newest), its updates as the content.
 * Links are absolute, under the page's public URL (a feed reader has no page to resolve against).
 */

export const FEED_ITEMS = 50;

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** RFC 822 dates as RSS wants them (toUTCString is that format, with GMT). */
const rfc822 = (isoString: string) => new Date(isoString).toUTCString();

function items(data: PageData): V2Incident[] {
  return [...data.incidents, ...data.maintenances]
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
    .slice(0, FEED_ITEMS);
}

/** The item's content: every update, newest first, as HTML (escaped again by the XML). */
function content(i: V2Incident): string {
  const window =
    i.scheduled_for != null && i.scheduled_until != null
      ? `<p>Scheduled ${xml(i.scheduled_for)} to ${xml(i.scheduled_until)} (UTC)</p>`
      : '';
  const updates = i.incident_updates.map(
    (u) => `<p><strong>${statusLabel(u.status)}</strong> (${xml(u.display_at)})</p>${renderMarkdown(u.body)}`,
  );
  return window + updates.join('');
}

export function renderRss(data: PageData): string {
  const s = data.settings;
  const entries = items(data).map(
    (i) => `<item>
<title>${xml(i.name)}</title>
<link>${xml(i.shortlink)}</link>
<guid isPermaLink="true">${xml(i.shortlink)}</guid>
<pubDate>${rfc822(i.created_at)}</pubDate>
<description>${xml(content(i))}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xml(`${s.name} status`)}</title>
<link>${xml(s.public_url)}</link>
<description>${xml(`Incidents and scheduled maintenance of ${s.name}`)}</description>
<atom:link href="${xml(`${s.public_url}/history.rss`)}" rel="self" type="application/rss+xml"/>
<lastBuildDate>${rfc822(data.page.updated_at)}</lastBuildDate>
${entries.join('\n')}
</channel>
</rss>
`;
}

export function renderAtom(data: PageData): string {
  const s = data.settings;
  const entries = items(data).map(
    (i) => `<entry>
<id>${xml(i.shortlink)}</id>
<title>${xml(i.name)}</title>
<published>${i.created_at}</published>
<updated>${i.updated_at}</updated>
<link rel="alternate" type="text/html" href="${xml(i.shortlink)}"/>
<content type="html">${xml(content(i))}</content>
</entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${xml(`${s.public_url}/history`)}</id>
<title>${xml(`${s.name} status`)}</title>
<updated>${data.page.updated_at}</updated>
<link rel="self" type="application/atom+xml" href="${xml(`${s.public_url}/history.atom`)}"/>
<link rel="alternate" type="text/html" href="${xml(s.public_url)}"/>
<author><name>${xml(s.name)}</name></author>
${entries.join('\n')}
</feed>
`;
}
