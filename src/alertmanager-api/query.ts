import {
  type FullMatch,
  type LabelTest,
  compileMatchers,
  compileRegex,
  parseMatcher,
} from '../silences/matchers.ts';
import type { Matcher } from '../silences/matchers.ts';
import { ValidationError } from '../platform/errors.ts';

/**
 * The query of `GET /api/v2/alerts` and `/alerts/groups` as Alertmanager reads it: four state
 * switches that default to true, `filter` matchers (repeated), a `receiver` regex (anchored).
 */
export interface AlertQuery {
  active: boolean;
  silenced: boolean;
  inhibited: boolean;
  /** Tocsin processes an alert before answering its sender: none is ever unprocessed. */
  unprocessed: boolean;
  filter: LabelTest;
  receiver: FullMatch | undefined;
}

type Query = Record<string, unknown>;

function flag(q: Query, name: string): boolean {
  const v = q[name];
  if (v === undefined) return true;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ValidationError(`${name} in query must be of type boolean: ${JSON.stringify(v)}`);
}

function strings(q: Query, name: string): string[] {
  const v = q[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x): x is string => typeof x === 'string'))
    throw new ValidationError(`${name} in query must be text`);
  if (list.length > 50) throw new ValidationError(`${name}: at most 50 matchers`);
  return list;
}

/** `filter` values parsed as matchers; a bad regex is refused here, with the value quoted. */
export function parseFilter(q: Query): { matchers: Matcher[]; test: LabelTest } {
  const matchers = strings(q, 'filter').map((text, i) => {
    const m = parseMatcher(text, `filter.${i}`);
    if (m.op === '=~' || m.op === '!~') regexOrError(m.value, `filter.${i}`);
    return m;
  });
  return { matchers, test: compileMatchers(matchers) };
}

function regexOrError(value: string, field: string): FullMatch {
  try {
    return compileRegex(value);
  } catch (e) {
    throw new ValidationError(
      `${field}: invalid regular expression ${JSON.stringify(value)}: ${e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e)}`,
    );
  }
}

export function parseAlertQuery(q: Query): AlertQuery {
  const receiver = q.receiver;
  if (receiver !== undefined && typeof receiver !== 'string')
    throw new ValidationError('receiver in query must be one regular expression');
  return {
    active: flag(q, 'active'),
    silenced: flag(q, 'silenced'),
    inhibited: flag(q, 'inhibited'),
    unprocessed: flag(q, 'unprocessed'),
    filter: parseFilter(q).test,
    receiver:
      receiver === undefined || receiver === ''
        ? undefined
        : regexOrError(receiver, 'failed to parse receiver param'),
  };
}
