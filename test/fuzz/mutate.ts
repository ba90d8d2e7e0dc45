import type { JsonObject, JsonValue } from './samples.ts';

/**
 * A small seeded generator of broken requests. Everything random comes from one PRNG, so a seed
 * replays the same requests in the same order; nothing reads Math.random or the clock.
 */

/** sfc32: tiny, fast, and good enough to spread mutations evenly; a uint32 seed fixes the stream. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // Mix the seed in before the first draw: nearby seeds would otherwise start alike.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
}

/** A per-endpoint stream from the run's seed, so one endpoint can be replayed alone. */
export function deriveSeed(seed: number, name: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// Strings that mean something to some parser on the way: actions, statuses, times, numbers, names.
const MEANINGFUL = [
  '',
  ' ',
  'trigger',
  'acknowledge',
  'resolve',
  'firing',
  'resolved',
  'ok',
  'critical',
  'error',
  'warning',
  'info',
  'constructor',
  'toString',
  'hasOwnProperty',
  '0001-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2026-11-25T12:00:00Z',
  '2026-11-25T12:00:00.000+0000',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '2026-02-30T25:61:61Z',
  'NaN',
  '1e400',
  '-0',
  'null',
  'true',
  '{}',
  '[]',
  'alertname',
  'labels|tags',
  '$.summary',
];

function randomChar(rng: Rng): string {
  switch (rng.int(9)) {
    case 0:
    case 1:
    case 2:
      return String.fromCharCode(32 + rng.int(95)); // printable ASCII
    case 3:
      return String.fromCharCode(rng.int(32)); // C0 controls, NUL included
    case 4:
      return rng.pick([
        '\u007f',
        '\u0085',
        '\u00a0',
        '\u200b',
        '\u200e',
        '\u202e',
        '\u2028',
        '\u2029',
        '\ufeff',
      ]);
    case 5:
      return String.fromCharCode(0x00a1 + rng.int(0xd7ff - 0x00a1)); // the rest of the BMP before surrogates
    case 6:
      return String.fromCodePoint(0x1f300 + rng.int(0x400)); // astral (emoji): surrogate pairs
    case 7:
      return String.fromCharCode(0xd800 + rng.int(0x800)); // a lone surrogate
    default:
      return rng.pick(['"', '\\', '/', '{', '}', '[', ']', ':', ',', '%', '\n', '\t']);
  }
}

export function randomString(rng: Rng): string {
  if (rng.chance(0.2)) return rng.pick(MEANINGFUL);
  const r = rng.next();
  // Mostly short; sometimes over the adapters' length limits (255, 1024, 4096); rarely very long.
  const length = r < 0.9 ? rng.int(40) : r < 0.99 ? rng.int(5000) : rng.int(100_000);
  // Long strings repeat a random stretch: as hostile to the server, far cheaper to generate.
  let s = '';
  for (let i = Math.min(length, 64); i > 0; i--) s += randomChar(rng);
  return length > 64 ? s.repeat(Math.ceil(length / 64)).slice(0, length) : s;
}

const HUGE_NUMBERS = [
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 63,
  2 ** 64,
  -(2 ** 31) - 1,
  5e-324,
  -0,
  8.64e15 + 1,
  1764072000000,
];

/** A random JSON value; `depth` bounds nesting (sometimes past the 64-level ingest limit). */
export function randomValue(rng: Rng, depth = 3): JsonValue {
  switch (rng.int(depth > 0 ? 8 : 5)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.chance(0.5) ? rng.pick(HUGE_NUMBERS) : (rng.next() - 0.5) * 10 ** rng.int(20);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
    case 6: {
      const out: JsonObject = {};
      const n = rng.int(6);
      for (let i = 0; i < n; i++)
        out[rng.chance(0.7) ? `k${rng.int(10)}` : randomString(rng)] = randomValue(rng, depth - 1);
      return out;
    }
    default: {
      const n = rng.int(6);
      return Array.from({ length: n }, () => randomValue(rng, depth - 1));
    }
  }
}

/** Arrays nested `depth` deep around a value: deep JSON is a classic way to blow a recursive stack. */
function nested(rng: Rng, depth: number): JsonValue {
  let v: JsonValue = randomValue(rng, 0);
  for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { n: v };
  return v;
}

interface Slot {
  container: JsonObject | JsonValue[];
  key: string | number;
}

/** Every place in the tree a value sits, parents before children; iterative like the server. */
function slots(holder: JsonObject): Slot[] {
  const out: Slot[] = [];
  const stack: (JsonObject | JsonValue[])[] = [holder];
  for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
    const keys: (string | number)[] = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
    for (const key of keys) {
      out.push({ container: c, key });
      const v = Array.isArray(c) ? c[key as number] : c[key as string];
      if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return out;
}

function read(s: Slot): JsonValue {
  return Array.isArray(s.container) ? s.container[s.key as number]! : s.container[s.key as string]!;
}

function write(s: Slot, v: JsonValue): void {
  if (Array.isArray(s.container)) s.container[s.key as number] = v;
  else s.container[s.key as string] = v;
}

function remove(s: Slot): void {
  if (Array.isArray(s.container)) s.container.splice(s.key as number, 1);
  else delete s.container[s.key as string];
}

/** A value of another JSON type than `v`, so a field keeps its name but not its type. */
function retype(rng: Rng, v: JsonValue): JsonValue {
  for (;;) {
    const next = randomValue(rng, 2);
    const kind = (x: JsonValue) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);
    if (kind(next) !== kind(v)) return next;
  }
}

/** Applies one structural mutation somewhere in `holder.root`; returns its name for failure reports. */
function mutateValue(rng: Rng, holder: JsonObject): string {
  const all = slots(holder);
  const slot = rng.pick(all);
  const current = read(slot);
  switch (rng.int(10)) {
    case 0:
      remove(slot);
      return `drop ${String(slot.key)}`;
    case 1: {
      // Duplicate: the same value again under a near name, or twice in its array.
      if (Array.isArray(slot.container))
        slot.container.splice(slot.key as number, 0, structuredClone(current));
      else slot.container[`${String(slot.key)}${rng.pick(['', '_', '2', ' '])}`] = structuredClone(current);
      return `duplicate ${String(slot.key)}`;
    }
    case 2:
      write(slot, retype(rng, current));
      return `retype ${String(slot.key)}`;
    case 3:
      write(slot, randomString(rng));
      return `string ${String(slot.key)}`;
    case 4:
      write(slot, rng.pick(HUGE_NUMBERS));
      return `number ${String(slot.key)}`;
    case 5:
      write(slot, null);
      return `null ${String(slot.key)}`;
    case 6: {
      // Nested junk, now and then deeper than the 64 levels ingest accepts.
      write(slot, rng.chance(0.2) ? nested(rng, 50 + rng.int(200)) : randomValue(rng, 4));
      return `junk ${String(slot.key)}`;
    }
    case 7: {
      // A new field, in the nearest object.
      const target =
        typeof current === 'object' && current !== null && !Array.isArray(current) ? current : slot.container;
      if (Array.isArray(target)) target.push(randomValue(rng));
      else
        target[
          rng.chance(0.5)
            ? randomString(rng)
            : rng.pick(['status', 'labels', 'dedup_key', 'severity', 'endsAt'])
        ] = randomValue(rng);
      return 'add field';
    }
    case 8: {
      // A meaningful word where one is expected (event_action, status, severity, times).
      write(slot, rng.pick(MEANINGFUL));
      return `word ${String(slot.key)}`;
    }
    default: {
      // Many entries: labels and alert lists are where the adapters count (256 labels, 10,000
      // alerts). Past 10,000 only rarely: an accepted list that long is seconds of inserts.
      const n = rng.chance(0.98) ? rng.int(300) : 9_990 + rng.int(20);
      if (Array.isArray(current)) {
        const item = current.length > 0 ? current[0]! : randomValue(rng, 1);
        for (let i = 0; i < n; i++) current.push(structuredClone(item));
      } else if (typeof current === 'object' && current !== null) {
        for (let i = 0; i < n; i++) current[`m${i}`] = `v${i}`;
      } else write(slot, randomValue(rng));
      return `grow ${String(slot.key)}`;
    }
  }
}

/** Text-level damage: what a broken proxy, a bad encoder or a truncated write would send. */
function mutateText(rng: Rng, text: string): { payload: string | Buffer; what: string } {
  switch (rng.int(7)) {
    case 0:
      return { payload: text.slice(0, rng.int(text.length + 1)), what: 'truncate' };
    case 1: {
      const at = rng.int(text.length + 1);
      let junk = '';
      for (let i = rng.int(4) + 1; i > 0; i--) junk += randomChar(rng);
      return { payload: text.slice(0, at) + junk + text.slice(at), what: 'insert chars' };
    }
    case 2: {
      const at = rng.int(Math.max(1, text.length));
      return { payload: text.slice(0, at) + randomChar(rng) + text.slice(at + 1), what: 'replace char' };
    }
    case 3: {
      // Numbers JSON can write but doubles cannot hold.
      const huge = rng.pick([
        '1e400',
        '-1e400',
        '123456789012345678901234567890',
        '0.' + '0'.repeat(400) + '1',
        '-0',
      ]);
      const replaced = text.replace(/(?<=[:[,])\s*("[^"]*"|-?\d[\d.eE+-]*|true|false|null)/, huge);
      return { payload: replaced, what: 'huge number' };
    }
    case 4: {
      const bytes = Buffer.alloc(rng.int(200));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      return { payload: bytes, what: 'random bytes' };
    }
    case 5: {
      // Bytes of the valid text with a few flipped: invalid UTF-8 inside otherwise good JSON.
      const bytes = Buffer.from(text, 'utf8');
      for (let i = rng.int(3) + 1; i > 0 && bytes.length > 0; i--)
        bytes[rng.int(bytes.length)] = 0x80 + rng.int(128);
      return { payload: bytes, what: 'invalid utf-8' };
    }
    default:
      return { payload: text.replace(/"/, rng.pick(["'", '', '\\"', '`'])), what: 'broken quote' };
  }
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/vnd.api+json',
  'multipart/form-data; boundary=x',
  '',
  '*/*',
  'application/json, text/plain',
];

export interface Mutant {
  payload: string | Buffer | undefined;
  contentType: string | undefined;
  /** What was done, for the failure report. */
  what: string[];
}

/**
 * One random request body from a valid sample: 0-4 structural mutations, then sometimes damage
 * to the text, sometimes an odd content type, now and then over the 512 KB limit.
 */
export function mutate(rng: Rng, sample: JsonValue | undefined): Mutant {
  const what: string[] = [];
  const holder: JsonObject = { root: structuredClone(sample ?? null) };
  const n = rng.chance(0.05) ? 0 : 1 + rng.int(4);
  for (let i = 0; i < n && holder.root !== undefined; i++) what.push(mutateValue(rng, holder));
  let payload: string | Buffer | undefined =
    holder.root === undefined ? undefined : JSON.stringify(holder.root);
  if (payload !== undefined && rng.chance(0.25)) {
    const m = mutateText(rng, payload);
    payload = m.payload;
    what.push(m.what);
  }
  if (payload !== undefined && rng.chance(0.01)) {
    payload = `${typeof payload === 'string' ? payload : payload.toString('latin1')}${' '.repeat(512 * 1024)}`;
    what.push('oversize');
  }
  let contentType: string | undefined = payload === undefined ? undefined : 'application/json';
  if (rng.chance(0.1)) {
    contentType = rng.chance(0.2) ? undefined : rng.pick(CONTENT_TYPES);
    what.push(`content-type ${JSON.stringify(contentType)}`);
  }
  return { payload, contentType, what };
}
