import { randomBytes } from 'node:crypto';

/**
 * Ids are `<prefix>_<ulid>`: 48 bits of milliseconds then 80 random bits, Crockford base32.
 * They sort by creation time, so cursor pagination is `WHERE id > cursor ORDER BY id`.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32]!;
  return time + rand;
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
  | 'tl'; // escalation and paging (src/escalation, src/notify)

export function newId(prefix: IdPrefix, now?: number): string {
  return `${prefix}_${ulid(now)}`;
}
