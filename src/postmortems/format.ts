import { DateTime, IANAZone } from 'luxon';

/**
 * Text helpers the drafted sections and the exports share, so a time or a duration reads the
 * same in the editor, the Markdown file and the printed page.
 */

/** A postmortem is written for people, not for the API: throws on a zone luxon does not know. */
export function requireZone(timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}`);
  return timeZone;
}

/** `2026-11-25 10:03` in `timeZone` (minutes: a postmortem's timeline needs no seconds). */
export function formatTime(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: requireZone(timeZone) }).toFormat('yyyy-MM-dd HH:mm');
}

/** `45 s`, `3 min`, `1 h 5 min`, `2 d 3 h`: the two largest units, as people quote incident durations. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const units: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
  ];
  const first = units.findIndex(([n]) => n > 0);
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/**
 * Text from the incident (titles, names, timeline messages) placed inline in Markdown: one line,
 * and the characters that would start emphasis, a link, code, raw HTML or end a table cell are
 * escaped, so an incident titled `a | b` or `*urgent*` cannot bend the document's structure.
 */
export function inlineText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<|]/g, (c) => `\\${c}`);
}

/** A Markdown table; every cell is already inline Markdown (inlineText or built from it). */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
