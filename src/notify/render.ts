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

/** "…" is outside the GSM-7 alphabet and would switch a whole SMS to UCS-2 (70 characters a segment). */
const SMS_CUT = '...';
/** A page SMS's service name gets at most this much, and keeps this much before a runbook link is added. */
const SMS_SERVICE_MAX = 40;
const SMS_SERVICE_KEPT = 16;
/** Shorter than this, a summary is left out rather than cut to a stub. */
const SMS_SUMMARY_MIN = 10;

/** The first candidate within `max`; when none is, the first (the most complete). */
function firstWithin(max: number, candidates: [string, ...string[]]): string {
  return candidates.find((c) => c.length <= max) ?? candidates[0];
}

/**
 * At most SMS_MAX_LENGTH characters. A page SMS is
 * `Tocsin INC-42 critical <service>: <summary>\nRunbook: <url>\nRespond: <url>`: the one respond
 * link (its page offers acknowledge and resolve) always whole; then the runbook link, only whole;
 * then the service name, shortened; the summary gets what is left. Links are never cut: a text that
 * cannot be acted on is worse than a longer one, so only when the respond link alone exceeds the
 * limit (a very long public URL) does the text too. A bundle lists the refs and adds each
 * incident's respond link while it fits (the first one always).
 */
export function renderSms(m: PageMessage, max = SMS_MAX_LENGTH): string {
  const first = m.incidents[0];
  if (m.kind === 'page' && first !== undefined) return pageSms(first, max);
  return bundleSms(m.incidents, max);
}

function pageSms(i: PageIncident, max: number): string {
  const respond = `\nRespond: ${i.respondUrl}`;
  const head = `Tocsin ${i.ref} ${i.severity}`;
  // Room for " <service>: <summary>" and the runbook line.
  const free = max - head.length - respond.length;
  if (free < 0) {
    return firstWithin(max, [
      `${head}${respond}`,
      `${i.ref}${respond}`,
      `${i.ref}\n${i.respondUrl}`,
      i.respondUrl,
    ]);
  }
  const service = oneLine(i.service.name);
  const kept = 1 + Math.min(service.length, SMS_SERVICE_KEPT);
  const runbookLine = i.runbookUrl === null ? '' : `\nRunbook: ${i.runbookUrl}`;
  const runbook = runbookLine.length + kept <= free ? runbookLine : '';
  let room = free - runbook.length;
  const serviceRoom = Math.min(SMS_SERVICE_MAX, room - 1);
  const named =
    service !== '' && serviceRoom >= Math.min(4, service.length)
      ? ` ${truncate(service, serviceRoom, SMS_CUT)}`
      : '';
  room -= named.length + 2;
  const summary = room >= SMS_SUMMARY_MIN ? `: ${truncate(oneLine(summaryOf(i)), room, SMS_CUT)}` : '';
  return `${head}${named}${summary}${runbook}${respond}`;
}

function bundleSms(incidents: PageIncident[], max: number): string {
  const n = incidents.length;
  const links = incidents.map((i) => `\nRespond ${i.ref}: ${i.respondUrl}`);
  const refs = incidents.map((i) => `${i.ref} ${i.severity}`);
  const intro = `Tocsin: ${n} incident${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} you`;
  // The list of refs takes at most half, and never the first link's room.
  const headMax = Math.min(max / 2, max - (links[0]?.length ?? 0));
  let head = `${intro}: ${refs.join(', ')}`;
  for (let shown = refs.length - 1; head.length > headMax && shown >= 0; shown--) {
    head = shown === 0 ? intro : `${intro}: ${refs.slice(0, shown).join(', ')}, +${refs.length - shown} more`;
  }
  const [firstLink, ...rest] = links;
  if (firstLink === undefined) return head;
  let text = firstWithin(max, [`${head}${firstLink}`, firstLink.slice(1), incidents[0]!.respondUrl]);
  for (const line of rest) {
    if (text.length + line.length > max) break;
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
