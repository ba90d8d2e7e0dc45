import { RE2JS } from 're2js';
import { ValidationError } from '../platform/errors.ts';

/**
 * Alertmanager-style label matchers. Pure: no I/O, so the ingest hot path and the API share one
 * definition of "this silence matches these labels".
 */
export type MatchOp = '=' | '!=' | '=~' | '!~';
export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const satisfies readonly MatchOp[];

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export type LabelTest = (labels: Record<string, string>) => boolean;

// Bounded so arbitrary regexes sent over the API cannot grow the process without limit; silences
// are few, so in practice every live regex stays cached.
const REGEX_CACHE_LIMIT = 1000;
const regexCache = new Map<string, FullMatch>();

/** A regex that must match a whole label value. */
export interface FullMatch {
  test(value: string): boolean;
}

/**
 * `value` as Alertmanager compiles it: Go's RE2 syntax, anchored at both ends (`^(?:value)$`),
 * inline flags such as `(?i)` included. RE2 (re2js) runs in time linear in the input, so a
 * matcher sent by an integration key or a dashboard cannot stall the process by backtracking,
 * as `(a|a)*b` would in JavaScript's engine. Throws SyntaxError with RE2's words if invalid.
 */
export function compileRegex(value: string): FullMatch {
  const cached = regexCache.get(value);
  if (cached !== undefined) return cached;
  let re: RE2JS;
  try {
    re = RE2JS.compile(value);
  } catch (e) {
    throw new SyntaxError(e instanceof Error ? e.message : String(e), { cause: e });
  }
  const compiled: FullMatch = { test: (s) => re.testExact(s) };
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(value, compiled);
  return compiled;
}

/** A missing label is the empty string; own properties only, so `constructor` is not a label. */
function labelValue(labels: Record<string, string>, name: string): string {
  return Object.hasOwn(labels, name) ? (labels[name] ?? '') : '';
}

/** One matcher as a predicate, its regex compiled now rather than per alert. */
export function compileMatcher(m: Matcher): LabelTest {
  switch (m.op) {
    case '=':
      return (labels) => labelValue(labels, m.name) === m.value;
    case '!=':
      return (labels) => labelValue(labels, m.name) !== m.value;
    case '=~': {
      const re = compileRegex(m.value);
      return (labels) => re.test(labelValue(labels, m.name));
    }
    case '!~': {
      const re = compileRegex(m.value);
      return (labels) => !re.test(labelValue(labels, m.name));
    }
  }
}

const isRegexOp = (m: Matcher) => m.op === '=~' || m.op === '!~';

/**
 * All matchers must hold; an empty list holds for every label set. Equality tests run first:
 * they are cheaper than a regex and usually settle the answer.
 */
export function compileMatchers(matchers: readonly Matcher[]): LabelTest {
  const ordered = [...matchers.filter((m) => !isRegexOp(m)), ...matchers.filter(isRegexOp)];
  const tests = ordered.map(compileMatcher);
  return (labels) => tests.every((t) => t(labels));
}

export function matches(labels: Record<string, string>, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => compileMatcher(m)(labels));
}

function syntaxError(field: string, text: string, problem: string): ValidationError {
  return new ValidationError(`${field}: ${problem} in matcher ${JSON.stringify(text)}`);
}

/** The Go/JSON-quoted string starting at `s[start]` (a `"`), and the index after its closing quote. */
function readQuoted(s: string, start: number, field: string): { value: string; end: number } {
  let i = start + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) throw syntaxError(field, s, 'missing closing quote');
  try {
    return { value: JSON.parse(s.slice(start, i + 1)) as string, end: i + 1 };
  } catch {
    throw syntaxError(field, s, 'invalid escape in quoted string');
  }
}

const OPS_LONGEST_FIRST = ['=~', '!~', '!=', '='] as const;

/**
 * Alertmanager's text form of one matcher: `name op value`, where name and value may be
 * double-quoted (Go escapes, e.g. `job=~"api|web"`, `"my label"="x"`) or bare (`severity=critical`).
 * Only the syntax is checked here; `normalizeMatchers` also checks regexes.
 */
export function parseMatcher(text: string, field = 'matcher'): Matcher {
  const s = text.trim();
  let name: string;
  let i: number;
  if (s.startsWith('"')) {
    ({ value: name, end: i } = readQuoted(s, 0, field));
  } else {
    const bare = /^[^\s=!~{}",]+/.exec(s);
    if (!bare) throw syntaxError(field, text, 'expected a label name');
    name = bare[0];
    i = name.length;
  }
  if (name === '') throw syntaxError(field, text, 'empty label name');
  while (s[i] === ' ' || s[i] === '\t') i++;
  const op = OPS_LONGEST_FIRST.find((o) => s.startsWith(o, i));
  if (op === undefined) throw syntaxError(field, text, 'expected one of =, !=, =~, !~ after the label name');
  i += op.length;
  const rest = s.slice(i).trim();
  if (!rest.startsWith('"')) {
    if (rest.includes('"')) throw syntaxError(field, text, 'a bare value cannot contain "');
    return { name, op, value: rest };
  }
  const quoted = readQuoted(rest, 0, field);
  if (rest.slice(quoted.end).trim() !== '') throw syntaxError(field, text, 'unexpected text after the value');
  return { name, op, value: quoted.value };
}

function regexProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // RE2 says "error parsing regexp: <problem>: `<fragment>`"; the caller quotes the whole value.
  return message.replace(/^error parsing regexp: /, '');
}

/**
 * What the API stores: objects as given, strings parsed; every regex must compile so a bad one
 * is refused at creation, never discovered on the ingest path.
 */
export function normalizeMatchers(input: readonly (Matcher | string)[], field = 'matchers'): Matcher[] {
  return input.map((item, i) => {
    const m = typeof item === 'string' ? parseMatcher(item, `${field}.${i}`) : { ...item };
    if (m.op === '=~' || m.op === '!~') {
      try {
        compileRegex(m.value);
      } catch (e) {
        throw new ValidationError(
          `${field}.${i}.value: invalid regular expression ${JSON.stringify(m.value)}: ${regexProblem(e)}`,
        );
      }
    }
    return { name: m.name, op: m.op, value: m.value };
  });
}

/**
 * A silence must say what it silences: a service, matchers, or both. Without a service, one
 * matcher at least must fail on an empty label set (as Alertmanager requires), or the silence
 * would swallow every alert of every service.
 */
export function assertSilenceScope(serviceId: string | null, matchers: readonly Matcher[]): void {
  if (serviceId !== null) return;
  if (matchers.length === 0)
    throw new ValidationError('matchers: a silence needs a service_id, matchers, or both');
  if (matches({}, matchers))
    throw new ValidationError(
      'matchers: without a service_id, at least one matcher must not match an empty label, or every alert would be silenced',
    );
}

function isMatcher(v: unknown): v is Matcher {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.name === 'string' &&
    typeof o.value === 'string' &&
    (MATCH_OPS as readonly unknown[]).includes(o.op)
  );
}

/** The stored JSON column back to matchers; throws on anything else, which is a corrupt row. */
export function decodeMatchers(json: string): Matcher[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every(isMatcher))
    throw new Error('stored matchers are not a matcher list');
  return parsed.map((m) => ({ name: m.name, op: m.op, value: m.value }));
}
