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
 * Slack incoming webhook with Block Kit. `text` is the fallback Slack shows in notifications and
 * screen readers; `blocks` is the message. Buttons are link buttons (`url`), so they work without a
 * Slack app handling interactions: they open Tocsin's signed confirmation pages.
 * Limits respected: 50 blocks, header 150 chars, section text 3000, field 2000, button text 75.
 */

// header + context + 3 blocks per incident stays far below Slack's 50.
const MAX_INCIDENTS = 10;

/** mrkdwn treats &, < and > as control characters; everything else is literal enough. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inside `<url|label>` a `|`, `<` or `>` would end the URL early; percent-encoding keeps it intact. */
function linkTarget(url: string): string {
  return url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

function plain(text: string, max: number) {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

function mrkdwn(text: string) {
  return { type: 'mrkdwn', text };
}

function button(text: string, url: string, actionId: string, style?: 'primary' | 'danger') {
  return { type: 'button', text: plain(text, 75), url, action_id: actionId, ...(style ? { style } : {}) };
}

function incidentBlocks(i: PageIncident, summaryMax: number) {
  const link = `<${linkTarget(i.url)}|${slackEscape(`${i.ref}: ${truncate(oneLine(i.title), 200)}`)}>`;
  const summary = slackEscape(truncate(summaryOf(i), summaryMax));
  const runbook = i.runbookUrl ? `\n<${linkTarget(i.runbookUrl)}|Runbook>` : '';
  return [
    {
      type: 'section',
      text: mrkdwn(`*${link}*\n${summary}${runbook}`),
      fields: incidentFacts(i).map((f) => mrkdwn(`*${f.label}*\n${slackEscape(truncate(f.value, 200))}`)),
    },
    {
      type: 'actions',
      block_id: `incident:${i.id}`,
      elements: [
        button('Acknowledge', i.acknowledgeUrl, `ack:${i.id}`, 'primary'),
        button('Resolve', i.resolveUrl, `resolve:${i.id}`),
        button('Open incident', i.url, `open:${i.id}`),
        ...(i.runbookUrl ? [button('Runbook', i.runbookUrl, `runbook:${i.id}`)] : []),
      ],
    },
  ];
}

/** An update or reminder: its text, the incident's facts and a link to it; nothing to act on. */
function informationalPayload(message: PageMessage, i: PageIncident, now: number) {
  const link = `<${linkTarget(i.url)}|${slackEscape(`${i.ref}: ${truncate(oneLine(i.title), 200)}`)}>`;
  const when = `<!date^${Math.floor(now / 1000)}^{date_short_pretty} {time}|${new Date(now).toISOString()}>`;
  return {
    text: slackEscape(messageTitle(message)),
    blocks: [
      { type: 'header', text: plain(messageTitle(message), 150) },
      { type: 'section', text: mrkdwn(slackEscape(truncate(message.text ?? '', 2900))) },
      {
        type: 'section',
        text: mrkdwn(`*${link}*`),
        fields: incidentFacts(i, message.kind).map((f) =>
          mrkdwn(`*${f.label}*\n${slackEscape(truncate(f.value, 200))}`),
        ),
      },
      {
        type: 'actions',
        block_id: `incident:${i.id}`,
        elements: [button('Open incident', i.url, `open:${i.id}`)],
      },
      {
        type: 'context',
        elements: [mrkdwn(`Tocsin, ${when}. ${slackEscape(informationalNote(message))}`)],
      },
    ],
  };
}

export function slackPayload(message: PageMessage, now: number) {
  const first = message.incidents[0];
  if (isInformational(message) && first !== undefined) return informationalPayload(message, first, now);
  const shown = message.incidents.slice(0, MAX_INCIDENTS);
  const summaryMax = message.kind === 'page' ? 2500 : 500;
  const body = shown.flatMap((i, n) => [
    ...(n > 0 ? [{ type: 'divider' }] : []),
    ...incidentBlocks(i, summaryMax),
  ]);
  const hidden = message.incidents.length - shown.length;
  const context = [
    `Tocsin paged ${slackEscape(message.recipient.name)} at <!date^${Math.floor(now / 1000)}^{date_short_pretty} {time}|${new Date(now).toISOString()}>`,
    ...(hidden > 0 ? [`${hidden} more not shown`] : []),
  ];
  return {
    text: slackEscape(messageTitle(message)),
    blocks: [
      { type: 'header', text: plain(messageTitle(message), 150) },
      ...body,
      { type: 'context', elements: context.map(mrkdwn) },
    ],
  };
}

export const slackProvider = {
  type: 'slack',
  send(message, address, ctx) {
    const body = JSON.stringify(slackPayload(message, ctx.now()));
    return postMessage({ url: address, body, contentType: 'application/json' }, message, ctx);
  },
} satisfies ChannelProvider;
