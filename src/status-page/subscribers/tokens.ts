import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The links in subscriber mail, all keyed with the `statusSubscribers` key (src/platform/auth/keys.ts),
 * never the server secret. A token is `<subscriber id>.<mac>`: the id finds the row, the MAC says
 * we made the link.
 *
 * - Unsubscribe: MAC over the subscriber id. It never expires (RFC 8058 wants a link that works
 *   whenever the mail is read); unsubscribing deletes the row, and a new subscription has a new
 *   id, so an old link cannot end a later subscription.
 * - Confirm: MAC over the confirmation delivery's idempotency key, and only a keyed hash of that
 *   token is stored (confirm_token_hash). The delivery worker derives the token again when it
 *   renders the mail, so the plain token is never written anywhere, and a copy of the database
 *   without the key can neither confirm nor recognise a link found in a mail log. A newer
 *   confirmation mail replaces the stored hash, retiring the older link.
 */
function mac(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}:${value}`, 'utf8').digest('base64url');
}

const TOKEN = /^(sub_[0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/;

function split(token: string): { id: string; mac: string } | undefined {
  const m = TOKEN.exec(token);
  return m ? { id: m[1]!, mac: m[2]! } : undefined;
}

function same(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function unsubscribeToken(key: Buffer, subscriberId: string): string {
  return `${subscriberId}.${mac(key, 'unsubscribe', subscriberId)}`;
}

/** The subscriber the unsubscribe token names, or undefined when we did not make it. */
export function verifyUnsubscribeToken(key: Buffer, token: string): string | undefined {
  const t = split(token);
  return t !== undefined && same(t.mac, mac(key, 'unsubscribe', t.id)) ? t.id : undefined;
}

/** The confirmation token a confirm delivery carries (derived again at send time). */
export function confirmToken(key: Buffer, subscriberId: string, idempotencyKey: string): string {
  return `${subscriberId}.${mac(key, 'confirm', idempotencyKey)}`;
}

/** What is stored of a confirmation token. */
export function confirmTokenHash(key: Buffer, token: string): string {
  return mac(key, 'confirm-hash', token);
}

/** The subscriber a confirmation token claims to be for (checked against the stored hash). */
export function confirmTokenSubscriber(token: string): string | undefined {
  return split(token)?.id;
}

export function confirmTokenMatches(key: Buffer, token: string, storedHash: string | null): boolean {
  return storedHash !== null && same(confirmTokenHash(key, token), storedHash);
}
