import type { PageIncident, PageMessage } from './channels/types.ts';

/**
 * Plain-text renderings of a PageMessage shared by the channels: one title, one body, a short SMS and a
 * voice script. Rich channels (Slack, Teams, Discord, HTML email) build their own layout from the same
 * pieces so every channel says the same thing.
 */

/** Keeps a page to a few concatenated segments (153 GSM-7 characters each): every segment is billed. */
export const SMS_MAX_LENGTH = 320;

/** Cuts at a code point (never half a surrogate pair) and marks the cut, all within `max`. */
export function truncate(text: string, max: number, mark = '…'): string {
  if (text.length <= max) return text;
  if (max <= mark.length) return '';
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - mark.length) break;
    out += ch;
  }
  return `${out.trimEnd()}${mark}`;
}

/** Collapses newlines and runs of spaces: titles, subjects and SMS are one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The newest alert's summary, or the incident title when an alert carried none. */
export function summaryOf(i: PageIncident): string {
  return i.summary.trim() === '' ? i.title : i.summary.trim();
}

/** `INC-42 critical: <summary>` on one line. */
export function incidentHeadline(i: PageIncident, maxSummary = 150): string {
  return `${i.ref} ${i.severity}: ${truncate(oneLine(summaryOf(i)), maxSummary)}`;
}

/** `[Tocsin] INC-42 critical: <summary>` for a page, `[Tocsin] 3 incidents need you` for a bundle. */
export function messageTitle(m: PageMessage): string {
  const first = m.incidents[0];
  if (m.kind === 'page' && first !== undefined) return `[Tocsin] ${incidentHeadline(first)}`;
  const n = m.incidents.length;
  return `[Tocsin] ${n} incident${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} you`;
}

/** The short facts every rich layout shows as fields, in this order. */
export function incidentFacts(i: PageIncident): { label: string; value: string }[] {
  return [
    { label: 'Service', value: i.service.name },
    { label: 'Severity', value: i.severity },
    { label: 'Urgency', value: i.urgency },
    { label: 'Status', value: i.status },
  ];
}

export const CONFIRMATION_NOTE = 'The acknowledge and resolve links ask for confirmation before they act.';

function incidentText(i: PageIncident): string[] {
  const pad = (label: string) => `${label}:`.padEnd(13);
  const summary = summaryOf(i).replace(/\n/g, `\n${' '.repeat(13)}`);
  return [
    `${i.ref}: ${oneLine(i.title)}`,
    ...incidentFacts(i).map((f) => `${pad(f.label)}${f.value}`),
    `${pad('Summary')}${summary}`,
    ...(i.runbookUrl ? [`${pad('Runbook')}${i.runbookUrl}`] : []),
    `${pad('Incident')}${i.url}`,
    `${pad('Acknowledge')}${i.acknowledgeUrl}`,
    `${pad('Resolve')}${i.resolveUrl}`,
  ];
}

/** The plain-text body (the email text part): every field and every link of every incident. */
export function renderText(m: PageMessage): string {
  const blocks = m.incidents.map((i) => incidentText(i).join('\n'));
  const intro =
    m.kind === 'bundle'
      ? [`${m.incidents.length} incidents need you, ${m.recipient.name}.`]
      : [`${m.recipient.name}, you are being paged.`];
  return [...intro, ...blocks, `-- \nTocsin. ${CONFIRMATION_NOTE}`].join('\n\n') + '\n';
}

/**
 * At most SMS_MAX_LENGTH characters, and the links always whole: the summary is what gets cut. For a
 * bundle, each incident's acknowledge link is added while it fits (the first one always); the rest are
 * still named by ref. Links are never cut: a text that cannot be acted on is worse than a longer one,
 * so when the links alone exceed the limit (long public URL or tokens) the text does too.
 */
export function renderSms(m: PageMessage, max = SMS_MAX_LENGTH): string {
  const first = m.incidents[0];
  if (m.kind === 'page' && first !== undefined) {
    const links = `\nAck: ${first.acknowledgeUrl}\nResolve: ${first.resolveUrl}`;
    const fixed = `Tocsin ${first.ref} ${first.severity} `;
    // The service name gets what the links leave (up to 40), then the summary what is left after that.
    const serviceRoom = Math.min(40, max - links.length - fixed.length);
    const head =
      serviceRoom >= 4
        ? `${fixed}${truncate(oneLine(first.service.name), serviceRoom, '...')}`
        : fixed.trimEnd();
    const room = max - head.length - links.length - 2;
    // "…" is outside the GSM-7 alphabet and would switch the whole text to UCS-2 (70 per segment).
    const summary = room >= 10 ? `: ${truncate(oneLine(summaryOf(first)), room, '...')}` : '';
    return `${head}${summary}${links}`;
  }
  const refs = m.incidents.map((i) => `${i.ref} ${i.severity}`);
  let head = `Tocsin: ${m.incidents.length} incidents need you: ${refs.join(', ')}`;
  for (let shown = refs.length - 1; head.length > max / 2 && shown > 0; shown--) {
    head = `Tocsin: ${m.incidents.length} incidents need you: ${refs.slice(0, shown).join(', ')}, +${refs.length - shown} more`;
  }
  let text = head;
  for (const i of m.incidents) {
    const line = `\nAck ${i.ref}: ${i.acknowledgeUrl}`;
    if (text !== head && text.length + line.length > max) break;
    text += line;
  }
  return text;
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

/** Text for speech: URLs are noise read aloud, so they go. */
function speakable(text: string, max: number): string {
  // Trailing punctuation is dropped because the script adds its own full stops.
  return truncate(oneLine(text.replace(URL_PATTERN, ' ')).replace(/[\s.!?;:,]+$/, ''), max);
}

/** `INC-42` reads as "INC dash 42"; "Incident 42" is what a person would say. */
function spokenRef(ref: string): string {
  const n = /^INC-(\d+)$/.exec(ref);
  return n ? `Incident ${n[1]}` : ref;
}

/** What a phone call says (plain text; Twilio's TwiML wraps it). No URLs: they cannot be followed by ear. */
export function renderVoice(m: PageMessage): string {
  const name = speakable(m.recipient.name, 60);
  const outro = 'To acknowledge or resolve, use the links in your text message or email, or open Tocsin.';
  const first = m.incidents[0];
  if (m.kind === 'page' && first !== undefined) {
    const title = speakable(first.title, 200);
    const summary = speakable(summaryOf(first), 300);
    return [
      `This is Tocsin with a ${first.severity}, ${first.urgency} urgency page for ${name}.`,
      `${spokenRef(first.ref)} on service ${speakable(first.service.name, 80)}: ${title}.`,
      summary !== title ? `${summary}.` : '',
      outro,
    ]
      .filter((s) => s !== '')
      .join(' ');
  }
  const spoken = m.incidents
    .slice(0, 5)
    .map(
      (i) =>
        `${spokenRef(i.ref)}, ${i.severity}, on ${speakable(i.service.name, 80)}: ${speakable(summaryOf(i), 150)}.`,
    );
  const more = m.incidents.length > 5 ? [`And ${m.incidents.length - 5} more.`] : [];
  return [
    `This is Tocsin. ${m.incidents.length} incidents need you, ${name}.`,
    ...spoken,
    ...more,
    outro,
  ].join(' ');
}
