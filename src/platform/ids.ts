import { randomBytes } from 'node:crypto';

/**
 * Ids are `<prefix>_<ulid>`: 48 bits of milliseconds then 80 random bits, Crockford base32.
 * They sort by creation time, so cursor pagination is `WHERE id > cursor ORDER BY id`.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRand = '';

function timePart(ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/**
 * Within one millisecond ids from this process increase (the random part of the previous id
 * plus one), so things written in order sort in order even under a clock that stands still,
 * as a test clock does; timeline entries rely on it.
 */
export function ulid(now: number = Date.now()): string {
  const time = timePart(now);
  if (now === lastTime) {
    lastRand = increment(lastRand);
    return time + lastRand;
  }
  const rand = randomPart();
  lastTime = now;
  lastRand = rand;
  return time + rand;
}

function randomPart(): string {
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32]!;
  return rand;
}

function increment(base32: string): string {
  const digits = base32.split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(digits[i]!);
    if (v < 31) {
      digits[i] = ALPHABET[v + 1]!;
      return digits.join('');
    }
    digits[i] = ALPHABET[0]!;
  }
  return digits.join('');
}

export type IdPrefix =
  | 'sch'
  | 'lyr'
  | 'lyv'
  | 'ovr'
  | 'swp'
  | 'tof'
  | 'tmp'
  | 'cal' // on-call (src/oncall)
  | 'usr'
  | 'team'
  | 'svc'
  | 'tok'
  | 'cm'
  | 'ses'
  | 'int'
  | 'alr'
  | 'aev'
  | 'inc'
  | 'chg'
  | 'sil'
  | 'mw'
  | 'esc'
  | 'lvl'
  | 'nr'
  | 'pg'
  | 'ntf'
  | 'att'
  | 'tst' // a test notification (src/notify/test-notification.ts)
  | 'tl' // escalation and paging (src/escalation, src/notify)
  | 'rol'
  | 'upd'
  | 'tsk' // the incident lifecycle (src/incidents)
  | 'cmp'
  | 'cgr'
  | 'cch'
  | 'spi'
  | 'spu'
  | 'stp'
  | 'sub'
  | 'sdl' // the status page (src/status-page)
  | 'pm'
  | 'pmt' // postmortems and their templates (src/postmortems)
  | 'act' // action items (src/action-items)
  | 'trk' // ticket trackers (src/action-items/trackers)
  | 'dig' // weekly insight digests (src/insights/digest)
  | 'rb'
  | 'rbs'
  | 'rbr' // runbooks, their steps and runs (src/runbooks)
  | 'slo'; // SLOs (src/slos)

export function newId(prefix: IdPrefix, now?: number): string {
  return `${prefix}_${ulid(now)}`;
}

/**
 * An id that sorts at a past time (a backdated timeline entry) without touching the sequence
 * of the present, so ids written now keep increasing.
 */
export function newIdAt(prefix: IdPrefix, at: number): string {
  return `${prefix}_${timePart(at)}${randomPart()}`;
}

/** The smallest id of `prefix` made at `at` or later: a lower bound for `WHERE id >= ...` by time. */
export function idFloorAt(prefix: IdPrefix, at: number): string {
  return `${prefix}_${timePart(Math.max(0, at))}${'0'.repeat(16)}`;
}

/** The millisecond an id was made for (its ULID time part); undefined for a malformed id. */
export function idTime(id: string): number | undefined {
  const m = /^[a-z]+_([0-9A-HJKMNP-TV-Z]{10})[0-9A-HJKMNP-TV-Z]{16}$/.exec(id);
  if (m === null) return undefined;
  let t = 0;
  for (const c of m[1]!) t = t * 32 + ALPHABET.indexOf(c);
  return t;
}
