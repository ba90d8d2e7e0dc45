import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, 'sqlite:./data/tocsin.db');
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 7420);
    assert.equal(c.publicUrl, 'http://127.0.0.1:7420');
    assert.equal(c.role, 'all');
    assert.equal(c.tls, undefined);
    assert.equal(c.secret, undefined);
  });

  it('reads the environment, and CLI flags win over it', () => {
    const c = loadConfig(
      { TOCSIN_PORT: '8000', TOCSIN_ROLE: 'engine', TOCSIN_PUBLIC_URL: 'https://pager.example.com/' },
      { port: '9000' },
    );
    assert.equal(c.port, 9000);
    assert.equal(c.role, 'engine');
    assert.equal(c.publicUrl, 'https://pager.example.com');
  });

  it('rejects bad values naming the variable and flag', () => {
    assert.throws(() => loadConfig({ TOCSIN_PORT: 'eighty' }), /TOCSIN_PORT \(--port\): not a port number/);
    assert.throws(
      () => loadConfig({ TOCSIN_ROLE: 'worker' }),
      /TOCSIN_ROLE \(--role\): must be all, api or engine/,
    );
    assert.throws(() => loadConfig({ TOCSIN_DATABASE_URL: 'mysql://x' }), /TOCSIN_DATABASE_URL/);
    assert.throws(() => loadConfig({ TOCSIN_ADMIN_TOKEN: 'short' }), /TOCSIN_ADMIN_TOKEN.*16/);
    assert.throws(() => loadConfig({ TOCSIN_PUBLIC_URL: 'not a url' }), /TOCSIN_PUBLIC_URL/);
    // Every key derives from it: a short one could be guessed offline from one signed link.
    assert.throws(
      () => loadConfig({ TOCSIN_SECRET: 'x'.repeat(31) }),
      /TOCSIN_SECRET \(--secret\): must be at least 32 characters/,
    );
    assert.throws(() => loadConfig({}, { secret: 'short' }), /TOCSIN_SECRET \(--secret\).*32/);
    assert.equal(loadConfig({ TOCSIN_SECRET: 'x'.repeat(32) }).secret, 'x'.repeat(32));
  });

  it('reads the notification settings: throttles per type, Twilio only as a set, SMTP URLs only', () => {
    const d = loadConfig({}).notify;
    assert.deepEqual(d.throttle, {
      sms: { limit: 10, windowMs: 15 * 60_000 },
      voice: { limit: 5, windowMs: 15 * 60_000 },
      '*': { limit: 30, windowMs: 15 * 60_000 },
    });
    assert.equal(d.twilio, undefined);
    assert.equal(d.attempts, 3);
    const c = loadConfig({
      TOCSIN_NOTIFY_THROTTLE: 'webhook=2/30s, email=1/1h',
      TOCSIN_TWILIO_ACCOUNT_SID: 'AC1',
      TOCSIN_TWILIO_AUTH_TOKEN: 't',
      TOCSIN_TWILIO_FROM: '+15550100',
      TOCSIN_TWILIO_BASE_URL: 'http://127.0.0.1:9/',
      TOCSIN_SMTP_URL: 'smtp://127.0.0.1:2525',
    }).notify;
    assert.deepEqual(c.throttle, {
      webhook: { limit: 2, windowMs: 30_000 },
      email: { limit: 1, windowMs: 3_600_000 },
    });
    assert.deepEqual(c.twilio, {
      accountSid: 'AC1',
      authToken: 't',
      from: '+15550100',
      baseUrl: 'http://127.0.0.1:9',
    });
    assert.equal(c.smtpUrl, 'smtp://127.0.0.1:2525');

    assert.deepEqual(loadConfig({ TOCSIN_NOTIFY_THROTTLE: 'webhook=off,*=5/1m' }).notify.throttle, {
      webhook: null,
      '*': { limit: 5, windowMs: 60_000 },
    });
    assert.throws(
      () => loadConfig({ TOCSIN_NOTIFY_THROTTLE: 'sms=ten/15m' }),
      /TOCSIN_NOTIFY_THROTTLE.*sms=ten\/15m/,
    );
    assert.throws(
      () => loadConfig({ TOCSIN_NOTIFY_THROTTLE: 'sms=0/15m' }),
      /TOCSIN_NOTIFY_THROTTLE.*positive/,
    );
    assert.throws(() => loadConfig({ TOCSIN_TWILIO_ACCOUNT_SID: 'AC1' }), /set together/);
    assert.throws(() => loadConfig({ TOCSIN_SMTP_URL: 'http://mail' }), /TOCSIN_SMTP_URL.*smtp:\/\//);
    assert.throws(() => loadConfig({ TOCSIN_NOTIFY_ATTEMPTS: '0' }), /TOCSIN_NOTIFY_ATTEMPTS.*>= 1/);
  });

  it('reads the outbound allow-list; public addresses only by default; never metadata', () => {
    assert.deepEqual(loadConfig({}).outbound, { allow: [] });
    const c = loadConfig({ TOCSIN_OUTBOUND_ALLOW: 'loopback, 10.20.0.0/16' });
    assert.deepEqual(
      c.outbound.allow.map((a) => a.text),
      ['127.0.0.0/8', '::1/128', '10.20.0.0/16'],
    );
    assert.equal(loadConfig({}, { 'outbound-allow': 'private' }).outbound.allow.length, 7);
    assert.throws(
      () => loadConfig({ TOCSIN_OUTBOUND_ALLOW: '169.254.169.254' }),
      /TOCSIN_OUTBOUND_ALLOW \(--outbound-allow\): 169\.254\.169\.254 is a cloud metadata address, which outbound requests never reach/,
    );
    assert.throws(
      () => loadConfig({ TOCSIN_OUTBOUND_ALLOW: 'intranet' }),
      /TOCSIN_OUTBOUND_ALLOW.*cannot read/,
    );
  });

  it('reads trusted proxies and login limits, naming the key when they are wrong', () => {
    const d = loadConfig({});
    assert.equal(d.trustedProxies, false);
    assert.deepEqual(d.loginLimits, {
      account: { limit: 10, windowMs: 15 * 60_000 },
      ip: { limit: 100, windowMs: 15 * 60_000 },
    });
    assert.equal(loadConfig({ TOCSIN_TRUSTED_PROXIES: 'true' }).trustedProxies, true);
    assert.deepEqual(loadConfig({ TOCSIN_TRUSTED_PROXIES: '10.0.0.0/8, ::1,loopback' }).trustedProxies, [
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    assert.throws(() => loadConfig({ TOCSIN_TRUSTED_PROXIES: '10.0.0.0/33' }), /TOCSIN_TRUSTED_PROXIES/);
    assert.throws(() => loadConfig({ TOCSIN_TRUSTED_PROXIES: 'proxy.local' }), /TOCSIN_TRUSTED_PROXIES/);
    assert.throws(() => loadConfig({ TOCSIN_LOGIN_LIMITS: 'account=5/15m' }), /TOCSIN_LOGIN_LIMITS/);
    assert.throws(() => loadConfig({ TOCSIN_LOGIN_LIMITS: 'acct=5/15m,ip=9/1m' }), /TOCSIN_LOGIN_LIMITS/);
  });
});
