import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildIntegration, uniqueName } from '../../../test/factories.ts';
import {
  DIALECTS,
  TEST_ADMIN_TOKEN,
  TEST_OUTBOUND_ALLOW,
  type TestDatabase,
  api,
  createTestDatabase,
} from '../../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../test/receivers.ts';
import { loadConfig } from '../../platform/config.ts';
import { type Tocsin, startTocsin } from '../../server.ts';

/**
 * A runbook secret never reaches the log (issue 22): a Tocsin whose debug log goes into a buffer
 * stores a secret, runs a step that sends it (and one whose receiver fails, and echoes it back),
 * and no log line holds the value.
 */
const SECRET = 'sk-live-9d8c7b6a5f4e3d2c1b0a';

for (const dialect of DIALECTS) {
  describe(`runbook secrets stay out of the log [${dialect}]`, () => {
    let tdb: TestDatabase;
    let tocsin: Tocsin;
    let receiver: HttpReceiver;
    const lines: string[] = [];

    before(async () => {
      receiver = await startHttpReceiver({
        respond: (r) => ({ status: 500, body: { echo: r.headers.authorization } }),
      });
      tdb = await createTestDatabase(dialect);
      const config = loadConfig({
        TOCSIN_DATABASE_URL: tdb.url,
        TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
      });
      tocsin = await startTocsin(config, {
        handle: tdb,
        engine: false,
        logger: { level: 'debug', stream: { write: (line: string) => void lines.push(line) } },
      });
    });
    after(async () => {
      await tocsin.app?.close();
      await tdb.drop();
      await receiver.close();
    });

    it('logs no secret value, whether the step succeeds or its receiver echoes the secret and fails', async () => {
      const app = tocsin.app!;
      assert.equal(
        (await api(app, 'POST', '/api/v1/runbook-secrets', { body: { name: 'key', value: SECRET } })).status,
        201,
      );
      const am = await buildIntegration(app, 'alertmanager');
      await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
        token: null,
        body: [{ labels: { alertname: 'X' } }],
      });
      const incident = (await api<{ data: { id: string }[] }>(app, 'GET', '/api/v1/incidents?limit=1')).body
        .data[0]!.id;
      const rb = await api<{ id: string }>(app, 'POST', '/api/v1/runbooks', {
        body: { title: uniqueName('Logs') },
      });
      const step = await api<{ id: string }>(app, 'POST', `/api/v1/runbooks/${rb.body.id}/steps`, {
        body: {
          name: 'Call',
          approval: 'safe',
          url: `${receiver.url}/call`,
          headers: [{ name: 'Authorization', value: 'Bearer {{secrets.key}}' }],
        },
      });
      assert.equal(step.status, 201, JSON.stringify(step.body));
      const run = await api<{ id: string }>(
        app,
        'POST',
        `/api/v1/runbooks/${rb.body.id}/steps/${step.body.id}/runs`,
        {
          body: { incident_id: incident },
        },
      );
      assert.equal(run.status, 201);
      await tocsin.engine.drain();
      assert.equal(receiver.requests.length, 1);
      assert.equal(receiver.requests[0]!.headers.authorization, `Bearer ${SECRET}`);
      const done = await api<{ status: string; response: string }>(
        app,
        'GET',
        `/api/v1/runbook-runs/${run.body.id}`,
      );
      assert.equal(done.body.status, 'failed');
      assert.match(done.body.response, /\[redacted\]/);
      assert.ok(lines.length > 10, 'the log was captured');
      assert.ok(!lines.some((l) => l.includes(SECRET)), 'no log line holds the secret');
    });
  });
}
