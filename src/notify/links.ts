import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed acknowledge / resolve links for pages (SPEC §2 "Keys", §4): whoever holds the link may
 * act once as the paged user until it expires, without logging in. A token is
 * `v2.<incident id>~<user id>~<a|r|x>~<issued, s, base36>[~<lifetime, s, base36>].<mac>` (no
 * lifetime for the standard ACTION_LINK_TTL_MS, which every link Tocsin sends has), the MAC
 * the first 128 bits of an HMAC-SHA256 over everything before it (so the version is signed too),
 * base64url, keyed with the action-link key derived from the server secret (src/platform/auth/
 * keys.ts), never the secret itself. Plain text, a lifetime instead of a second timestamp and a
 * truncated MAC keep links short enough for SMS.
 *
 * The server does not trust the lifetime a token states: it refuses one longer than
 * ACTION_LINK_TTL_MS, or issued in the future, so even a stolen signing key cannot mint a
 * long-lived link. That a token acts only for someone paged for the incident, and only once, is
 * checked against the database by action-routes.ts.
 *
 * `a` and `r` allow one action each (chat, email and webhook pages carry both links). `x`, the
 * respond link, allows either: the person picks on the confirmation page. SMS carries only that
 * one, which leaves room in 320 characters for the summary and the runbook link.
 *
 * `v1` tokens (expiry only, a key derived from the secret every webhook receiver held) are
 * refused as expired: they predate the lifetime cap and may have been forged.
 */
export type IncidentAction = 'acknowledge' | 'resolve';
/** What a token allows: one action, or `respond` (either of them). */
export type LinkAction = IncidentAction | 'respond';

export const INCIDENT_ACTIONS: readonly IncidentAction[] = ['acknowledge', 'resolve'];

export interface ActionClaims {
  incidentId: string;
  userId: string;
  action: LinkAction;
  /** Epoch milliseconds (whole seconds once signed): when the link was made. */
  issuedAt: number;
  /** Epoch milliseconds; the token is refused from this instant on. */
  expiresAt: number;
}

/**
 * An expired token's claims are still signed by us, so its page may say which incident it was for
 * (and link to the incident's page, which needs a login) without acting on it.
 */
export type VerifyResult =
  | { ok: true; claims: ActionClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'over_lifetime' }
  | { ok: false; reason: 'expired'; claims?: ActionClaims };

/** The lifetime of links Tocsin makes, and the longest the server accepts whatever a token says. */
export const ACTION_LINK_TTL_MS = 24 * 3600 * 1000;
/** Engines and API nodes' clocks may disagree a little; a token from further ahead is refused. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const VERSION = 'v2';
// 16 bytes: 22 base64url characters without padding. Pinning the exact text (not just the
// decoded bytes) refuses the alternative encodings that differ in the unused low bits.
const TOKEN = /^v2\.([A-Za-z0-9_~-]{1,512})\.([A-Za-z0-9_-]{22})$/;
const OLD_TOKEN = /^v1\.[A-Za-z0-9_~-]{1,512}\.[A-Za-z0-9_-]{22}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
// Short codes keep the URL short enough for SMS.
const ACTION_CODE: Record<LinkAction, string> = { acknowledge: 'a', resolve: 'r', respond: 'x' };
const CODE_ACTION: Record<string, LinkAction> = { a: 'acknowledge', r: 'resolve', x: 'respond' };

function mac(key: Buffer, signed: string): string {
  return createHmac('sha256', key).update(signed).digest().subarray(0, 16).toString('base64url');
}

/**
 * Signs whatever lifetime it is given (tests sign over-long ones to prove the server refuses
 * them); actionLinks is what makes real links.
 */
export function signActionToken(claims: ActionClaims, key: Buffer): string {
  const { incidentId, userId, action, issuedAt, expiresAt } = claims;
  if (
    !ID.test(incidentId) ||
    !ID.test(userId) ||
    !Number.isSafeInteger(issuedAt) ||
    !Number.isSafeInteger(expiresAt) ||
    expiresAt <= issuedAt
  ) {
    throw new Error('signActionToken: ids must be ids, and issuedAt < expiresAt integers');
  }
  // Whole seconds: issued rounded down and the end rounded up, so a link never lives shorter than
  // asked, except that the standard lifetime is left out (SMS counts characters) and so exact.
  const issued = Math.floor(issuedAt / 1000);
  const fields = [incidentId, userId, ACTION_CODE[action], issued.toString(36)];
  if (expiresAt - issuedAt !== ACTION_LINK_TTL_MS) {
    fields.push((Math.ceil(expiresAt / 1000) - issued).toString(36));
  }
  const payload = fields.join('~');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(key, signed)}`;
}

function decodeClaims(payload: string): ActionClaims | undefined {
  const parts = payload.split('~');
  if (parts.length !== 4 && parts.length !== 5) return undefined;
  const [incidentId, userId, code, issued, lifetime] = parts as [string, string, string, string, string?];
  if (!ID.test(incidentId) || !ID.test(userId)) return undefined;
  const action = Object.hasOwn(CODE_ACTION, code) ? CODE_ACTION[code] : undefined;
  const base36 = /^[0-9a-z]{1,11}$/;
  if (action === undefined || !base36.test(issued) || (lifetime !== undefined && !base36.test(lifetime))) {
    return undefined;
  }
  const issuedAt = parseInt(issued, 36) * 1000;
  const expiresAt = issuedAt + (lifetime === undefined ? ACTION_LINK_TTL_MS : parseInt(lifetime, 36) * 1000);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= issuedAt) return undefined;
  return { incidentId, userId, action, issuedAt, expiresAt };
}

/**
 * Checks the MAC before looking inside, so unauthenticated bytes are never interpreted, then
 * the lifetime: the token's own expiry, and the server's cap on how long any link may live.
 */
export function verifyActionToken(
  token: string,
  key: Buffer,
  now: number,
  maxLifetimeMs: number = ACTION_LINK_TTL_MS,
): VerifyResult {
  if (OLD_TOKEN.test(token)) return { ok: false, reason: 'expired' };
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const payload = m[1]!;
  const expected = Buffer.from(mac(key, `${VERSION}.${payload}`));
  if (!timingSafeEqual(expected, Buffer.from(m[2]!))) return { ok: false, reason: 'bad_signature' };
  const claims = decodeClaims(payload);
  if (claims === undefined) return { ok: false, reason: 'malformed' };
  // Signing rounds the end up to a whole second, so a link made for exactly the cap may state up
  // to a second more.
  if (claims.expiresAt - claims.issuedAt > maxLifetimeMs + 1000)
    return { ok: false, reason: 'over_lifetime' };
  if (claims.issuedAt > now + CLOCK_SKEW_MS) return { ok: false, reason: 'over_lifetime' };
  if (now >= claims.expiresAt) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export function actionLinks(
  publicUrl: string,
  key: Buffer,
  target: { incidentId: string; userId: string },
  now: number,
  ttlMs: number = ACTION_LINK_TTL_MS,
): { acknowledgeUrl: string; resolveUrl: string; respondUrl: string } {
  const base = publicUrl.replace(/\/+$/, '');
  const url = (action: LinkAction) =>
    `${base}/actions/${signActionToken({ ...target, action, issuedAt: now, expiresAt: now + ttlMs }, key)}`;
  return { acknowledgeUrl: url('acknowledge'), resolveUrl: url('resolve'), respondUrl: url('respond') };
}
