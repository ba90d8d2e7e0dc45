import { escapeHtml } from '../../notify/channels/email.ts';
import type { Row } from '../../platform/db/tables.ts';
import { iso } from '../../platform/http/schema.ts';
import { renderMarkdown } from '../public/markdown.ts';
import type { PageFacts } from './page-facts.ts';

/**
 * What subscribers receive. Mail: the update's text with a link to the incident's page and to
 * unsubscribe (also in List-Unsubscribe, RFC 2369/8058), as a text/plain part (the body's
 * Markdown as written: readable as it is, link targets kept) and a text/html part (the body
 * rendered by the status page's own renderer, so raw HTML in it never reaches a mail). Webhooks: Statuspage's incident-update
 * payload, `{meta, page, incident}` with the incident's updates newest first, so receivers built
 * for Statuspage read ours.
 */
export const WEBHOOK_DOCUMENTATION = 'https://github.com/tocsin/tocsin#status-page-subscribers';

const STATUS_LABEL: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

/** Statuspage's page indicator and its words, from the open incidents' impacts. */
const INDICATORS = [
  ['none', 'All Systems Operational'],
  ['minor', 'Minor Service Outage'],
  ['major', 'Partial System Outage'],
  ['critical', 'Major System Outage'],
] as const;

export function pageStatus(impacts: string[]): { indicator: string; description: string } {
  let worst = 0;
  for (const impact of impacts)
    worst = Math.max(
      worst,
      INDICATORS.findIndex(([name]) => name === impact),
    );
  const [indicator, description] = INDICATORS[worst]!;
  return { indicator, description };
}

export interface UpdateFacts {
  incident: Row<'status_incidents'>;
  update: Row<'status_incident_updates'>;
  /** Every update of the incident, newest first. */
  updates: Row<'status_incident_updates'>[];
  components: { id: string; name: string; status: string; position: number }[];
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** RFC 8058: a one-click POST to the https link unsubscribes, without a page in between. */
function listHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // RFC 3834: keeps vacation responders from answering every update.
    'Auto-Submitted': 'auto-generated',
  };
}

/** Plain text as one HTML paragraph, its line breaks kept. */
function para(text: string): string {
  return `<p style="white-space:pre-wrap">${escapeHtml(text)}</p>`;
}

/** `blocks` are HTML already (escaped paragraphs, rendered Markdown). */
function mailHtml(blocks: string[], links: { href: string; text: string }[], footer: string): string {
  return [
    '<!doctype html>',
    '<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222">',
    ...blocks,
    ...links.map((l) => `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></p>`),
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
}

export function confirmMail(page: PageFacts, confirmUrl: string, unsubscribeUrl: string): MailContent {
  const intro = `Someone (hopefully you) asked to get status updates from ${page.name} at this address.`;
  const ask =
    'Confirm with the link below; until then nothing else is sent. If it was not you, ignore this mail.';
  return {
    subject: `[${page.name}] Confirm your subscription`,
    text: `${intro}\n\n${ask}\n\nConfirm: ${confirmUrl}\n\nUnsubscribe: ${unsubscribeUrl}\n`,
    html: mailHtml(
      [para(intro), para(ask)],
      [
        { href: confirmUrl, text: 'Confirm subscription' },
        { href: unsubscribeUrl, text: 'Unsubscribe' },
      ],
      `${page.name} status page.`,
    ),
    headers: listHeaders(unsubscribeUrl),
  };
}

function incidentUrl(page: PageFacts, incidentId: string): string {
  return `${page.url}/incidents/${incidentId}`;
}

export function updateMail(page: PageFacts, f: UpdateFacts, unsubscribeUrl: string): MailContent {
  const status = STATUS_LABEL[f.update.status] ?? f.update.status;
  const when = new Date(f.update.display_at).toISOString().replace('T', ' ').slice(0, 16);
  const components = f.components.map((c) => c.name).join(', ');
  const posted = `Posted ${when} UTC.${components === '' ? '' : ` Affects: ${components}.`}`;
  const url = incidentUrl(page, f.incident.id);
  return {
    subject: `[${page.name}] ${f.incident.name}: ${status}`,
    text: `${f.incident.name}\n\n${status}: ${f.update.body}\n\n${posted}\n\nMore: ${url}\n\nUnsubscribe: ${unsubscribeUrl}\n`,
    html: mailHtml(
      [
        `<p><strong>${escapeHtml(f.incident.name)}</strong></p>`,
        `<p><strong>${escapeHtml(status)}</strong></p>`,
        renderMarkdown(f.update.body),
        para(posted),
      ],
      [
        { href: url, text: 'Open the incident on the status page' },
        { href: unsubscribeUrl, text: 'Unsubscribe' },
      ],
      `You get this because you subscribed to ${page.name}.`,
    ),
    headers: listHeaders(unsubscribeUrl),
  };
}

function updateJson(u: Row<'status_incident_updates'>) {
  return {
    id: u.id,
    incident_id: u.status_incident_id,
    status: u.status,
    body: u.body,
    display_at: iso(u.display_at),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    affected_components: JSON.parse(u.affected_components) as unknown,
    deliver_notifications: u.deliver_notifications === 1,
  };
}

/** Statuspage's incident-update webhook body. */
export function updateWebhook(
  page: PageFacts,
  status: { indicator: string; description: string },
  f: UpdateFacts,
  unsubscribeUrl: string,
) {
  const i = f.incident;
  return {
    meta: { unsubscribe: unsubscribeUrl, documentation: WEBHOOK_DOCUMENTATION },
    page: { id: page.id, status_indicator: status.indicator, status_description: status.description },
    incident: {
      id: i.id,
      name: i.name,
      status: i.status,
      impact: i.impact,
      shortlink: incidentUrl(page, i.id),
      page_id: page.id,
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      started_at: iso(i.started_at),
      monitoring_at: iso(i.monitoring_at),
      resolved_at: iso(i.resolved_at),
      scheduled_for: iso(i.scheduled_for),
      scheduled_until: iso(i.scheduled_until),
      scheduled_auto_transition: i.auto_transition === 1,
      components: f.components.map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status,
        position: c.position,
      })),
      incident_updates: f.updates.map(updateJson),
    },
  };
}
