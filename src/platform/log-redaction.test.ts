import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildIntegration, buildUser } from '../../test/factories.ts';
import {
  DIALECTS,
  TEST_ADMIN_TOKEN,
  type TestDatabase,
  api,
  createTestDatabase,
} from '../../test/harness.ts';
import { type Tocsin, startTocsin } from '../server.ts';
import { loadConfig } from './config.ts';

/**
 * Secrets in URLs never reach the log (issue 14 item 8): a Tocsin whose info log goes into a
 * buffer is sent requests carrying integration keys in ingest paths, heartbeat keys, a signed
 * action link and calendar feed tokens; no line may hold any of them, and the redacted forms are
 * what is logged instead.
 */

for (const dialect of DIALECTS) {
  describe(`log redaction [${dialect}]`, () => {
    let tdb: TestDatabase;
    let tocsin: Tocsin;
    const lines: string[] = [];

    before(async () => {
      tdb = await createTestDatabase(dialect);
      const config = loadConfig({ TOCSIN_DATABASE_URL: tdb.url, TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
      tocsin = await startTocsin(config, {
        handle: tdb,
        engine: false,
        logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
      });
    });
    after(async () => {
      await tocsin.app?.close();
      await tdb.drop();
    });

    it('redacts keys, action tokens and feed tokens from request lines, messages and errors', async () => {
      const app = tocsin.app!;
      const am = await buildIntegration(app, 'alertmanager');
      const grafana = await buildIntegration(app, 'grafana');
      const generic = await buildIntegration(app, 'generic');
      const heartbeat = await buildIntegration(app, 'heartbeat');
      const user = await buildUser(app);
      const actionToken = 'v1.inc_01J0000000000000000000000~usr_01J~a~m0n3y.c2lnbmF0dXJlc2lnbmF0dXJl';
      const feedToken = 'feedtoken-0123456789abcdefghij';
      const bogusKey = 'bogus0123456789abcdef0123456789';
      const alert = { labels: { alertname: 'Logged' }, annotations: {}, status: 'firing' };
      lines.length = 0;

      const requests: ['GET' | 'POST', string, unknown?][] = [
        ['POST', `/integrations/alertmanager/${am.key}`, { version: '4', alerts: [alert] }],
        ['POST', `/integrations/${am.key}/api/v2/alerts`, [alert]],
        // amtool and Grafana reading Alertmanager's API with the key in the path.
        ['GET', `/integrations/${am.key}/api/v2/silences?filter=alertname%3DLogged`],
        ['POST', `/integrations/grafana/${grafana.key}`, { alerts: [alert] }],
        ['POST', `/integrations/generic/${generic.key}`, { summary: 'logged' }],
        ['POST', `/integrations/alertmanager/${bogusKey}`, { version: '4', alerts: [alert] }],
        ['GET', `/heartbeat/${heartbeat.key}`],
        ['POST', `/heartbeat/${heartbeat.key}/start`],
        ['GET', `/heartbeat/${heartbeat.key}/fail`],
        ['GET', `/heartbeat/${heartbeat.key}/nowhere`],
        ['GET', `/actions/${actionToken}`],
        ['GET', `/api/v1/users/${user.id}/ical?token=${feedToken}`],
        ['GET', `/api/v1/schedules/sch_x/ical?a=1&token=${feedToken}&key=${bogusKey}`],
      ];
      for (const [method, url, body] of requests) {
        await api(app, method, url, { token: null, ...(body === undefined ? {} : { body }) });
      }
      // Other code logging a URL, in its message or in an error.
      app.log.warn(`calling http://tocsin.example/heartbeat/${heartbeat.key}/fail again`);
      app.log.error(
        {
          err: new Error(`POST http://tocsin.example/integrations/grafana/${grafana.key} failed`, {
            cause: new Error(`GET /integrations/generic/${generic.key}/x refused`),
          }),
        },
        'outbound failed',
      );

      const log = lines.join('');
      // One access line per request, on completion, naming the request (its URL redacted below).
      const access = lines
        .map((l) => JSON.parse(l) as { msg?: string; req?: { url?: string }; res?: { statusCode?: number } })
        .filter((l) => l.msg === 'request completed' || l.msg === 'incoming request');
      assert.ok(access.length >= requests.length, `request lines were logged (${access.length})`);
      assert.ok(
        access.every(
          (l) => l.msg === 'request completed' && typeof l.req?.url === 'string' && l.res?.statusCode,
        ),
        'each access line names the request and its answer',
      );
      for (const secret of [
        am.key,
        grafana.key,
        generic.key,
        heartbeat.key,
        actionToken,
        feedToken,
        bogusKey,
      ]) {
        assert.ok(!log.includes(secret), `the log holds ${secret}:\n${log}`);
      }
      for (const shown of [
        '/integrations/alertmanager/[redacted]',
        '/integrations/[redacted]/api/v2/alerts',
        '/integrations/[redacted]/api/v2/silences?filter=alertname%3DLogged',
        '/integrations/grafana/[redacted]',
        '/integrations/generic/[redacted]',
        '"/heartbeat/[redacted]"',
        '/heartbeat/[redacted]/start',
        '/heartbeat/[redacted]/fail',
        '/actions/[redacted]',
        `/api/v1/users/${user.id}/ical?token=[redacted]`,
        '?a=1&token=[redacted]&key=[redacted]',
        'http://tocsin.example/heartbeat/[redacted]/fail again',
        'http://tocsin.example/integrations/grafana/[redacted] failed',
        '/integrations/generic/[redacted]/x refused',
      ]) {
        assert.ok(log.includes(shown), `the log shows ${shown}:\n${log}`);
      }
    });
  });
}
