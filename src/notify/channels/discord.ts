import {
  incidentFacts,
  informationalNote,
  isInformational,
  messageTitle,
  oneLine,
  summaryOf,
  truncate,
} from '../render.ts';
import { postMessage } from './http.ts';
import type { ChannelProvider, PageIncident, PageMessage } from './types.ts';

/**
 * Discord webhook: `content` (what notifications show) plus one embed per incident. Limits respected:
 * content 2000, 10 embeds, title 256, description 4096, field value 1024, 6000 characters in all.
 * `allowed_mentions: {parse: []}` so an alert summary containing @everyone or <@id> pings nobody.
 */

const MAX_EMBEDS = 10;

const SEVERITY_COLOR: Record<string, number> = {
  critical: 0xd32f2f,
  error: 0xf57c00,
  warning: 0xfbc02d,
  info: 0x1976d2,
};
const DEFAULT_COLOR = 0x9e9e9e;

/** Backslash-escapes Discord markdown so alert text cannot forge links or formatting. */
export function discordEscape(text: string): string {
  return text.replace(/[\\*_~`|[\]<>#]/g, '\\$&');
}

export function severityColor(severity: string): number {
  return SEVERITY_COLOR[severity] ?? DEFAULT_COLOR;
}

function embed(i: PageIncident, summaryMax: number) {
  const links = [
    `[Acknowledge](${i.acknowledgeUrl})`,
    `[Resolve](${i.resolveUrl})`,
    ...(i.runbookUrl ? [`[Runbook](${i.runbookUrl})`] : []),
  ].join(' · ');
  return {
    title: truncate(`${i.ref}: ${oneLine(i.title)}`, 256),
    url: i.url,
    description: discordEscape(truncate(summaryOf(i), summaryMax)),
    color: severityColor(i.severity),
    fields: [
      ...incidentFacts(i).map((f) => ({
        name: f.label,
        value: discordEscape(truncate(f.value, 200)),
        inline: true,
      })),
      { name: 'Respond', value: links, inline: false },
    ],
    timestamp: new Date(i.createdAt).toISOString(),
    footer: { text: 'Tocsin' },
  };
}

/** An update or reminder: the text as the embed's description, no action links. */
function informationalEmbed(message: PageMessage, i: PageIncident) {
  return {
    title: truncate(`${i.ref}: ${oneLine(i.title)}`, 256),
    url: i.url,
    description: discordEscape(truncate(message.text ?? '', 3000)),
    color: severityColor(i.severity),
    fields: incidentFacts(i, message.kind).map((f) => ({
      name: f.label,
      value: discordEscape(truncate(f.value, 200)),
      inline: true,
    })),
    timestamp: new Date(message.at).toISOString(),
    footer: { text: `Tocsin. ${informationalNote(message)}` },
  };
}

export function discordPayload(message: PageMessage) {
  const first = message.incidents[0];
  if (isInformational(message) && first !== undefined) {
    return {
      content: discordEscape(truncate(messageTitle(message), 1900)),
      embeds: [informationalEmbed(message, first)],
      allowed_mentions: { parse: [] },
    };
  }
  const shown = message.incidents.slice(0, MAX_EMBEDS);
  // Keeps all embeds together under Discord's 6000-character total.
  const summaryMax = message.kind === 'page' ? 2000 : 200;
  const hidden = message.incidents.length - shown.length;
  const content = `${messageTitle(message)}${hidden > 0 ? ` (${hidden} more not shown)` : ''}`;
  return {
    content: discordEscape(truncate(content, 1900)),
    embeds: shown.map((i) => embed(i, summaryMax)),
    allowed_mentions: { parse: [] },
  };
}

export const discordProvider = {
  type: 'discord',
  send(message, address, ctx) {
    const body = JSON.stringify(discordPayload(message));
    return postMessage({ url: address, body, contentType: 'application/json' }, message, ctx);
  },
} satisfies ChannelProvider;
