import { SEVERITIES } from '../ingest/event.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';
import { DEFAULT_REVIEW_INTERVAL_DAYS } from '../runbooks/schemas.ts';
import { STEP_DEFAULTS as API_STEP_DEFAULTS } from '../runbooks/steps/defaults.ts';
import type { METHODS } from '../runbooks/steps/schemas.ts';
import { type Matcher, normalizeMatchers } from '../silences/matchers.ts';
import type { ConfigStep, TocsinConfig } from './schema.ts';

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
  /** Only in the file when it lists them: a file without `steps` leaves them to the web UI. In run order. */
  steps?: NStep[];
}

export interface NStep {
  name: string;
  method: (typeof METHODS)[number];
  url: string;
  headers: { name: string; value: string }[];
  body: string | null;
  timeout_seconds: number;
  expected_status: number | null;
  approval: 'safe' | 'approval';
  approver_role: 'responder' | 'admin';
  auto_run: boolean;
  auto_run_per_hour: number;
}

/** The step API's defaults (src/runbooks/steps/defaults.ts): a step written in the web UI plans as no change. */
export const STEP_DEFAULTS: Omit<NStep, 'name' | 'url'> = API_STEP_DEFAULTS;

/** The fields plan compares; the order of steps is compared apart (diff-runbooks.ts). */
export const STEP_FIELDS = [
  'method',
  'url',
  'headers',
  'body',
  'timeout_seconds',
  'expected_status',
  'approval',
  'approver_role',
  'auto_run',
  'auto_run_per_hour',
] as const satisfies readonly (keyof NStep)[];

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

export function normalRunbook(
  r: Omit<NRunbook, 'body' | 'steps'> & { body?: string | undefined; steps?: NStep[] | undefined },
): NRunbook {
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
    ...(r.steps === undefined ? {} : { steps: r.steps }),
  };
}

/** Headers keep their order (as written, as sent); everything left out is the API's default. */
export function normalStep(s: ConfigStep): NStep {
  const d = STEP_DEFAULTS;
  return {
    name: s.name,
    method: s.method ?? d.method,
    url: s.url,
    headers: (s.headers ?? d.headers).map((h) => ({ name: h.name, value: h.value })),
    body: s.body ?? d.body,
    timeout_seconds: s.timeout_seconds ?? d.timeout_seconds,
    expected_status: s.expected_status ?? d.expected_status,
    approval: s.approval ?? d.approval,
    approver_role: s.approver_role ?? d.approver_role,
    auto_run: s.auto_run ?? d.auto_run,
    auto_run_per_hour: s.auto_run_per_hour ?? d.auto_run_per_hour,
  };
}

/**
 * A file that leaves `runbooks:` out does not manage them: --prune leaves them alone, as it does
 * the status page's lists. Runbooks are written by responders in the web UI as much as in files,
 * and an older file must not delete them and their history. The same goes for one runbook's
 * `steps:`: listed, they replace its steps; left out, the steps are left as they are.
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
        steps: r.steps?.map(normalStep),
      }),
    ),
  };
}

/** A matcher in Alertmanager's text form (`alertname="DiskFull"`), which parseMatcher reads back. */
export function matcherText(m: Matcher): string {
  const name = /^[^\s=!~{}",]+$/.test(m.name) ? m.name : JSON.stringify(m.name);
  return `${name}${m.op}${JSON.stringify(m.value)}`;
}
