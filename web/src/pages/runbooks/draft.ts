import { ApiError } from '../../api.ts';
import { type FieldError, fieldError } from '../../form-errors.ts';
import type { RunbookView } from '../../types.ts';
import { matcherText } from './data.ts';

/** One matcher row of the editor: its text in Alertmanager syntax, keyed for React. */
export interface MatcherRow {
  key: number;
  text: string;
}

/** What the editor holds until it is saved: the runbook's fields, as the form shows them. */
export interface Draft {
  /** The version the edits started from: saving sends it as if_version. */
  base: number;
  title: string;
  /** '' for no team (admins only). */
  owner_team_id: string;
  tags: string[];
  service_ids: string[];
  matchers: MatcherRow[];
  severities: string[];
  sources: string[];
  /** As typed: a number, or '' while the box is empty. */
  review_interval_days: number | string;
  body: string;
  note: string;
}

export const rowsOf = (texts: string[]): MatcherRow[] => texts.map((text, key) => ({ key, text }));

export function draftOf(rb: RunbookView): Draft {
  return {
    base: rb.version,
    title: rb.title,
    owner_team_id: rb.owner_team?.id ?? '',
    tags: rb.tags,
    service_ids: rb.services.map((s) => s.id),
    matchers: rowsOf(rb.matchers.map(matcherText)),
    severities: rb.severities,
    sources: rb.sources,
    review_interval_days: rb.review_interval_days,
    body: rb.body,
    note: '',
  };
}

export function newDraft(
  body: string,
  init: { ownerTeamId: string; serviceId?: string; title?: string },
): Draft {
  return {
    base: 0,
    title: init.title ?? '',
    owner_team_id: init.ownerTeamId,
    tags: [],
    service_ids: init.serviceId === undefined ? [] : [init.serviceId],
    matchers: [],
    severities: [],
    sources: [],
    review_interval_days: 90,
    body,
    note: '',
  };
}

/**
 * The rows that are sent: blank ones are left out. The API's errors name a matcher by its place
 * in what was sent (`body.matchers.1.value`), so the editor maps it back with this list.
 */
export const sentRows = (rows: MatcherRow[]) => rows.filter((r) => r.text.trim() !== '');
const matchersOf = (rows: MatcherRow[]) => sentRows(rows).map((r) => r.text.trim());
const interval = (d: Draft) =>
  typeof d.review_interval_days === 'number' ? { review_interval_days: d.review_interval_days } : {};

/** The POST body of a new runbook. */
export function createBody(d: Draft): Record<string, unknown> {
  return {
    title: d.title,
    ...(d.owner_team_id === '' ? {} : { owner_team_id: d.owner_team_id }),
    tags: d.tags,
    body: d.body,
    service_ids: d.service_ids,
    matchers: matchersOf(d.matchers),
    severities: d.severities,
    sources: d.sources,
    ...interval(d),
    ...(d.note.trim() === '' ? {} : { note: d.note.trim() }),
  };
}

/** The PATCH body: only what changed, with the version the edits started from. */
export function patchOf(d: Draft, rb: RunbookView): Record<string, unknown> {
  const was = draftOf(rb);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const matchers = matchersOf(d.matchers);
  return {
    ...(d.title === was.title ? {} : { title: d.title }),
    ...(d.owner_team_id === was.owner_team_id
      ? {}
      : { owner_team_id: d.owner_team_id === '' ? null : d.owner_team_id }),
    ...(same(d.tags, was.tags) ? {} : { tags: d.tags }),
    ...(same(d.service_ids, was.service_ids) ? {} : { service_ids: d.service_ids }),
    ...(same(matchers, matchersOf(was.matchers)) ? {} : { matchers }),
    ...(same(d.severities, was.severities) ? {} : { severities: d.severities }),
    ...(same(d.sources, was.sources) ? {} : { sources: d.sources }),
    ...(d.review_interval_days === was.review_interval_days ? {} : interval(d)),
    ...(d.body === was.body ? {} : { body: d.body }),
    ...(d.note.trim() === '' ? {} : { note: d.note.trim() }),
    if_version: d.base,
  };
}

/** Whether the edits change the text (title, body or tags): saving them makes a new version. */
export function changesText(d: Draft, rb: RunbookView): boolean {
  return d.title !== rb.title || d.body !== rb.body || JSON.stringify(d.tags) !== JSON.stringify(rb.tags);
}

/** A save refused because someone else saved a newer version first: the version it is at now. */
export function staleVersion(e: unknown): number | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const v = e.details.version;
  return typeof v === 'number' ? v : undefined;
}

/**
 * Where a failed save shows: a 400 at the field it names (a matcher at its row), a 409 for a
 * title already taken at the title; anything else (a 403, a network failure) above the buttons.
 */
export function saveErrors(e: unknown, rows: MatcherRow[]) {
  const field: FieldError | undefined = fieldError(e);
  const sent = sentRows(rows);
  const at = (name: string) => (field?.field === name ? field.message : undefined);
  const titleTaken = e instanceof ApiError && e.status === 409 && staleVersion(e) === undefined;
  const matcherRow =
    field?.field === 'matchers' && field.index !== undefined ? sent[field.index]?.key : undefined;
  const byField = {
    title: titleTaken ? e.message : at('title'),
    owner_team_id: at('owner_team_id'),
    tags: at('tags'),
    service_ids: at('service_ids'),
    matchers: field?.field === 'matchers' && matcherRow === undefined ? field.message : undefined,
    severities: at('severities'),
    sources: at('sources'),
    review_interval_days: at('review_interval_days'),
    body: at('body'),
    note: at('note'),
  };
  const shown = Object.values(byField).some((m) => m !== undefined) || matcherRow !== undefined;
  const other =
    e === null || e === undefined || shown || staleVersion(e) !== undefined
      ? undefined
      : e instanceof Error
        ? e.message
        : 'The request failed.';
  return { byField, matcherRow, matcherMessage: field?.message, other };
}
export type SaveErrors = ReturnType<typeof saveErrors>;
