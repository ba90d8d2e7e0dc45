/**
 * STAND-IN for part X2 (issue 19): the lead replaces this whole file with X2's
 * src/postmortems/export/markdown.ts on merge. Same exported signatures as design19.md; a
 * minimal renderer so `GET /api/v1/postmortems/:id.md` and `tocsin postmortem export` work
 * before X2's code is in.
 */
import type { DraftSection, incidentDurations } from '../draft/index.ts';

export interface PostmortemDocument {
  title: string;
  status: string;
  incident: { number: number; title: string; severity: string; services: string[]; url: string };
  time_zone: string;
  owner: string | null;
  reviewers: { name: string; approved: boolean }[];
  published_at: number | null;
  tags: string[];
  sections: DraftSection[];
  durations: ReturnType<typeof incidentDurations>;
}

export function renderMarkdown(doc: PostmortemDocument): string {
  const lines = [
    `# ${doc.title}`,
    '',
    `- Incident: [INC-${doc.incident.number}](${doc.incident.url}) ${doc.incident.title} (${doc.incident.severity})`,
    `- Status: ${doc.status}`,
    `- Owner: ${doc.owner ?? 'none'}`,
    ...(doc.tags.length > 0 ? [`- Tags: ${doc.tags.join(', ')}`] : []),
    '',
  ];
  for (const s of doc.sections) lines.push(`## ${s.title}`, '', s.body.trim(), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
