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
  });
});
