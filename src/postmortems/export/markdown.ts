import type { DraftSection, IncidentDurations } from '../draft/index.ts';
import { formatDuration, formatTime, inlineText, markdownTable } from '../format.ts';

/** A postmortem as the exports show it: the model (src/postmortems) fills it in with names, not ids. */
export interface PostmortemDocument {
  title: string;
  status: string;
  incident: { number: number; title: string; severity: string; services: string[]; url: string };
  /** IANA zone the document's times are written in. */
  time_zone: string;
  owner: string | null;
  reviewers: { name: string; approved: boolean }[];
  published_at: number | null;
  tags: string[];
  sections: DraftSection[];
  durations: IncidentDurations;
}

/** One line of the front matter, as plain text; the incident line links to the incident. */
export interface FactLine {
  label: string;
  text: string;
  href?: string;
}

/** Links only to the web UI or the web: a URL from elsewhere (`javascript:`) is shown, not linked. */
export function safeHref(url: string): string | undefined {
  return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : undefined;
}

/** The facts the Markdown table and the printed page both open with, in order. */
export function frontMatter(doc: PostmortemDocument): FactLine[] {
  const d = doc.durations;
  const duration = (ms: number | null) => (ms === null ? 'not recorded' : formatDuration(ms));
  const href = safeHref(doc.incident.url);
  // `in_review` reads "in review".
  const status = doc.status.replace(/_/g, ' ');
  const reviewers = doc.reviewers.map((r) => `${r.name} (${r.approved ? 'approved' : 'pending'})`);
  return [
    {
      label: 'Incident',
      text: `INC-${doc.incident.number}: ${doc.incident.title}`,
      ...(href === undefined ? {} : { href }),
    },
    { label: 'Severity', text: doc.incident.severity },
    { label: 'Services', text: doc.incident.services.join(', ') },
    {
      label: 'Status',
      text:
        doc.published_at === null
          ? status
          : `${status} on ${formatTime(doc.published_at, doc.time_zone)} (${doc.time_zone})`,
    },
    { label: 'Owner', text: doc.owner ?? 'nobody yet' },
    { label: 'Reviewers', text: reviewers.length === 0 ? 'none' : reviewers.join(', ') },
    { label: 'Time to detect', text: duration(d.detect_ms) },
    { label: 'Time to acknowledge', text: duration(d.acknowledge_ms) },
    { label: 'Time to mitigate', text: duration(d.mitigate_ms) },
    { label: 'Time to resolve', text: duration(d.resolve_ms) },
    { label: 'Tags', text: doc.tags.length === 0 ? 'none' : doc.tags.join(', ') },
  ];
}

/** A link's destination in Markdown: `<...>` form, so spaces and parentheses cannot end it early. */
function destination(url: string): string {
  return `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;
}

/**
 * The postmortem as one Markdown file (`GET /api/v1/postmortems/:id.md`): the title, a table of
 * the facts, then every section as `## Title` with its body as written. Pure.
 */
export function renderMarkdown(doc: PostmortemDocument): string {
  const rows = frontMatter(doc).map((f) => {
    const text = inlineText(f.text);
    return [f.label, f.href === undefined ? text : `[${text}](${destination(f.href)})`];
  });
  const parts = [`# ${inlineText(doc.title)}`, markdownTable(['Field', 'Value'], rows)];
  for (const s of doc.sections) parts.push(`## ${inlineText(s.title)}`, s.body.trim());
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
