import type { OutboundPolicy } from '../platform/outbound/address.ts';
import { describeOutboundError, outboundRequest } from '../platform/outbound/guard.ts';

/**
 * Prometheus's HTTP API, for an SLI read as two PromQL queries: one instant query per query and
 * minute (`GET /api/v1/query?query=&time=`), through the outbound guard like every URL a user
 * sets. A query must come to one number: a scalar, or a vector of at most one series (none is
 * zero events: a counter that has not moved is not a failure to read).
 */
const TIMEOUT_MS = 10_000;
const MAX_ANSWER = 1 << 20;

export type Reading =
  | { ok: true; value: number }
  /** `refused`: Prometheus answered and rejected the query (its error); `unreachable`: no answer. */
  | { ok: false; kind: 'refused' | 'unreachable'; error: string };

interface PromAnswer {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

export function queryUrl(base: string, query: string, at: number): string {
  const u = new URL(`${base.replace(/\/+$/, '')}/api/v1/query`);
  u.searchParams.set('query', query);
  u.searchParams.set('time', (at / 1000).toFixed(3));
  return u.toString();
}

export async function readQuery(
  base: string,
  query: string,
  at: number,
  policy: OutboundPolicy,
  signal?: AbortSignal,
): Promise<Reading> {
  const answer = await fetchAnswer(queryUrl(base, query, at), policy, signal);
  return 'ok' in answer ? answer : valueOf(answer.data);
}

export type RangeReading =
  { ok: true; values: Map<number, number> } | { ok: false; kind: 'refused' | 'unreachable'; error: string };

/**
 * The query at every minute end from `start` to `end` in one request (`/api/v1/query_range`,
 * step 60 s): a minute with no sample has no entry (no events).
 */
export async function readRange(
  base: string,
  query: string,
  start: number,
  end: number,
  policy: OutboundPolicy,
  signal?: AbortSignal,
): Promise<RangeReading> {
  const u = new URL(`${base.replace(/\/+$/, '')}/api/v1/query_range`);
  u.searchParams.set('query', query);
  u.searchParams.set('start', (start / 1000).toFixed(3));
  u.searchParams.set('end', (end / 1000).toFixed(3));
  u.searchParams.set('step', '60');
  const answer = await fetchAnswer(u.toString(), policy, signal);
  if ('ok' in answer) return answer;
  const result = answer.data?.result;
  if (answer.data?.resultType !== 'matrix' || !Array.isArray(result)) {
    return { ok: false, kind: 'refused', error: 'the range query did not return a matrix' };
  }
  if (result.length > 1) {
    return {
      ok: false,
      kind: 'refused',
      error: `the query returns ${result.length} series; it must return one number (aggregate it, e.g. with sum())`,
    };
  }
  const values = new Map<number, number>();
  const series: unknown = result[0];
  const samples = isObject(series) && Array.isArray(series.values) ? (series.values as unknown[]) : [];
  for (const sample of samples) {
    if (!Array.isArray(sample)) continue;
    const n = number(sample[1]);
    if (!n.ok) return n;
    values.set(Math.round(Number(sample[0]) * 1000), n.value);
  }
  return { ok: true, values };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Prometheus's JSON answer, or why there is none (`ok: false`). */
async function fetchAnswer(
  url: string,
  policy: OutboundPolicy,
  signal?: AbortSignal,
): Promise<{ ok: false; kind: 'refused' | 'unreachable'; error: string } | PromAnswer> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let status: number;
  let text: string;
  try {
    const res = await outboundRequest(
      url,
      { method: 'GET', headers: { Accept: 'application/json' }, signal: both, maxResponseBytes: MAX_ANSWER },
      policy,
    );
    status = res.status;
    text = res.body.toString('utf8');
  } catch (e) {
    return { ok: false, kind: 'unreachable', error: describeOutboundError(e, both) };
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (!isObject(answer)) {
    return { ok: false, kind: 'unreachable', error: `answered ${status} without Prometheus's JSON` };
  }
  const a = answer as PromAnswer;
  if (a.status !== 'success') {
    // 400 bad_data / 422 execution: the query is at fault; 503 and the like: Prometheus is.
    const kind = status === 400 || status === 422 ? 'refused' : 'unreachable';
    return { ok: false, kind, error: String(a.error ?? `answered ${status}`).slice(0, 500) };
  }
  if (a.data !== undefined && !isObject(a.data)) {
    return { ok: false, kind: 'unreachable', error: `answered ${status} without Prometheus's JSON` };
  }
  return a;
}

function valueOf(data: PromAnswer['data']): Reading {
  const type = data?.resultType;
  const result = data?.result;
  if (type === 'scalar' && Array.isArray(result)) return number(result[1]);
  if (type === 'vector' && Array.isArray(result)) {
    if (result.length === 0) return { ok: true, value: 0 };
    if (result.length > 1) {
      return {
        ok: false,
        kind: 'refused',
        error: `the query returns ${result.length} series; it must return one number (aggregate it, e.g. with sum())`,
      };
    }
    const first: unknown = result[0];
    const sample = isObject(first) ? first.value : undefined;
    return number(Array.isArray(sample) ? sample[1] : undefined);
  }
  return {
    ok: false,
    kind: 'refused',
    error: `the query returns a ${String(type)}; it must return one number (an instant vector of one series, or a scalar)`,
  };
}

function number(v: unknown): { ok: true; value: number } | { ok: false; kind: 'refused'; error: string } {
  const n = typeof v === 'string' ? Number(v) : Number.NaN;
  // NaN (0/0 in PromQL) and Inf carry no count; a negative count is not one.
  if (!Number.isFinite(n) || n < 0) {
    return { ok: false, kind: 'refused', error: `the query returned ${String(v)}, not a count of events` };
  }
  return { ok: true, value: n };
}
