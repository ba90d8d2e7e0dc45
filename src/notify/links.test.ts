import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { deriveKey } from '../platform/auth/keys.ts';
import {
  ACTION_LINK_TTL_MS,
  type ActionClaims,
  type VerifyResult,
  actionLinks,
  signActionToken,
  verifyActionToken,
} from './links.ts';

/** An expired token still says (signed) which incident it was for, so its page can link there. */
function expiredClaims(r: VerifyResult): ActionClaims | undefined {
  assert.equal(r.ok, false);
  assert.equal(r.ok ? undefined : r.reason, 'expired');
  return !r.ok && r.reason === 'expired' ? r.claims : undefined;
}

const MASTER = 'test-secret-0123456789';
/** Each install's HKDF salt is random (settings `key_salt`); any fixed one serves a unit test. */
const SALT = 'test-install-salt';
const SECRET = deriveKey(MASTER, SALT, 'actionLinks');
const NOW = Date.parse('2025-01-06T12:00:00Z');
const CLAIMS: ActionClaims = {
  incidentId: 'inc_01JGXYZABCDEFGHJKMNPQRSTVW',
  userId: 'usr_01JGXYZABCDEFGHJKMNPQRSTVW',
  action: 'acknowledge',
  issuedAt: NOW,
  expiresAt: NOW + 60_000,
};

/** Swaps one character of `s` at `i` for another base64url character. */
function flip(s: string, i: number): string {
  return s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
}

describe('signed action tokens', () => {
  it('round-trips the claims for every link kind, in a compact URL-safe versioned form', () => {
    for (const action of ['acknowledge', 'resolve', 'respond'] as const) {
      const token = signActionToken({ ...CLAIMS, action }, SECRET);
      assert.match(token, /^v2\.[A-Za-z0-9_~-]+\.[A-Za-z0-9_-]{22}$/);
      assert.deepEqual(verifyActionToken(token, SECRET, NOW), { ok: true, claims: { ...CLAIMS, action } });
    }
  });

  it('refuses a token whose payload was changed', () => {
    const token = signActionToken(CLAIMS, SECRET);
    const [version, payload, mac] = token.split('.') as [string, string, string];
    // A payload re-encoded with other claims (the forger's goal), and a single flipped character.
    const forged = [CLAIMS.incidentId, 'usr_01JGATTACKER0000000000000', 'r', 'zzzzzz', '1'].join('~');
    assert.deepEqual(verifyActionToken(`${version}.${forged}.${mac}`, SECRET, NOW), {
      ok: false,
      reason: 'bad_signature',
    });
    assert.deepEqual(verifyActionToken(`${version}.${flip(payload, 3)}.${mac}`, SECRET, NOW), {
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a changed signature, including another encoding of the same bytes', () => {
    const token = signActionToken(CLAIMS, SECRET);
    assert.deepEqual(verifyActionToken(flip(token, token.length - 10), SECRET, NOW), {
      ok: false,
      reason: 'bad_signature',
    });
    // The last of 22 characters carries 4 unused bits: a different character can decode to the same MAC.
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    assert.deepEqual(verifyActionToken(token.slice(0, -1) + sibling, SECRET, NOW), {
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a token signed with another secret', () => {
    const token = signActionToken(CLAIMS, deriveKey('another-secret', SALT, 'actionLinks'));
    assert.deepEqual(verifyActionToken(token, SECRET, NOW), { ok: false, reason: 'bad_signature' });
  });

  it('refuses tokens signed with the raw server secret or a key derived for another purpose (issue 14 item 2)', () => {
    const signed = signActionToken(CLAIMS, SECRET);
    const body = signed.slice(0, signed.lastIndexOf('.'));
    const macWith = (key: string | Buffer) =>
      createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');
    // What a webhook receiver could compute when webhooks were signed with the server secret:
    // the raw secret, and the old HMAC-derived link key.
    const oldLinkKey = createHmac('sha256', MASTER).update('tocsin:action-links').digest();
    for (const key of [MASTER, oldLinkKey, deriveKey(MASTER, SALT, 'secretEncryption')]) {
      assert.deepEqual(verifyActionToken(`${body}.${macWith(key)}`, SECRET, NOW), {
        ok: false,
        reason: 'bad_signature',
      });
      assert.deepEqual(verifyActionToken(signActionToken(CLAIMS, Buffer.from(key)), SECRET, NOW), {
        ok: false,
        reason: 'bad_signature',
      });
    }
    assert.notDeepEqual(SECRET, deriveKey(MASTER, SALT, 'secretEncryption'), 'one key per purpose');
  });

  it('caps the lifetime whatever the token says: a well-signed link for a year is refused (issue 14 item 2)', () => {
    const year = signActionToken({ ...CLAIMS, expiresAt: NOW + 365 * 86_400_000 }, SECRET);
    for (const at of [NOW, NOW + 1000, NOW + 2 * 86_400_000]) {
      assert.deepEqual(verifyActionToken(year, SECRET, at), { ok: false, reason: 'over_lifetime' });
    }
    const justOver = signActionToken({ ...CLAIMS, expiresAt: NOW + ACTION_LINK_TTL_MS + 2000 }, SECRET);
    assert.deepEqual(verifyActionToken(justOver, SECRET, NOW), { ok: false, reason: 'over_lifetime' });
    const atCap = signActionToken({ ...CLAIMS, expiresAt: NOW + ACTION_LINK_TTL_MS }, SECRET);
    assert.equal(verifyActionToken(atCap, SECRET, NOW + ACTION_LINK_TTL_MS - 1).ok, true);
    assert.equal(
      expiredClaims(verifyActionToken(atCap, SECRET, NOW + ACTION_LINK_TTL_MS))?.incidentId,
      CLAIMS.incidentId,
    );
    // Issued far in the future (to outlive the cap from now): refused too.
    const later = signActionToken(
      { ...CLAIMS, issuedAt: NOW + 86_400_000, expiresAt: NOW + 2 * 86_400_000 },
      SECRET,
    );
    assert.deepEqual(verifyActionToken(later, SECRET, NOW), { ok: false, reason: 'over_lifetime' });
    // A lower cap given by the caller applies.
    assert.deepEqual(verifyActionToken(atCap, SECRET, NOW, 3_600_000), {
      ok: false,
      reason: 'over_lifetime',
    });
  });

  it('refuses the old v1 tokens as expired: they predate the cap', () => {
    const oldLinkKey = createHmac('sha256', MASTER).update('tocsin:action-links').digest();
    const signed = `v1.${CLAIMS.incidentId}~${CLAIMS.userId}~a~${Math.ceil((NOW + 60_000) / 1000).toString(36)}`;
    const mac = createHmac('sha256', oldLinkKey)
      .update(signed)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    assert.deepEqual(verifyActionToken(`${signed}.${mac}`, SECRET, NOW), { ok: false, reason: 'expired' });
  });

  it('expires at expiresAt exactly, and is valid the millisecond before', () => {
    const token = signActionToken(CLAIMS, SECRET);
    assert.equal(verifyActionToken(token, SECRET, CLAIMS.expiresAt - 1).ok, true);
    assert.equal(
      expiredClaims(verifyActionToken(token, SECRET, CLAIMS.expiresAt))?.incidentId,
      CLAIMS.incidentId,
    );
    assert.equal(
      expiredClaims(verifyActionToken(token, SECRET, CLAIMS.expiresAt + 86_400_000))?.incidentId,
      CLAIMS.incidentId,
    );
  });

  it('calls malformed input malformed, and signed payloads of the wrong shape too', () => {
    const token = signActionToken(CLAIMS, SECRET);
    const [, payload, mac] = token.split('.') as [string, string, string];
    for (const bad of [
      '',
      'v2',
      'v2..',
      `v2.${payload}`,
      `v3.${payload}.${mac}`,
      `v2.${payload}.${mac}.x`,
      `v2.${payload}.${mac.slice(1)}`,
      `v2.${payload}=.${mac}`,
      `v2.${payload}.${mac.slice(0, -1)}+`,
      `v2.${'A'.repeat(5000)}.${mac}`,
      ` ${token}`,
    ]) {
      assert.deepEqual(verifyActionToken(bad, SECRET, NOW), { ok: false, reason: 'malformed' }, bad);
    }
    // Correctly signed but not our payload shape (as a future or buggy signer might produce).
    const key = SECRET;
    const exp = `${(NOW / 1000).toString(36)}~1`;
    for (const value of [
      'not-claims',
      'inc_1~usr_1~a',
      `inc_1~usr_1~q~${exp}`,
      `inc_1~usr_1~X~${exp}`,
      `inc_1~usr_1~respond~${exp}`,
      `inc_1~~a~${exp}`,
      'inc_1~usr_1~a~ZZ~1',
      'inc_1~usr_1~a~1-5~1',
      `inc_1~usr_1~a~${(NOW / 1000).toString(36)}~0`,
      `inc_1~usr_1~a~${(NOW / 1000).toString(36)}~`,
      `inc_1~usr_1~toString~${exp}`,
      `inc_1~usr_1~a~${exp}~extra`,
    ]) {
      const signed = `v2.${value}`;
      const forged = `${signed}.${createHmac('sha256', key).update(signed).digest().subarray(0, 16).toString('base64url')}`;
      assert.deepEqual(verifyActionToken(forged, SECRET, NOW), { ok: false, reason: 'malformed' }, value);
    }
  });

  it('encodes respond as the code x, and x (only) decodes as respond', () => {
    const token = signActionToken({ ...CLAIMS, action: 'respond' }, SECRET);
    const payload = token.split('.')[1]!;
    assert.equal(payload.split('~')[2], 'x');
    const codes = (['acknowledge', 'resolve'] as const).map(
      (action) =>
        signActionToken({ ...CLAIMS, action }, SECRET)
          .split('.')[1]!
          .split('~')[2],
    );
    assert.deepEqual(codes, ['a', 'r']);
    // Signed by hand, as in the malformed cases above: the code alone decides the kind.
    const key = SECRET;
    const exp = `${(NOW / 1000).toString(36)}~1`;
    const signed = `v2.inc_1~usr_1~x~${exp}`;
    const mac = createHmac('sha256', key).update(signed).digest().subarray(0, 16).toString('base64url');
    assert.deepEqual(verifyActionToken(`${signed}.${mac}`, SECRET, NOW), {
      ok: true,
      claims: {
        incidentId: 'inc_1',
        userId: 'usr_1',
        action: 'respond',
        issuedAt: NOW,
        expiresAt: NOW + 1000,
      },
    });
  });

  it('refuses a respond token re-labelled as another kind, and the reverse', () => {
    const respond = signActionToken({ ...CLAIMS, action: 'respond' }, SECRET);
    const ack = signActionToken(CLAIMS, SECRET);
    const [version, respondPayload, respondMac] = respond.split('.') as [string, string, string];
    const [, ackPayload, ackMac] = ack.split('.') as [string, string, string];
    for (const forged of [
      `${version}.${respondPayload.replace('~x~', '~a~')}.${respondMac}`,
      `${version}.${ackPayload.replace('~a~', '~x~')}.${ackMac}`,
    ]) {
      assert.deepEqual(
        verifyActionToken(forged, SECRET, NOW),
        { ok: false, reason: 'bad_signature' },
        forged,
      );
    }
  });

  it('expires a respond token like the others', () => {
    const token = signActionToken({ ...CLAIMS, action: 'respond' }, SECRET);
    assert.equal(verifyActionToken(token, SECRET, CLAIMS.expiresAt - 1).ok, true);
    assert.equal(
      expiredClaims(verifyActionToken(token, SECRET, CLAIMS.expiresAt))?.incidentId,
      CLAIMS.incidentId,
    );
  });

  it('refuses to sign claims it could not verify', () => {
    assert.throws(() => signActionToken({ ...CLAIMS, userId: '' }, SECRET));
    assert.throws(() => signActionToken({ ...CLAIMS, expiresAt: Number.NaN }, SECRET));
  });
});

describe('actionLinks', () => {
  it('builds /actions/<token> links under the public URL that expire after the TTL (24h by default)', () => {
    const target = { incidentId: CLAIMS.incidentId, userId: CLAIMS.userId };
    const links = actionLinks('https://tocsin.example.com/', SECRET, target, NOW);
    const tokenOf = (url: string) => {
      const m = /^https:\/\/tocsin\.example\.com\/actions\/([^/]+)$/.exec(url);
      assert.ok(m, url);
      return m[1]!;
    };
    const ack = verifyActionToken(tokenOf(links.acknowledgeUrl), SECRET, NOW);
    const res = verifyActionToken(tokenOf(links.resolveUrl), SECRET, NOW);
    assert.deepEqual(ack, {
      ok: true,
      claims: { ...target, action: 'acknowledge', issuedAt: NOW, expiresAt: NOW + 86_400_000 },
    });
    assert.deepEqual(res, {
      ok: true,
      claims: { ...target, action: 'resolve', issuedAt: NOW, expiresAt: NOW + 86_400_000 },
    });
    assert.deepEqual(verifyActionToken(tokenOf(links.respondUrl), SECRET, NOW), {
      ok: true,
      claims: { ...target, action: 'respond', issuedAt: NOW, expiresAt: NOW + 86_400_000 },
    });
    assert.equal(new Set([links.acknowledgeUrl, links.resolveUrl, links.respondUrl]).size, 3);

    const short = actionLinks('https://tocsin.example.com', SECRET, target, NOW, 5_000);
    assert.equal(verifyActionToken(tokenOf(short.acknowledgeUrl), SECRET, NOW + 4_999).ok, true);
    assert.equal(
      expiredClaims(verifyActionToken(tokenOf(short.acknowledgeUrl), SECRET, NOW + 5_000))?.incidentId,
      CLAIMS.incidentId,
    );
    assert.equal(verifyActionToken(tokenOf(short.respondUrl), SECRET, NOW + 4_999).ok, true);
    assert.equal(
      expiredClaims(verifyActionToken(tokenOf(short.respondUrl), SECRET, NOW + 5_000))?.incidentId,
      CLAIMS.incidentId,
    );
  });

  it('keeps a respond link for real ids and a typical public URL near 130 characters', () => {
    const target = { incidentId: CLAIMS.incidentId, userId: CLAIMS.userId };
    const { respondUrl } = actionLinks('https://tocsin.example.com', SECRET, target, NOW);
    assert.ok(respondUrl.length <= 135, `${respondUrl.length}: ${respondUrl}`);
  });
});
