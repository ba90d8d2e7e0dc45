import type { Rng } from './mutate.ts';
import type { JsonObject, JsonValue } from './samples.ts';

/**
 * A plausible value for a route's JSON Schema (TypeBox objects are JSON Schema), so the route
 * fuzzer starts from requests that mostly pass validation and reach the domain code, then breaks
 * them. Ids are drawn from the objects the test has seen, guessed by field name; the rest are
 * made to fit the schema's type, enum, format, bounds and the common patterns.
 */
export interface SampleContext {
  rng: Rng;
  /** Ids seen so far, by prefix (`usr`, `team`, `svc` ...). */
  ids: Map<string, string[]>;
  /** Unique per draw, so names do not collide. */
  counter: { n: number };
}

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// Field name -> id prefix; the first match wins.
const ID_PREFIXES: [RegExp, string][] = [
  [/contact_method/, 'cm'],
  [/user|requester|owner|assignee|member|commander|lead|responder|participant/, 'usr'],
  [/team/, 'team'],
  [/service/, 'svc'],
  [/schedule/, 'sch'],
  [/polic/, 'esc'],
  [/incident/, 'inc'],
  [/integration/, 'int'],
  [/alert/, 'alr'],
];

export function pickId(ctx: SampleContext, field: string): string {
  const prefix = ID_PREFIXES.find(([re]) => re.test(field))?.[1];
  const pool = (prefix !== undefined ? ctx.ids.get(prefix) : undefined) ?? [...ctx.ids.values()].flat();
  return pool.length > 0 ? ctx.rng.pick(pool) : `x_${ctx.counter.n++}`;
}

/** Starts in the next ten days, ends 11-40 days out, others anywhere from 5 days ago: mostly valid periods. */
function isoNear(rng: Rng, field: string): string {
  const hours = /^(start|from|since|effective)/.test(field)
    ? rng.int(24 * 10)
    : /^(end|until|to$)/.test(field)
      ? 24 * 11 + rng.int(24 * 30)
      : rng.int(24 * 40) - 24 * 5;
  return new Date(Date.now() + hours * 3_600_000).toISOString();
}

const PATTERN_CANDIDATES = [
  '09:00',
  'fuzz',
  'fuzz-1',
  'sev1',
  'SEV1',
  'UTC',
  'incident_commander',
  'https://example.com/x',
  '1h',
  '#ff0000',
  'a',
];

function stringFor(ctx: SampleContext, field: string, s: Schema): string {
  const { rng } = ctx;
  if (Array.isArray(s.enum)) return String(rng.pick(s.enum));
  switch (s.format) {
    case 'date-time':
      return isoNear(rng, field);
    case 'date':
      return isoNear(rng, field).slice(0, 10);
    case 'email':
      return `fuzz-${ctx.counter.n++}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${ctx.counter.n++}`;
    default:
      break;
  }
  if (field === 'id' || /_id$|Id$|^participant$|^target$/.test(field)) return pickId(ctx, field);
  if (/_date$/.test(field)) return isoNear(rng, field).slice(0, 10);
  if (/time_zone|timezone/.test(field)) return rng.pick(['UTC', 'Europe/Berlin', 'America/New_York']);
  if (/email/.test(field)) return `fuzz-${ctx.counter.n++}@example.com`;
  if (/url|href|address/.test(field)) return `https://example.com/${ctx.counter.n++}`;
  let text = `${field || 'fuzz'} ${ctx.counter.n++}`;
  if (typeof s.pattern === 'string' && s.pattern !== '\\S') {
    const re = new RegExp(s.pattern, 'u');
    text = PATTERN_CANDIDATES.find((c) => re.test(c)) ?? text;
  }
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  if (text.length > max) text = text.slice(text.length - max);
  return text.padEnd(min, 'x');
}

function numberFor(rng: Rng, s: Schema): number {
  const min = typeof s.minimum === 'number' ? s.minimum : 0;
  const max = typeof s.maximum === 'number' ? s.maximum : min + 100;
  const n = min + rng.int(Math.min(max - min, 100) + 1);
  return s.type === 'integer' ? Math.floor(n) : n;
}

export function sampleOf(ctx: SampleContext, schema: unknown, field = '', depth = 0): JsonValue | undefined {
  if (!isSchema(schema) || depth > 8) return null;
  const { rng } = ctx;
  if ('const' in schema) return schema.const as JsonValue;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      // Prefer a non-null branch: null is the least interesting value.
      const real = branches.filter((b) => !(isSchema(b) && b.type === 'null'));
      return sampleOf(ctx, rng.pick(real.length > 0 ? real : branches), field, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: JsonObject = {};
    for (const part of schema.allOf) Object.assign(merged, sampleOf(ctx, part, field, depth + 1));
    return merged;
  }
  const type = Array.isArray(schema.type) ? rng.pick(schema.type as string[]) : schema.type;
  switch (type) {
    case 'object': {
      const out: JsonObject = {};
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      const props = isSchema(schema.properties) ? schema.properties : {};
      // "exactly one of" objects (maxProperties 1) get one optional field.
      let room = typeof schema.maxProperties === 'number' ? schema.maxProperties - required.size : Infinity;
      for (const [name, sub] of rng.chance(0.5) ? Object.entries(props) : Object.entries(props).reverse()) {
        if (!required.has(name) && (room <= 0 || !rng.chance(0.6))) continue;
        if (!required.has(name)) room--;
        const v = sampleOf(ctx, sub, name, depth + 1);
        if (v !== undefined) out[name] = v;
      }
      if (Object.keys(props).length === 0 && isSchema(schema.additionalProperties) && rng.chance(0.7))
        out[`k${ctx.counter.n++}`] = sampleOf(ctx, schema.additionalProperties, field, depth + 1) ?? null;
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 2;
      const n = min + rng.int(Math.min(max - min, 2) + 1);
      const items: JsonValue[] = [];
      for (let i = 0; i < n; i++)
        items.push(sampleOf(ctx, schema.items, field.replace(/s$/, ''), depth + 1) ?? null);
      return items;
    }
    case 'string':
      return stringFor(ctx, field, schema);
    case 'integer':
    case 'number':
      return numberFor(rng, schema);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return Array.isArray(schema.enum) ? (rng.pick(schema.enum) as JsonValue) : undefined;
  }
}
