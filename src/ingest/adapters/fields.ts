/**
 * Small readers for untrusted JSON. Each problem is pushed to `errors` with the field's path,
 * so an adapter reports every problem of a body at once and never throws on bad input.
 */
export type Errors = string[];
export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function optString(
  obj: Json,
  key: string,
  path: string,
  errors: Errors,
  max = 1024,
): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    errors.push(`'${path}' must be a string`);
    return undefined;
  }
  if (v.length > max) {
    errors.push(`'${path}' is longer than ${max} characters`);
    return undefined;
  }
  return v;
}

export function reqString(
  obj: Json,
  key: string,
  path: string,
  errors: Errors,
  max = 1024,
): string | undefined {
  const v = optString(obj, key, path, errors, max);
  if (v === undefined || v.trim() === '') {
    if (!errors.some((e) => e.startsWith(`'${path}'`))) errors.push(`'${path}' is missing or blank`);
    return undefined;
  }
  return v;
}

/** More labels (or annotations) than any real alert carries (Prometheus and Grafana attach tens). */
export const MAX_MAP_ENTRIES = 256;

/** A string map such as Alertmanager labels; non-string values are errors. */
export function stringMap(v: unknown, path: string, errors: Errors): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    errors.push(`'${path}' must be an object of strings`);
    return {};
  }
  if (Object.keys(v).length > MAX_MAP_ENTRIES) {
    errors.push(`'${path}' has more than ${MAX_MAP_ENTRIES} entries`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') errors.push(`'${path}.${k}' must be a string`);
    else out[k] = val;
  }
  return out;
}

/** RFC 3339 / ISO 8601 time; PagerDuty also allows `+0000` offsets, which Date.parse reads. */
export function optTime(obj: Json, key: string, path: string, errors: Errors): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') {
    errors.push(`'${path}' must be a timestamp string`);
    return undefined;
  }
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(t)) {
    errors.push(`'${path}' is not a valid timestamp: ${JSON.stringify(v.slice(0, 40))}`);
    return undefined;
  }
  return t;
}

/**
 * Source times before this mean "not set": Go's zero time `0001-01-01T00:00:00Z` (what
 * Alertmanager, amtool and other Go clients send for a time left unset) or Unix time 0.
 */
const UNSET_BEFORE = Date.UTC(1971, 0, 1);

/** `optTime` for a source's own times: a zero time counts as absent, as Alertmanager treats it. */
export function optSourceTime(obj: Json, key: string, path: string, errors: Errors): number | undefined {
  const t = optTime(obj, key, path, errors);
  return t !== undefined && t >= UNSET_BEFORE ? t : undefined;
}

export function optArray(obj: Json, key: string, path: string, errors: Errors, max = 100): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errors.push(`'${path}' must be an array`);
    return [];
  }
  if (v.length > max) errors.push(`'${path}' has more than ${max} entries`);
  return v;
}

/** Deeper than any alert format nests; storing a body JSON.stringify()s it, which recurses. */
export const MAX_DEPTH = 64;

/** True when `v` nests objects or arrays deeper than `max`; iterative, so it cannot overflow itself. */
export function nestedDeeperThan(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
