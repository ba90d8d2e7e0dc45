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
 * Microsoft Teams incoming webhook (Workflows "post to a channel when a webhook request is received",
 * and the older Office 365 connector) carrying an Adaptive Card 1.4, the newest version Teams renders.
 * Buttons are Action.OpenUrl to the signed confirmation pages: Teams webhooks cannot receive submits.
 */

const MAX_INCIDENTS = 10;

// Adaptive Card named colours: the card has no arbitrary colours, only these accents.
const SEVERITY_COLOR: Record<string, string> = {
  critical: 'Attention',
  error: 'Attention',
  warning: 'Warning',
  info: 'Accent',
};

function openUrl(title: string, url: string) {
  return { type: 'Action.OpenUrl', title, url };
}

function incidentActions(i: PageIncident) {
  return [
    openUrl('Acknowledge', i.acknowledgeUrl),
    openUrl('Resolve', i.resolveUrl),
    openUrl('Open incident', i.url),
    ...(i.runbookUrl ? [openUrl('Runbook', i.runbookUrl)] : []),
  ];
}

function incidentElements(i: PageIncident, summaryMax: number) {
  return [
    {
      type: 'TextBlock',
      text: `${i.ref}: ${truncate(oneLine(i.title), 200)}`,
      weight: 'Bolder',
      color: SEVERITY_COLOR[i.severity] ?? 'Default',
      wrap: true,
    },
    { type: 'TextBlock', text: truncate(summaryOf(i), summaryMax), wrap: true },
    { type: 'FactSet', facts: incidentFacts(i).map((f) => ({ title: f.label, value: f.value })) },
  ];
}

export function teamsPayload(message: PageMessage) {
  const title = {
    type: 'TextBlock',
    text: messageTitle(message),
    size: 'Large',
    weight: 'Bolder',
    wrap: true,
  };
  const first = message.incidents[0];
  let body: unknown[];
  let actions: unknown[];
  if (isInformational(message) && first !== undefined) {
    body = [
      title,
      { type: 'TextBlock', text: truncate(message.text ?? '', 5000), wrap: true },
      {
        type: 'TextBlock',
        text: `${first.ref}: ${truncate(oneLine(first.title), 200)}`,
        weight: 'Bolder',
        color: SEVERITY_COLOR[first.severity] ?? 'Default',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: incidentFacts(first, message.kind).map((f) => ({ title: f.label, value: f.value })),
      },
      { type: 'TextBlock', text: informationalNote(message), isSubtle: true, size: 'Small', wrap: true },
    ];
    actions = [openUrl('Open incident', first.url)];
  } else if (message.kind === 'page' && first !== undefined) {
    body = [title, ...incidentElements(first, 2000)];
    actions = incidentActions(first);
  } else {
    // Per-incident buttons live in an ActionSet inside each incident's container.
    const shown = message.incidents.slice(0, MAX_INCIDENTS);
    body = [
      title,
      ...shown.map((i) => ({
        type: 'Container',
        separator: true,
        items: [...incidentElements(i, 500), { type: 'ActionSet', actions: incidentActions(i) }],
      })),
      ...(message.incidents.length > shown.length
        ? [
            {
              type: 'TextBlock',
              text: `${message.incidents.length - shown.length} more not shown`,
              isSubtle: true,
            },
          ]
        : []),
    ];
    actions = [];
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions,
        },
      },
    ],
  };
}

export const teamsProvider = {
  type: 'teams',
  send(message, address, ctx) {
    const body = JSON.stringify(teamsPayload(message));
    return postMessage({ url: address, body, contentType: 'application/json' }, message, ctx);
  },
} satisfies ChannelProvider;
