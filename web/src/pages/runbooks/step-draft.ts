import { ApiError } from '../../api.ts';
import { fieldError } from '../../form-errors.ts';
import type { RunbookStepMethod, RunbookStepView } from '../../types.ts';

/** One header row of the step form, keyed for React. */
export interface HeaderRow {
  key: number;
  name: string;
  value: string;
}

/** What the step form holds until it is saved; number boxes hold '' while empty. */
export interface StepDraft {
  name: string;
  method: RunbookStepMethod;
  url: string;
  headers: HeaderRow[];
  /** '' sends no body. */
  body: string;
  timeout_seconds: number | string;
  /** '' is "any 2xx". */
  expected_status: number | string;
  approval: 'safe' | 'approval';
  approver_role: 'responder' | 'admin';
  auto_run: boolean;
  auto_run_per_hour: number | string;
}

export const METHODS: readonly RunbookStepMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/** A new step starts as the API's defaults (src/runbooks/steps/defaults.ts): it needs approval. */
export function stepDraftOf(step?: RunbookStepView): StepDraft {
  if (step === undefined) {
    return {
      name: '',
      method: 'POST',
      url: '',
      headers: [],
      body: '',
      timeout_seconds: 10,
      expected_status: '',
      approval: 'approval',
      approver_role: 'responder',
      auto_run: false,
      auto_run_per_hour: 3,
    };
  }
  return {
    name: step.name,
    method: step.method as RunbookStepMethod,
    url: step.url,
    headers: step.headers.map((h, key) => ({ key, ...h })),
    body: step.body ?? '',
    timeout_seconds: step.timeout_seconds,
    expected_status: step.expected_status ?? '',
    approval: step.approval === 'safe' ? 'safe' : 'approval',
    approver_role: step.approver_role === 'admin' ? 'admin' : 'responder',
    auto_run: step.auto_run,
    auto_run_per_hour: step.auto_run_per_hour,
  };
}

/**
 * The header rows that are sent: wholly blank ones are left out. The API names a header by its
 * place in what was sent (`body.headers.1.value`), so the form maps it back with this list.
 */
export const sentHeaders = (rows: HeaderRow[]) =>
  rows.filter((r) => r.name.trim() !== '' || r.value.trim() !== '');

const num = (v: number | string) => (typeof v === 'number' ? v : undefined);

/** The body of POST /steps and of PATCH /steps/:id alike: every field, as the form shows it. */
export function stepBody(d: StepDraft): Record<string, unknown> {
  const timeout = num(d.timeout_seconds);
  const perHour = num(d.auto_run_per_hour);
  return {
    name: d.name,
    method: d.method,
    url: d.url,
    headers: sentHeaders(d.headers).map((h) => ({ name: h.name.trim(), value: h.value })),
    body: d.body === '' ? null : d.body,
    ...(timeout === undefined ? {} : { timeout_seconds: timeout }),
    expected_status: num(d.expected_status) ?? null,
    approval: d.approval,
    approver_role: d.approver_role,
    // Only safe steps run on their own: a step switched to approval stops doing so.
    auto_run: d.approval === 'safe' && d.auto_run,
    ...(perHour === undefined ? {} : { auto_run_per_hour: perHour }),
  };
}

const FIELDS = [
  'name',
  'method',
  'url',
  'body',
  'timeout_seconds',
  'expected_status',
  'approval',
  'approver_role',
  'auto_run',
  'auto_run_per_hour',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * Where a failed save shows: a 400 at the field it names (a header at its row, name or value),
 * a 409 for a name already taken at the name; anything else (a 403 for a step that sends a
 * secret, saved by someone not an admin) above the buttons.
 */
export function stepErrors(e: unknown, rows: HeaderRow[]) {
  const field = fieldError(e);
  const byField: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) if (field?.field === f) byField[f] = field.message;
  if (e instanceof ApiError && e.status === 409) byField.name = e.message;
  const sent = sentHeaders(rows);
  const headerRow =
    field?.field === 'headers' && field.index !== undefined ? sent[field.index]?.key : undefined;
  const header =
    headerRow === undefined
      ? undefined
      : { key: headerRow, part: field?.sub === 'name' ? ('name' as const) : ('value' as const) };
  const headers = field?.field === 'headers' && header === undefined ? field.message : undefined;
  const shown = Object.keys(byField).length > 0 || header !== undefined || headers !== undefined;
  const other =
    e === null || e === undefined || shown
      ? undefined
      : e instanceof Error
        ? e.message
        : 'The request failed.';
  return { byField, header, headers, message: field?.message, other };
}
export type StepErrors = ReturnType<typeof stepErrors>;
