import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decryptSecret, deriveKey, deriveKeys, encryptSecret } from './keys.ts';

/** Each install's HKDF salt is random (settings `key_salt`); any fixed one serves a unit test. */
const SALT = 'test-install-salt';

describe('keys per purpose', () => {
  it('derives a different 256-bit key per purpose and per server secret, the same one every time', () => {
    const a = deriveKeys('server-secret-a', SALT);
    assert.equal(a.actionLinks.length, 32);
    assert.notDeepEqual(a.actionLinks, a.secretEncryption);
    assert.deepEqual(deriveKey('server-secret-a', SALT, 'actionLinks'), a.actionLinks);
    assert.notDeepEqual(deriveKey('server-secret-b', SALT, 'actionLinks'), a.actionLinks);
    assert.notDeepEqual(a.actionLinks, Buffer.from('server-secret-a'));
    assert.throws(() => deriveKey('', SALT, 'actionLinks'));
    assert.notDeepEqual(deriveKey('server-secret-a', 'another-install', 'actionLinks'), a.actionLinks);
    assert.throws(() => deriveKey('server-secret-a', '', 'actionLinks'), 'no install without its salt');
  });

  it('encrypts with a random IV and decrypts only with the same key and context', () => {
    const key = deriveKey('server-secret', SALT, 'secretEncryption');
    const one = encryptSecret(key, 'whsec_plain', 'contact_method:cm_1');
    const two = encryptSecret(key, 'whsec_plain', 'contact_method:cm_1');
    assert.match(one, /^enc1\./);
    assert.notEqual(one, two, 'random IV');
    assert.ok(!one.includes('whsec_plain'));
    assert.equal(decryptSecret(key, one, 'contact_method:cm_1'), 'whsec_plain');
    assert.throws(() => decryptSecret(key, one, 'contact_method:cm_2'), 'bound to its row');
    assert.throws(() =>
      decryptSecret(deriveKey('other', SALT, 'secretEncryption'), one, 'contact_method:cm_1'),
    );
    assert.throws(() =>
      decryptSecret(deriveKey('server-secret', SALT, 'actionLinks'), one, 'contact_method:cm_1'),
    );
    const [v, iv, body, tag] = one.split('.') as [string, string, string, string];
    const flipped = body.startsWith('A') ? `B${body.slice(1)}` : `A${body.slice(1)}`;
    assert.throws(() => decryptSecret(key, [v, iv, flipped, tag].join('.'), 'contact_method:cm_1'));
    assert.throws(() => decryptSecret(key, 'whsec_plain', 'contact_method:cm_1'));
  });
});
