import { ValidationError } from '../../platform/errors.ts';
import type { StepRow } from './repository.ts';
import type { ShownRequestView } from './schemas.ts';
import { type Escape, type Part, type Vars, render } from './template.ts';
import { parseStep } from './validate.ts';

/**
 * A step's request with the incident's values filled in when the run is asked for, so what an
 * approver approves is exactly what is sent, even if the step is edited meanwhile. Secrets stay
 * out until the engine sends it: they are kept as references (`{s: name}`), never as text, so a
 * label whose value looks like `{{secrets.token}}` is just text and cannot pull a secret in.
 */
type Piece = { t: string } | { s: string };

export interface PreparedRequest {
  method: string;
  url: string;
  headers: { name: string; value: Piece[] }[];
  body: Piece[] | null;
  timeout_ms: number;
  expected_status: number | null;
}

/** How values go into the body: JSON-escaped in JSON, URL-encoded in a form, as they are otherwise. */
function bodyEscape(headers: { name: string; value: Part[] }[]): Escape {
  const type = headers
    .filter((h) => h.name.toLowerCase() === 'content-type')
    .flatMap((h) => h.value.map((p) => p.text ?? ''))
    .join('')
    .toLowerCase();
  return type.includes('json') ? 'json' : type.includes('x-www-form-urlencoded') ? 'url' : 'raw';
}

function pieces(parts: readonly Part[], vars: Vars, how: Escape, oneLine = false): Piece[] {
  const out: Piece[] = [];
  for (const p of parts) {
    if (p.variable?.startsWith('secrets.')) out.push({ s: p.variable.slice(8) });
    else {
      const text = render([p], vars, how);
      // A header value is one line: a label with a line break must not add a header.
      out.push({ t: oneLine ? text.replace(/[\r\n]+/g, ' ') : text });
    }
  }
  return out;
}

export function prepareRequest(
  step: Pick<StepRow, 'method' | 'url' | 'headers' | 'body' | 'timeout_ms' | 'expected_status'>,
  vars: Vars,
): PreparedRequest {
  const headers = JSON.parse(step.headers) as { name: string; value: string }[];
  const parsed = parseStep({ url: step.url, headers, body: step.body });
  // `.` and `..` pass encodeURIComponent unchanged and would move the request up the path.
  for (const p of parsed.url) {
    if (p.variable === undefined) continue;
    const value = render([p], vars, 'raw');
    if (value === '.' || value === '..') {
      throw new ValidationError(
        `{{${p.variable}}} is "${value}", which would change the URL's path; nothing was sent`,
      );
    }
  }
  const how = bodyEscape(parsed.headers);
  return {
    method: step.method,
    url: render(parsed.url, vars, 'url'),
    headers: parsed.headers.map((h) => ({ name: h.name, value: pieces(h.value, vars, 'raw', true) })),
    body: parsed.body === null ? null : pieces(parsed.body, vars, how),
    timeout_ms: step.timeout_ms,
    expected_status: step.expected_status,
  };
}

const join = (ps: Piece[], secret: (name: string) => string) =>
  ps.map((p) => ('t' in p ? p.t : secret(p.s))).join('');

/** What people see: secrets as `[secret:name]`. */
export function shownRequest(r: PreparedRequest): ShownRequestView {
  const hidden = (name: string) => `[secret:${name}]`;
  return {
    method: r.method,
    url: r.url,
    headers: r.headers.map((h) => ({ name: h.name, value: join(h.value, hidden) })),
    body: r.body === null ? null : join(r.body, hidden),
  };
}

export function secretsOfRequest(r: PreparedRequest): string[] {
  const names = new Set<string>();
  for (const ps of [...r.headers.map((h) => h.value), ...(r.body ? [r.body] : [])])
    for (const p of ps) if ('s' in p) names.add(p.s);
  return [...names];
}

/** What is sent: secrets in, escaped for the body as the other values were when prepared. */
export function finalRequest(r: PreparedRequest, secrets: ReadonlyMap<string, string>) {
  const type = r.headers
    .filter((h) => h.name.toLowerCase() === 'content-type')
    .map((h) => join(h.value, () => ''))
    .join('')
    .toLowerCase();
  const bodyHow: Escape = type.includes('json')
    ? 'json'
    : type.includes('x-www-form-urlencoded')
      ? 'url'
      : 'raw';
  const value = (how: Escape | 'header') => (name: string) => {
    const v = secrets.get(name) ?? '';
    if (how === 'header') return v.replace(/[\r\n]+/g, ' ');
    return how === 'json' ? JSON.stringify(v).slice(1, -1) : how === 'url' ? encodeURIComponent(v) : v;
  };
  return {
    method: r.method,
    url: r.url,
    headers: Object.fromEntries(r.headers.map((h) => [h.name, join(h.value, value('header'))])),
    body: r.body === null ? undefined : join(r.body, value(bodyHow)),
  };
}

/** Text an answer or error may echo, with every secret's value (and its JSON-escaped form) cut out. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]))
      out = out.split(form).join('[redacted]');
  }
  return out;
}
