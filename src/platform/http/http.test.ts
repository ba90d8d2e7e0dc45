import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../../test/harness.ts';

describeEachDialect('HTTP platform', (server) => {
  it('serves /healthz and /readyz without credentials', async () => {
    const { app } = server();
    const health = await api<{ status: string }>(app, 'GET', '/healthz', { token: null });
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    const ready = await api<{ ready: boolean; pending_migrations: string[] }>(app, 'GET', '/readyz', {
      token: null,
    });
    assert.equal(ready.status, 200);
    assert.equal(ready.body.ready, true);
    assert.deepEqual(ready.body.pending_migrations, []);
  });

  it('serves the OpenAPI document with the API paths, and the docs page', async () => {
    const { app } = server();
    const doc = await api<{ openapi: string; paths: Record<string, unknown> }>(
      app,
      'GET',
      '/api/v1/openapi.json',
      {
        token: null,
      },
    );
    assert.equal(doc.status, 200);
    assert.match(doc.body.openapi, /^3\./);
    for (const path of ['/api/v1/users', '/api/v1/users/{id}', '/api/v1/tokens', '/api/v1/audit']) {
      assert.ok(path in doc.body.paths, `${path} missing from OpenAPI`);
    }
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger-ui/);
  });

  it('exposes Prometheus metrics including request counts by route and status', async () => {
    const { app } = server();
    await api(app, 'GET', '/api/v1/users');
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /tocsin_http_requests_total\{method="GET",route="\/api\/v1\/users",status="200"\} \d+/,
    );
    assert.match(res.body, /tocsin_http_request_duration_seconds_bucket/);
    assert.match(res.body, /tocsin_process_resident_memory_bytes|tocsin_nodejs_heap_size_total_bytes/);
  });

  it('sets security headers and echoes a request id', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(res.headers['x-request-id'], 'abc-123');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['content-security-policy']);
    const generated = await app.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('answers 413 for a body over 512 KB and 400 for malformed JSON, in the error shape', async () => {
    const { app } = server();
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(600 * 1024), email: 'big@example.com' }),
    });
    assert.equal(big.statusCode, 413);
    assert.equal(JSON.parse(big.body).error.code, 'payload_too_large');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${server().adminToken}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(JSON.parse(bad.body).error.code, 'invalid_request');
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const { app } = server();
    const res = await api<{ error: { code: string; message: string } }>(app, 'GET', '/api/v1/nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
    assert.match(res.body.error.message, /GET \/api\/v1\/nope/);
  });

  it('validates query strings: a bad limit or cursor is 400 naming the parameter', async () => {
    const { app } = server();
    const limit = await api<{ error: { message: string } }>(app, 'GET', '/api/v1/users?limit=0');
    assert.equal(limit.status, 400);
    assert.match(limit.body.error.message, /querystring\.limit/);
    const cursor = await api<{ error: { message: string } }>(app, 'GET', '/api/v1/users?cursor=nonsense');
    assert.equal(cursor.status, 400);
    assert.match(cursor.body.error.message, /querystring\.cursor/);
  });
});
