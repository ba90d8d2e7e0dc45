import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * One key per purpose, derived from the server secret (`TOCSIN_SECRET`, or the one generated on
 * first start) with HKDF-SHA256 and a distinct label each. Nothing is ever signed or encrypted
 * with the server secret itself, so a key that leaks through one use (or a flaw in one use)
 * says nothing about the others or about the secret. A label names its version: changing how
 * a key is used means a new label, which retires everything made with the old one.
 *
 * Sessions need no key: they are random bearer tokens stored as SHA-256 (see secrets.ts).
 * Webhooks are not signed with a derived key either: each webhook contact method has its own
 * random signing secret, stored encrypted with `secretEncryption` (src/users/signing-secrets.ts),
 * so a receiver holds nothing that works anywhere else. Invite links are random too, but stored
 * as an HMAC with the `invites` key: a copy of the database alone cannot tell which row a link
 * found elsewhere (a mail log) belongs to, nor forge one.
 */
export const KEY_LABELS = {
  actionLinks: 'tocsin/action-links/v1',
  secretEncryption: 'tocsin/secret-encryption/v1',
  invites: 'tocsin/invites/v1',
  // Status-page subscribers (src/status-page/subscribers): unsubscribe links are an HMAC with it,
  // pending confirmation tokens are stored as one.
  statusSubscribers: 'tocsin/status-subscribers/v1',
  // Ticket trackers (src/action-items/trackers): their API tokens and webhook secrets, encrypted.
  ticketTrackers: 'tocsin/ticket-trackers/v1',
  // Runbook steps' secrets (src/runbooks/steps), encrypted; sent only in a step's request.
  runbookSecrets: 'tocsin/runbook-secrets/v1',
} as const;

export type KeyPurpose = keyof typeof KEY_LABELS;

export type Keys = { readonly [P in KeyPurpose]: Buffer };

/**
 * `salt` is random per install (generated once and kept in `settings`, see ensureKeySalt): with
 * a public constant, anyone who knows the server secret derives every key, and before keys per
 * purpose every webhook receiver was sent TOCSIN_SECRET itself. The salt is not secret, but those
 * receivers never saw it, so their copy of an operator-set TOCSIN_SECRET derives nothing.
 */
export function deriveKey(masterSecret: string, salt: string, purpose: KeyPurpose): Buffer {
  if (masterSecret.length === 0) throw new Error('deriveKey: the server secret is empty');
  if (salt.length === 0) throw new Error('deriveKey: the install salt is empty');
  return Buffer.from(hkdfSync('sha256', masterSecret, salt, KEY_LABELS[purpose], 32));
}

export function deriveKeys(masterSecret: string, salt: string): Keys {
  return {
    actionLinks: deriveKey(masterSecret, salt, 'actionLinks'),
    secretEncryption: deriveKey(masterSecret, salt, 'secretEncryption'),
    invites: deriveKey(masterSecret, salt, 'invites'),
    statusSubscribers: deriveKey(masterSecret, salt, 'statusSubscribers'),
    ticketTrackers: deriveKey(masterSecret, salt, 'ticketTrackers'),
    runbookSecrets: deriveKey(masterSecret, salt, 'runbookSecrets'),
  };
}

// `enc1.<iv>.<ciphertext>.<tag>`, base64url: text, so it fits a text column on both dialects,
// and versioned, so the scheme can change without guessing what a stored value is.
const ENCRYPTED = /^enc1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

/**
 * AES-256-GCM with a random 96-bit IV. `context` is authenticated but not stored (GCM's
 * associated data): bind a value to the row it belongs to (e.g. `contact_method:<id>`) so a
 * ciphertext copied into another row does not decrypt there.
 */
export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `enc1.${iv.toString('base64url')}.${body.toString('base64url')}.${tag.toString('base64url')}`;
}

/** Throws when the value was not made by encryptSecret with this key and context (or was changed). */
export function decryptSecret(key: Buffer, stored: string, context: string): string {
  const m = ENCRYPTED.exec(stored);
  if (!m) throw new Error('decryptSecret: not an encrypted value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[1]!, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(m[3]!, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(m[2]!, 'base64url')), decipher.final()]).toString('utf8');
}
