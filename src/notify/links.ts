import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed acknowledge / resolve links for pages (SPEC §4): whoever holds the link may act as the
 * paged user until it expires, without logging in. A token is
 * `v1.<incident id>~<user id>~<a|r|x>~<expiry, seconds, base36>.<mac>`, the MAC the first 128 bits
 * of an HMAC-SHA256 over everything before it (so the version is signed too), base64url. Plain
 * text and a truncated MAC keep links short.
 *
 * `a` and `r` allow one action each (chat, email and webhook pages carry both links). `x`, the
 * respond link, allows either: the person picks on the confirmation page. SMS carries only that
 * one, which leaves room in 320 characters for the summary and the runbook link.
 */
export type IncidentAction = 'acknowledge' | 'resolve';
/** What a token allows: one action, or `respond` (either of them). */
export type LinkAction = IncidentAction | 'respond';

export const INCIDENT_ACTIONS: readonly IncidentAction[] = ['acknowledge', 'resolve'];

export interface ActionClaims {
  incidentId: string;
  userId: string;
  action: LinkAction;
  /** Epoch milliseconds; the token is refused from this instant on. */
  expiresAt: number;
}

/**
 * An expired token's claims are still signed by us, so its page may say which incident it was for
 * (and link to the incident's page, which needs a login) without acting on it.
 */
export type VerifyResult =
  | { ok: true; claims: ActionClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' }
  | { ok: false; reason: 'expired'; claims: ActionClaims };

export const ACTION_LINK_TTL_MS = 24 * 3600 * 1000;

const VERSION = 'v1';
// 16 bytes: 22 base64url characters without padding. Pinning the exact text (not just the
// decoded bytes) refuses the alternative encodings that differ in the unused low bits.
const TOKEN = /^v1\.([A-Za-z0-9_~-]{1,512})\.([A-Za-z0-9_-]{22})$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
// Short codes keep the URL short enough for SMS.
const ACTION_CODE: Record<LinkAction, string> = { acknowledge: 'a', resolve: 'r', respond: 'x' };
const CODE_ACTION: Record<string, LinkAction> = { a: 'acknowledge', r: 'resolve', x: 'respond' };

/**
 * Links get their own key derived from the server secret, so nothing else signed with that
 * secret (now or later) can be replayed as a link, nor a link as anything else.
 */
function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('tocsin:action-links').digest();
}

function mac(secret: string, signed: string): string {
  return createHmac('sha256', linkKey(secret)).update(signed).digest().subarray(0, 16).toString('base64url');
}

export function signActionToken(claims: ActionClaims, secret: string): string {
  const { incidentId, userId, action, expiresAt } = claims;
  if (!ID.test(incidentId) || !ID.test(userId) || !Number.isSafeInteger(expiresAt)) {
    throw new Error('signActionToken: incidentId and userId must be ids and expiresAt an integer');
  }
  // Whole seconds, rounded up, so a link never lives shorter than asked.
  const payload = [incidentId, userId, ACTION_CODE[action], Math.ceil(expiresAt / 1000).toString(36)].join(
    '~',
  );
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed)}`;
}

function decodeClaims(payload: string): ActionClaims | undefined {
  const parts = payload.split('~');
  if (parts.length !== 4) return undefined;
  const [incidentId, userId, code, expiry] = parts as [string, string, string, string];
  if (!ID.test(incidentId) || !ID.test(userId)) return undefined;
  const action = Object.hasOwn(CODE_ACTION, code) ? CODE_ACTION[code] : undefined;
  if (action === undefined || !/^[0-9a-z]{1,11}$/.test(expiry)) return undefined;
  const expiresAt = parseInt(expiry, 36) * 1000;
  if (!Number.isSafeInteger(expiresAt)) return undefined;
  return { incidentId, userId, action, expiresAt };
}

/** Checks the MAC before looking inside, so unauthenticated bytes are never interpreted. */
export function verifyActionToken(token: string, secret: string, now: number): VerifyResult {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const payload = m[1]!;
  const expected = Buffer.from(mac(secret, `${VERSION}.${payload}`));
  if (!timingSafeEqual(expected, Buffer.from(m[2]!))) return { ok: false, reason: 'bad_signature' };
  const claims = decodeClaims(payload);
  if (claims === undefined) return { ok: false, reason: 'malformed' };
  if (now >= claims.expiresAt) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export function actionLinks(
  publicUrl: string,
  secret: string,
  target: { incidentId: string; userId: string },
  now: number,
  ttlMs: number = ACTION_LINK_TTL_MS,
): { acknowledgeUrl: string; resolveUrl: string; respondUrl: string } {
  const base = publicUrl.replace(/\/+$/, '');
  const url = (action: LinkAction) =>
    `${base}/actions/${signActionToken({ ...target, action, expiresAt: now + ttlMs }, secret)}`;
  return { acknowledgeUrl: url('acknowledge'), resolveUrl: url('resolve'), respondUrl: url('respond') };
}
