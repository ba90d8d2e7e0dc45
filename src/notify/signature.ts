import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header generic webhooks carry (SPEC §4). */
export const SIGNATURE_HEADER = 'Tocsin-Signature';

function digest(secret: string, body: string, unixSeconds: number): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
}

/**
 * The `Tocsin-Signature` value for a webhook body: `t=<unix>,v1=<hex hmac-sha256 of "<unix>.<body>">`.
 * The timestamp is inside the MAC so a captured request cannot be replayed later with a fresh `t`.
 * `body` must be the exact string sent on the wire. The key is the contact method's own signing
 * secret (`whsec_...`, the whole string; src/users/signing-secrets.ts), never the server secret.
 * Given several secrets (a rotation's overlap), each adds a `v1=` entry, the current one first.
 */
export function signWebhook(secrets: string | string[], body: string, unixSeconds: number): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${unixSeconds}`, ...list.map((s) => `v1=${digest(s, body, unixSeconds)}`)].join(',');
}

/**
 * Checks a `Tocsin-Signature` header against the raw request body, for receivers of Tocsin's webhooks
 * (and Tocsin's own tests). Verify the raw bytes as received, before any JSON parsing: re-serialising
 * changes them. Rejects timestamps more than `toleranceSeconds` away from `nowSeconds` (replays).
 * Several `v1=` entries are accepted so a secret rotation can sign with old and new secrets at once.
 * The comparison is constant-time (timingSafeEqual) so response timing leaks nothing about the MAC.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return false;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return false;
      t = Number(value);
    } else if (key === 'v1') {
      candidates.push(value);
    }
  }
  if (t === undefined || candidates.length === 0) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(digest(secret, body, t), 'hex');
  let ok = false;
  for (const candidate of candidates) {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) continue;
    // No early exit: every candidate costs the same, whichever matches.
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) ok = true;
  }
  return ok;
}
