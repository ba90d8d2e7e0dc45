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

/** Updates and reminders are informational: rendered around their text, never bundled with pages. */
export function isInformational(m: Pick<PageMessage, 'kind'>): boolean {
  return m.kind === 'update' || m.kind === 'reminder' || m.kind === 'action_item' || m.kind === 'postmortem';
}

/** `SEV1 critical`: the incident's severity, then its alerts'; just the latter before SEVs existed. */
export function severityLabel(i: PageIncident): string {
  return i.sev === '' ? i.severity : `${i.sev} ${i.severity}`;
}

/** `INC-42 SEV1 critical: <summary>` on one line. */
export function incidentHeadline(i: PageIncident, maxSummary = 150): string {
  return `${i.ref} ${severityLabel(i)}: ${truncate(oneLine(summaryOf(i)), maxSummary)}`;
}

/** `INC-42 (SEV1)`: how updates and reminders name their incident. */
export function incidentTag(i: PageIncident): string {
  return i.sev === '' ? i.ref : `${i.ref} (${i.sev})`;
}

/** `#inc-20261125-checkout`, or empty for an incident without a channel name. */
export function channelOf(i: PageIncident): string {
  return i.slug === '' ? '' : `#${i.slug}`;
}

/** Where a reminded commander posts the overdue update: the incident's page, at its updates. */
export function postUpdateUrl(i: PageIncident): string {
  return `${i.url}#updates`;
}

/**
 * `[Tocsin] INC-42 SEV1 critical: <summary>` for a page, `[Tocsin] 3 incidents need you` for a
 * bundle, `[Tocsin] Update on INC-42 (SEV1): <title>` for an update and `[Tocsin] INC-42 (SEV1):
 * status update overdue` for a reminder.
 */
export function messageTitle(m: PageMessage): string {
  const first = m.incidents[0];
  if (m.kind === 'update' && first !== undefined) {
    return `[Tocsin] Update on ${incidentTag(first)}: ${truncate(oneLine(first.title), 150)}`;
  }
  if (m.kind === 'reminder' && first !== undefined) {
    return `[Tocsin] ${incidentTag(first)}: status update overdue`;
  }
  if (m.kind === 'action_item' && first !== undefined) {
    return `[Tocsin] ${incidentTag(first)}: action item overdue`;
  }
  if (m.kind === 'postmortem' && first !== undefined) {
    return `[Tocsin] ${incidentTag(first)}: postmortem due`;
  }
  if (m.kind === 'page' && first !== undefined) return `[Tocsin] ${incidentHeadline(first)}`;
  const n = m.incidents.length;
  return `[Tocsin] ${n} incident${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} you`;
}

/**
 * The short facts every rich layout shows as fields, in this order. Updates leave out what only
 * matters to whoever is paged (alert severity, urgency).
 */
export function incidentFacts(
  i: PageIncident,
  kind: PageMessage['kind'] = 'page',
): { label: string; value: string }[] {
  const channel = channelOf(i) === '' ? [] : [{ label: 'Channel', value: channelOf(i) }];
  if (isInformational({ kind })) {
    return [
      { label: 'Service', value: i.service.name },
      { label: 'Severity', value: i.sev === '' ? i.severity : i.sev },
      { label: 'Status', value: i.status },
      ...channel,
    ];
  }
  return [
    { label: 'Service', value: i.service.name },
    { label: 'Severity', value: severityLabel(i) },
    { label: 'Urgency', value: i.urgency },
    { label: 'Status', value: i.status },
    ...channel,
  ];
}

/** The first line of an informational message's body: what it is and who it is for. */
export function informationalIntro(m: PageMessage): string {
  const i = m.incidents[0];
  const tag = i === undefined ? 'an incident' : incidentTag(i);
  if (m.kind === 'action_item') return `${m.recipient.name}, an action item from ${tag} is overdue.`;
  if (m.kind === 'postmortem') return `${m.recipient.name}, the postmortem of ${tag} is due.`;
  return m.kind === 'reminder'
    ? `${m.recipient.name}, a status update on ${tag} is overdue.`
    : `Status update on ${tag}${i === undefined ? '' : `: ${oneLine(i.title)}`}`;
}

/** Why the recipient gets an informational message (the footer). */
export function informationalNote(m: PageMessage): string {
  if (m.kind === 'action_item') return 'You get this reminder as the owner of the action item.';
  if (m.kind === 'postmortem') return 'You get this reminder as the owner of the postmortem.';
  return m.kind === 'reminder'
    ? 'You get this reminder as the incident commander or comms lead.'
    : 'You get these updates as a subscriber of the incident or one of its services.';
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

/** An update's or reminder's incident block: facts and the incident link, no action links. */
function informationalText(m: PageMessage, i: PageIncident): string[] {
  const pad = (label: string) => `${label}:`.padEnd(13);
  return [
    `${i.ref}: ${oneLine(i.title)}`,
    ...incidentFacts(i, m.kind).map((f) => `${pad(f.label)}${f.value}`),
    `${pad('Incident')}${i.url}`,
    ...(m.kind === 'reminder' ? [`${pad('Post update')}${postUpdateUrl(i)}`] : []),
  ];
}

/** The plain-text body (the email text part): every field and every link of every incident. */
export function renderText(m: PageMessage): string {
  if (isInformational(m)) {
    const blocks = m.incidents.map((i) => informationalText(m, i).join('\n'));
    return (
      [informationalIntro(m), (m.text ?? '').trim(), ...blocks, `-- \nTocsin. ${informationalNote(m)}`].join(
        '\n\n',
      ) + '\n'
    );
  }
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
  if (isInformational(m) && first !== undefined) return informationalSms(m, first, max);
  if (m.kind === 'page' && first !== undefined) return pageSms(first, max);
  return bundleSms(m.incidents, max);
}

/**
 * `Tocsin INC-42 SEV1 update: <text>\n<incident url>`; a reminder links where to post the update.
 * The link is whole and last; the text gets the rest, without its own URLs (cut, they would be
 * broken links).
 */
function informationalSms(m: PageMessage, i: PageIncident, max: number): string {
  const link = m.kind === 'reminder' ? `\nPost: ${postUpdateUrl(i)}` : `\n${i.url}`;
  const what =
    m.kind === 'reminder'
      ? 'update overdue'
      : m.kind === 'action_item'
        ? 'action item overdue'
        : m.kind === 'postmortem'
          ? 'postmortem due'
          : 'update';
  const head = `Tocsin ${i.ref}${i.sev === '' ? '' : ` ${i.sev}`} ${what}`;
  const room = max - head.length - link.length - 2;
  const text = oneLine((m.text ?? '').replace(URL_PATTERN, ' '));
  const body = room >= SMS_SUMMARY_MIN && text !== '' ? `: ${truncate(text, room, SMS_CUT)}` : '';
  return firstWithin(max, [`${head}${body}${link}`, `${head}${link}`, link.slice(1)]);
}

function pageSms(i: PageIncident, max: number): string {
  const respond = `\nRespond: ${i.respondUrl}`;
  const head = `Tocsin ${i.ref} ${severityLabel(i)}`;
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
  // One word per incident: the SEV says how bad, the alert severity is in the page itself.
  const refs = incidents.map((i) => `${i.ref} ${i.sev === '' ? i.severity : i.sev}`);
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

/** `SEV1` reads as letters; "severity 1" is what a person would say. */
function spokenSev(sev: string): string {
  const n = /^SEV(\d)$/.exec(sev);
  return n ? `severity ${n[1]}` : sev;
}

/** What a phone call says (plain text; Twilio's TwiML wraps it). No URLs: they cannot be followed by ear. */
export function renderVoice(m: PageMessage): string {
  const name = speakable(m.recipient.name, 60);
  const outro = 'To acknowledge or resolve, use the links in your text message or email, or open Tocsin.';
  const first = m.incidents[0];
  if (isInformational(m) && first !== undefined) {
    const about = `${spokenRef(first.ref)}${first.sev === '' ? '' : `, ${spokenSev(first.sev)}`}, ${speakable(first.title, 200)}`;
    if (m.kind === 'action_item') {
      return `This is Tocsin for ${name}. An action item from ${about}, is overdue: ${speakable(m.text ?? '', 300)}.`;
    }
    if (m.kind === 'postmortem') {
      return `This is Tocsin for ${name}. The postmortem of ${about}, is due. Please finish it in Tocsin.`;
    }
    return m.kind === 'reminder'
      ? `This is Tocsin for ${name}. A status update on ${about}, is overdue. Please post one in Tocsin.`
      : `This is Tocsin with a status update on ${about}. ${speakable(m.text ?? '', 1000)}.`;
  }
  if (m.kind === 'page' && first !== undefined) {
    const title = speakable(first.title, 200);
    const summary = speakable(summaryOf(first), 300);
    const sev = first.sev === '' ? '' : `${spokenSev(first.sev)}, `;
    return [
      `This is Tocsin with a ${sev}${first.severity}, ${first.urgency} urgency page for ${name}.`,
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
