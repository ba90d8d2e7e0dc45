import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { buildIncident } from '../../test/factories.ts';
import { type TestServer, startTestServer } from '../../test/harness.ts';
import { uiDir } from './serve.ts';

/**
 * The web UI at / (issue 16): index.html for every page a browser asks for, the hashed assets
 * cached for good, and the server's own paths left to the server. Needs the UI built (npm ci does).
 * Nothing here reads storage beyond booting, so SQLite alone.
 */
describe('web UI serving', () => {
  let server: TestServer;
  const TITLE = 'Disk full on db-1 (page test)';
  let ref: string;
  before(async () => {
    server = await startTestServer('sqlite');
    ref = (await buildIncident(server.app, { title: TITLE, dedupKey: 'web-serve' })).incident.ref;
  });
  after(() => server.close());

  const get = (url: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
    server.app.inject({ method: 'GET', url, headers: { accept } });
  const built = () => readFileSync(join(uiDir(), 'index.html'), 'utf8');

  it('serves index.html at / and at page paths, never cached, with no inline script', async () => {
    for (const url of ['/', `/incidents/${ref}`, '/incidents?status=triggered', '/login?next=%2Fincidents']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.equal(res.body, built());
    }
    const res = await get(`/incidents/${ref}`);
    // Without a session the page is the app's shell: nothing of the incident, not even whether it exists.
    assert.ok(!res.body.includes('Disk full'));
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/, csp);
    assert.doesNotMatch(res.body, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script is a file');
  });

  it('serves the hashed assets as immutable, and 404s a missing one', async () => {
    const src = /src="(\/assets\/[^"]+\.js)"/.exec(built())?.[1];
    assert.ok(src);
    const js = await get(src, '*/*');
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match(
      String(js.headers['cache-control']),
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );
    const missing = await get('/assets/index-nothere.js', '*/*');
    assert.equal(missing.statusCode, 404);
  });

  it('serves the assets brotli- or gzip-compressed when accepted, the same bytes once decoded', async () => {
    const src = /src="(\/assets\/[^"]+\.js)"/.exec(built())?.[1];
    assert.ok(src);
    const raw = readFileSync(join(uiDir(), src));
    const fetch = (encoding?: string) =>
      server.app.inject({
        method: 'GET',
        url: src,
        headers: { accept: '*/*', ...(encoding === undefined ? {} : { 'accept-encoding': encoding }) },
      });

    const br = await fetch('gzip, deflate, br');
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.ok(br.rawPayload.length < raw.length / 2, 'much smaller');
    assert.deepEqual(brotliDecompressSync(br.rawPayload), raw);

    const gz = await fetch('gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /accept-encoding/i);
    assert.deepEqual(gunzipSync(gz.rawPayload), raw);

    const plain = await fetch();
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, raw);
  });

  it("leaves the server's own paths and non-page requests to the server", async () => {
    for (const url of [
      '/api/v1/nothing',
      '/v2/nothing',
      '/actions/nothing',
      '/heartbeat',
      '/metricsx/../api',
    ]) {
      const res = await get(url);
      assert.ok(res.statusCode >= 400, url);
      assert.notEqual(res.body, built(), url);
    }
    const api = await get('/api/v1/nothing');
    assert.equal(api.statusCode, 404);
    assert.deepEqual(JSON.parse(api.body), {
      error: { code: 'not_found', message: 'no route GET /api/v1/nothing' },
    });
    const health = await get('/healthz');
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    // A script or fetch asking for JSON at a page path gets the API's 404, not HTML.
    const json = await get(`/incidents/${ref}`, 'application/json');
    assert.equal(json.statusCode, 404);
    assert.match(String(json.headers['content-type']), /json/);
    const post = await server.app.inject({
      method: 'POST',
      url: '/incidents/INC-1',
      headers: { accept: 'text/html' },
    });
    assert.equal(post.statusCode, 404);
  });
});
