import { SEVERITIES } from '../ingest/event.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';
import { DEFAULT_REVIEW_INTERVAL_DAYS } from '../runbooks/schemas.ts';
import { type Matcher, normalizeMatchers } from '../silences/matchers.ts';
import type { TocsinConfig } from './schema.ts';

/**
 * Runbooks in the normal form of normal.ts. The file names a runbook by its title, which is
 * `name` here like every other kind's key (the API trims titles, so this does too). Tags,
 * services, severities and sources are sets and are sorted; matchers keep the file's order, as
 * silences' do. When and by whom it was reviewed, and its version number, are the runbook's
 * history, never configuration.
 */

export interface NRunbook {
  /** The title. */
  name: string;
  team: string | null;
  tags: string[];
  /** Only in the file when it is managed: a file without `body` leaves the text to the web UI. */
  body?: string;
  services: string[];
  matchers: Matcher[];
  severities: Severity[];
  sources: string[];
  review_interval_days: number;
}

/** The fields plan compares (the body separately, when the file has it). */
export const RUNBOOK_FIELDS = [
  'team',
  'tags',
  'services',
  'matchers',
  'severities',
  'sources',
  'review_interval_days',
] as const satisfies readonly (keyof NRunbook)[];

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (list: readonly string[]) => [...list].sort(compare);
const bySeverity = (list: readonly Severity[]) =>
  [...list].sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b));

export const runbookTitle = (title: string) => title.trim();

export function normalRunbook(r: Omit<NRunbook, 'body'> & { body?: string | undefined }): NRunbook {
  return {
    name: runbookTitle(r.name),
    team: r.team,
    tags: sorted(r.tags),
    ...(r.body === undefined ? {} : { body: r.body }),
    services: sorted(r.services),
    matchers: r.matchers,
    severities: bySeverity(r.severities),
    sources: sorted(r.sources),
    review_interval_days: r.review_interval_days,
  };
}

/**
 * A file that leaves `runbooks:` out does not manage them: --prune leaves them alone, as it does
 * the status page's lists. Runbooks are written by responders in the web UI as much as in files,
 * and an older file must not delete them and their history.
 */
export function normalizeRunbooks(config: TocsinConfig): { runbooks: NRunbook[]; runbooks_listed: boolean } {
  return {
    runbooks_listed: config.runbooks !== undefined,
    runbooks: (config.runbooks ?? []).map((r, i) =>
      normalRunbook({
        name: r.title,
        team: r.team ?? null,
        tags: r.tags ?? [],
        body: r.body,
        services: r.services ?? [],
        matchers: normalizeMatchers(r.matchers ?? [], `runbooks.${i}.matchers`),
        severities: r.severities ?? [],
        sources: r.sources ?? [],
        review_interval_days: r.review_interval_days ?? DEFAULT_REVIEW_INTERVAL_DAYS,
      }),
    ),
  };
}

/** A matcher in Alertmanager's text form (`alertname="DiskFull"`), which parseMatcher reads back. */
export function matcherText(m: Matcher): string {
  const name = /^[^\s=!~{}",]+$/.test(m.name) ? m.name : JSON.stringify(m.name);
  return `${name}${m.op}${JSON.stringify(m.value)}`;
}
