import type { InjectOptions } from 'fastify';
import type { RegisteredRoute } from '../../src/platform/http/app.ts';
import { type Rng, mutate, randomString } from './mutate.ts';
import {
  type JsonValue,
  amWebhook,
  apiV2Alerts,
  genericBody,
  grafanaWebhook,
  pdChange,
  pdTrigger,
} from './samples.ts';
import { type SampleContext, sampleOf } from './schema-sample.ts';

/**
 * Broken requests for any registered route, drawn from its schemas: path parameters that are
 * real ids most of the time and hostile text otherwise, query strings with times past year 9999,
 * NUL and huge numbers, and bodies made by the ingest fuzzer's mutations plus prototype keys and
 * NUL characters. Everything random comes from the Rng, so a seed replays a run.
 */

export interface Caller {
  name: string;
  headers: Record<string, string>;
}

export interface FuzzRequest {
  /** For the failure report: what was done to the request. */
  what: string[];
  caller: string;
  options: InjectOptions & { method: string; url: string };
}

/** Supplies a value for a path parameter: a real one (listed from its collection) or undefined. */
export type ParamSource = (collectionUrl: string, param: string) => Promise<string | undefined>;

const HOSTILE_SEGMENTS = [
  '%00',
  'a%00b',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%E2%80%AE',
  '..',
  '%2e%2e',
  '%2F',
  '%20',
  '0',
  '-1',
  '1e400',
  'null',
  '__proto__',
  'constructor',
  "x'%3B%20drop%20table%20users%3B--",
  'x'.repeat(65),
  'x'.repeat(4000),
  'usr_00000000000000000000000000',
  'SEV9',
];

// Times at and past the ends of what the API accepts (years 1970-2200) and of what JavaScript can hold.
const HOSTILE_TIMES = [
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999-23:59',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+23:59',
  '1969-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '2200-12-31T23:59:59Z',
  '2201-01-01T00:00:00Z',
  '2126-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-02-30T25:61:61Z',
];

const HOSTILE_QUERY_VALUES = [
  ...HOSTILE_TIMES,
  '\u0000',
  'a\u0000b',
  '\ud800',
  '',
  ' ',
  '-1',
  '0',
  '1e400',
  'NaN',
  '99999999999999999999',
  '9007199254740993',
  'true',
  '[]',
  '{}',
];

/** Percent-encodes UTF-8 bytes; a lone surrogate becomes its (invalid) 3-byte form on purpose. */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`;
    } else if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

function queryOf(ctx: SampleContext, schema: unknown, what: string[]): string {
  const { rng } = ctx;
  const sample = sampleOf(ctx, schema);
  const pairs: [string, string][] = [];
  const entries =
    sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? Object.entries(sample) : [];
  for (const [k, v] of entries) {
    let value = Array.isArray(v) ? v.map(String) : [typeof v === 'string' ? v : JSON.stringify(v)];
    if (rng.chance(0.3)) {
      const isTime = typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v);
      value = [
        isTime && rng.chance(0.7)
          ? rng.pick(HOSTILE_TIMES)
          : rng.chance(0.7)
            ? rng.pick(HOSTILE_QUERY_VALUES)
            : randomString(rng),
      ];
      what.push(`query ${k}`);
    }
    if (rng.chance(0.05)) {
      value = [...value, ...value];
      what.push(`query ${k} twice`);
    }
    for (const x of value) pairs.push([k, x]);
  }
  if (rng.chance(0.05)) {
    pairs.push([
      rng.pick(['__proto__', 'constructor', 'x\u0000', 'limit', 'cursor', 'at']),
      randomString(rng),
    ]);
    what.push('query extra');
  }
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
}

/** A valid ingest body for a root route, from the samples the ingest fuzzer uses. */
function ingestSample(url: string, key: string): JsonValue | undefined {
  if (url === '/v2/enqueue') return pdTrigger(key);
  if (url === '/v2/change/enqueue') return pdChange(key);
  if (url.includes('alertmanager/')) return amWebhook();
  if (url.includes('grafana/')) return grafanaWebhook();
  if (url.includes('/api/v2/alerts')) return apiV2Alerts();
  if (url.includes('generic/')) return genericBody();
  return undefined;
}

/** Text of a JSON body with one string value given a NUL, or a prototype key added. */
function hostileBody(rng: Rng, sample: JsonValue | undefined): { payload: string; what: string } {
  const base = sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? sample : {};
  const text = JSON.stringify(base);
  const times = [...text.matchAll(/"\d{4}-\d\d-\d\dT[^"]*"/g)];
  if (times.length > 0 && rng.chance(0.5)) {
    // Every time in the body moved to a hostile one: a period from year 0 to 9999, or a century.
    let out = text;
    for (const m of times) out = out.replace(m[0], JSON.stringify(rng.pick(HOSTILE_TIMES)));
    return { payload: out, what: 'hostile times' };
  }
  switch (rng.int(4)) {
    case 0:
      return {
        payload: text.replace(/^\{/, '{"__proto__":{"role":"admin"},').replace(',}', '}'),
        what: '__proto__ key',
      };
    case 1:
      return {
        payload: text.replace(/^\{/, '{"constructor":{"prototype":{"x":1}},').replace(',}', '}'),
        what: 'constructor.prototype key',
      };
    case 2: {
      const strings = [...text.matchAll(/"(?:[^"\\]|\\.)*"(?=\s*[,}\]])/g)];
      if (strings.length === 0) return { payload: '{"name":"a\\u0000b"}', what: 'NUL in name' };
      const m = rng.pick(strings);
      const at = m.index + 1;
      return { payload: `${text.slice(0, at)}\\u0000${text.slice(at)}`, what: 'NUL in a string' };
    }
    default:
      return { payload: text.replace(/^\{/, '{"a\\u0000":1,').replace(',}', '}'), what: 'NUL in a key' };
  }
}

export async function buildRequest(
  ctx: SampleContext,
  route: RegisteredRoute,
  caller: Caller,
  params: ParamSource,
  ingestKey: (url: string) => string,
): Promise<FuzzRequest> {
  const { rng } = ctx;
  const what: string[] = [];
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  // Path: each parameter in turn, listed from the collection before it.
  const segments = route.url.split('/');
  const built: string[] = [];
  for (const seg of segments) {
    if (!seg.startsWith(':') && seg !== '*') {
      built.push(seg);
      continue;
    }
    const name = seg === '*' ? '*' : seg.slice(1);
    let value: string | undefined;
    if (rng.chance(0.15)) {
      value = rng.pick(HOSTILE_SEGMENTS);
      what.push(`param ${name} ${value.slice(0, 20)}`);
    } else {
      // A parameter right after the root (the web UI's `/*`) has `/` as its collection.
      value = name === 'key' ? ingestKey(route.url) : await params(built.join('/') || '/', name);
      value = value === undefined ? encode(randomString(rng)) || 'x' : encode(value);
    }
    built.push(value);
  }
  let url = built.join('/');
  if (schema.querystring !== undefined) url += queryOf(ctx, schema.querystring, what);
  else if (rng.chance(0.05)) url += `?x=${encode(rng.pick(HOSTILE_QUERY_VALUES))}`;

  const options: FuzzRequest['options'] = { method: route.method, url, headers: { ...caller.headers } };
  if (route.method === 'GET' || route.method === 'DELETE') {
    if (!rng.chance(0.05)) return { what, caller: caller.name, options };
  }
  const sample =
    schema.body !== undefined
      ? sampleOf(ctx, schema.body)
      : route.url.startsWith('/api/v1/')
        ? {}
        : ingestSample(route.url, ingestKey(route.url));
  let payload: string | Buffer | undefined;
  let contentType: string | undefined = 'application/json';
  const r = rng.next();
  if (r < 0.3) {
    payload = sample === undefined ? undefined : JSON.stringify(sample);
    what.push('valid sample');
  } else if (r < 0.4) {
    const h = hostileBody(rng, sample);
    payload = h.payload;
    what.push(h.what);
  } else {
    const m = mutate(rng, sample);
    payload = m.payload;
    contentType = m.contentType;
    what.push(...m.what);
  }
  if (payload === undefined) contentType = undefined;
  if (contentType !== undefined) options.headers = { ...options.headers, 'content-type': contentType };
  if (payload !== undefined) options.payload = payload;
  return { what, caller: caller.name, options };
}
