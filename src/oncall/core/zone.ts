import { IANAZone } from 'luxon';

/**
 * Fast, exact conversions between instants and local wall-clock time in an IANA zone.
 *
 * Rotations and restrictions are laid out on a "local timeline": wall-clock milliseconds counted
 * as if the zone were UTC, where every day is exactly 24 hours. Luxon asks Intl for each offset
 * (microseconds per call), far too slow for who-is-on-call across a thousand schedules, so each
 * zone's offset transitions are found once per ~99-day chunk with luxon and then looked up by
 * binary search. The tables are a memo of a deterministic function: results never depend on
 * when or in which order they were filled.
 *
 * Local -> instant is monotone (never goes backwards), which keeps every interval well formed:
 * - a wall-clock time that occurs twice (autumn) means its first occurrence, as in RFC 5545;
 * - a wall-clock time that does not exist (spring) means the instant the clocks jump, so a
 *   02:30 handoff on that day happens at 03:00 local, when 02:30 has "passed".
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const CHUNK = 2 ** 33; // ~99 days of instants per table chunk
const SAMPLE = 12 * HOUR; // zones never change offset twice within 12 hours

interface Chunk {
  /** Offset (ms) in force at the chunk's first instant. */
  first: number;
  /** Instants at which the offset changes, ascending, and the offset from each on. */
  at: number[];
  offset: number[];
}

export interface Zone {
  readonly name: string;
  readonly chunks: Map<number, Chunk>;
  readonly luxon: IANAZone;
}

const zones = new Map<string, Zone>();

/** Luxon builds an Intl.DateTimeFormat to answer: tens of microseconds, so answers are kept. */
const validity = new Map<string, boolean>();

export function isValidTimeZone(name: string): boolean {
  let valid = validity.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    // Names come from users; a bound keeps a flood of made-up ones from growing the map.
    if (validity.size < 10_000) validity.set(name, valid);
  }
  return valid;
}

export function zone(name: string): Zone {
  let z = zones.get(name);
  if (z === undefined) {
    if (!IANAZone.isValidZone(name)) throw new RangeError(`unknown time zone ${JSON.stringify(name)}`);
    z = { name, chunks: new Map(), luxon: IANAZone.create(name) };
    zones.set(name, z);
  }
  return z;
}

function rawOffset(z: Zone, t: number): number {
  return z.luxon.offset(t) * MINUTE;
}

function buildChunk(z: Zone, index: number): Chunk {
  const start = index * CHUNK;
  const end = start + CHUNK;
  const chunk: Chunk = { first: rawOffset(z, start), at: [], offset: [] };
  let prevT = start;
  let prevO = chunk.first;
  for (let t = Math.min(start + SAMPLE, end); ; t = Math.min(t + SAMPLE, end)) {
    const o = rawOffset(z, t);
    if (o !== prevO) {
      // The change lies in (prevT, t]: find its first instant to the millisecond.
      let lo = prevT;
      let hi = t;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (rawOffset(z, mid) === prevO) lo = mid;
        else hi = mid;
      }
      chunk.at.push(hi);
      chunk.offset.push(o);
      prevO = o;
    }
    prevT = t;
    if (t >= end) break;
  }
  // The sample at `end` belongs to the next chunk; drop a change found exactly there.
  if (chunk.at.length > 0 && chunk.at[chunk.at.length - 1]! >= end) {
    chunk.at.pop();
    chunk.offset.pop();
  }
  return chunk;
}

function chunkOf(z: Zone, index: number): Chunk {
  let c = z.chunks.get(index);
  if (c === undefined) {
    c = buildChunk(z, index);
    z.chunks.set(index, c);
  }
  return c;
}

/** Index of the last transition at or before t in the chunk, or -1. */
function lastAtOrBefore(c: Chunk, t: number): number {
  let lo = 0;
  let hi = c.at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.at[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** UTC offset (ms) in force at instant t. */
export function offsetAt(z: Zone, t: number): number {
  const c = chunkOf(z, Math.floor(t / CHUNK));
  if (c.at.length === 0) return c.first;
  const i = lastAtOrBefore(c, t);
  return i < 0 ? c.first : c.offset[i]!;
}

/** The last transition at or before t (instant, offsets before and after), within a chunk or two. */
function lastTransition(z: Zone, t: number): { at: number; before: number; after: number } | undefined {
  let index = Math.floor(t / CHUNK);
  for (let tries = 0; tries < 2; tries++, index--) {
    const c = chunkOf(z, index);
    const i = tries === 0 ? lastAtOrBefore(c, t) : c.at.length - 1;
    if (i >= 0) return { at: c.at[i]!, before: i === 0 ? c.first : c.offset[i - 1]!, after: c.offset[i]! };
  }
  return undefined;
}

/** The first transition strictly after t, if one comes within the next chunk. */
function nextTransition(z: Zone, t: number): { at: number; before: number; after: number } | undefined {
  const index = Math.floor(t / CHUNK);
  for (const ix of [index, index + 1]) {
    const c = chunkOf(z, ix);
    const i = ix === index ? lastAtOrBefore(c, t) + 1 : 0;
    if (i < c.at.length)
      return { at: c.at[i]!, before: i === 0 ? c.first : c.offset[i - 1]!, after: c.offset[i]! };
  }
  return undefined;
}

/** Wall-clock time at instant t, as local-timeline milliseconds. */
export function toLocal(z: Zone, t: number): number {
  return t + offsetAt(z, t);
}

/**
 * Where instant t sits on the local timeline for deciding which wall-clock boundaries have
 * passed. Equals `toLocal` except during the second run of a repeated (autumn) hour: every
 * boundary in that hour already happened at its first occurrence, so t sits just before the
 * hour's end.
 */
export function localPosition(z: Zone, t: number): number {
  const o = offsetAt(z, t);
  const tr = lastTransition(z, t);
  if (tr !== undefined && tr.before > tr.after && t < tr.at + (tr.before - tr.after)) {
    return tr.at + tr.before - 1;
  }
  return t + o;
}

/** The instant of local wall-clock time `local` (first occurrence; the jump for a skipped time). */
export function toInstant(z: Zone, local: number): number {
  const guess = local - offsetAt(z, local);
  const from = guess - DAY;
  const o0 = offsetAt(z, from);
  let tr = nextTransition(z, from);
  if (tr === undefined || tr.at > guess + DAY) return local - o0;
  // Walk the offset periods in time order; the first that contains `local - offset` is the answer.
  let periodStart = -Infinity;
  let o = o0;
  for (let i = 0; i < 4; i++) {
    const periodEnd = tr === undefined ? Infinity : tr.at;
    const t = local - o;
    if (t >= periodStart && t < periodEnd) return t;
    if (tr === undefined) break;
    // Skipped wall-clock time: local falls between this period's end and the next one's start.
    if (tr.after > tr.before && local >= tr.at + tr.before && local < tr.at + tr.after) return tr.at;
    periodStart = tr.at;
    o = tr.after;
    tr = nextTransition(z, tr.at);
  }
  return local - o;
}

/** Local-timeline ms of a calendar date and wall-clock time. */
export function localOf(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm);
}

/** Monday-based day of the week (0 = Monday) of a local-timeline instant. */
export function weekday(local: number): number {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return (((Math.floor(local / DAY) + 3) % 7) + 7) % 7;
}

/** Local-timeline ms of the Monday 00:00 that starts the week containing `local`. */
export function weekStart(local: number): number {
  const dayStart = Math.floor(local / DAY) * DAY;
  return dayStart - weekday(local) * DAY;
}
