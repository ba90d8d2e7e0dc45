import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { it, describe } from 'node:test';
import { createTestDatabase } from '../../../test/harness.ts';
import { makeTestCertificate } from '../../../test/tls.ts';
import { loadConfig } from '../config.ts';
import { startTocsin } from '../../server.ts';

function httpsJson(
  port: number,
  ca: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

describe('HTTPS', () => {
  it('serves HTTPS directly when TOCSIN_TLS_CERT and TOCSIN_TLS_KEY are set; session cookies are Secure', async () => {
    const tls = makeTestCertificate();
    const tdb = await createTestDatabase('sqlite');
    try {
      const config = loadConfig({
        TOCSIN_DATABASE_URL: tdb.url,
        TOCSIN_TLS_CERT: tls.certPath,
        TOCSIN_TLS_KEY: tls.keyPath,
        TOCSIN_PORT: '0',
      });
      assert.match(config.publicUrl, /^https:/);
      const t = await startTocsin(config, { handle: tdb });
      await t.app!.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app!.server.address() as AddressInfo).port;
      const health = await httpsJson(port, tls.cert, 'GET', '/healthz');
      assert.equal(health.status, 200);
      assert.match(String(health.headers['strict-transport-security']), /max-age/);
      const login = await httpsJson(port, tls.cert, 'POST', '/api/v1/auth/login', {
        email: t.bootstrap!.email,
        password: t.bootstrap!.password,
      });
      assert.equal(login.status, 200, login.body);
      assert.match(String(login.headers['set-cookie']), /; Secure/);
      await t.close();
    } finally {
      await tdb.drop();
      rmSync(tls.dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with only one of the two TLS files, naming the key', () => {
    assert.throws(
      () => loadConfig({ TOCSIN_TLS_CERT: '/tmp/x.pem' }),
      /TOCSIN_TLS_KEY.*must be set together|TOCSIN_TLS_CERT and TOCSIN_TLS_KEY/,
    );
  });
});
