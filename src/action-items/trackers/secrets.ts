import { createHmac } from 'node:crypto';
import { decryptSecret, encryptSecret } from '../../platform/auth/keys.ts';
import { safeEqual } from '../../platform/auth/secrets.ts';
import { ConflictError } from '../../platform/errors.ts';

/**
 * A tracker's API token and webhook secret, encrypted with the ticket-trackers key (one key per
 * purpose, src/platform/auth/keys.ts) and bound to their row and column, so a value copied into
 * another row or column does not decrypt there. Neither ever leaves through an answer, the audit
 * log or a log line; the webhook secret is shown once, when the tracker is created.
 */
type Column = 'token' | 'webhook_secret';

const context = (id: string, column: Column) => `ticket_tracker:${id}:${column}`;

export function sealTrackerSecret(key: Buffer, id: string, column: Column, plain: string): string {
  return encryptSecret(key, plain, context(id, column));
}

/** A ConflictError when it does not decrypt: TOCSIN_SECRET changed; set the token (or tracker) again. */
export function openTrackerSecret(key: Buffer, id: string, column: Column, stored: string): string {
  try {
    return decryptSecret(key, stored, context(id, column));
  } catch {
    throw new ConflictError(
      `ticket tracker ${id}: its stored ${column === 'token' ? 'token' : 'webhook secret'} is unreadable (was TOCSIN_SECRET changed?); ${column === 'token' ? 'set the token again' : 'create the tracker again'}`,
    );
  }
}

/**
 * GitHub's `X-Hub-Signature-256` and Jira's `X-Hub-Signature` (WebSub): `sha256=` and the hex
 * HMAC-SHA256 of the raw body with the webhook's secret, compared in constant time.
 */
export function validHubSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return safeEqual(expected, header.trim().toLowerCase());
}
