import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { buildIntegration } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { COMMANDS } from './commands/index.ts';
import { runCli } from './run.ts';
import { captureIo } from '../../test/cli-io.ts';

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  set(env);
  try {
    const c = captureIo();
    return { code: await runCli(argv, c.io), ...c };
  } finally {
    set(saved);
  }
}

type Alert = { summary: string; severity: string; source: string | null; status: string; dedup_key: string };

describeEachDialect('tocsin alert trigger|resolve (issue 14 item 20)', (server) => {
  let url: string;
  let key: string;
  let serviceId: string;
  const alerts = async () =>
    (await api<{ data: Alert[] }>(server().app, 'GET', `/api/v1/alerts?service_id=${serviceId}&limit=500`))
      .body.data;

  before(async () => {
    const app = server().app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const integration = await buildIntegration(app, 'events-v2');
    key = integration.key;
    serviceId = integration.service_id;
  });

  it('triggers through a running server with the routing key, dedups, and resolves', async () => {
    const argv = ['--url', url, '--routing-key', key];
    const t = await run([
      'alert',
      'trigger',
      '--summary',
      'Disk full on db-1',
      '--severity',
      'critical',
      '--dedup-key',
      'disk-db-1',
      '--source',
      'db-1',
      '--detail',
      'used=99%',
      ...argv,
    ]);
    assert.equal(t.code, 0, t.errText());
    assert.equal(t.text(), 'triggered: dedup key disk-db-1');
    const again = await run([
      'alert',
      'trigger',
      '--summary',
      'Disk full on db-1',
      '--dedup-key',
      'disk-db-1',
      ...argv,
    ]);
    assert.equal(again.code, 0, again.errText());
    let mine = (await alerts()).filter((a) => a.dedup_key === 'disk-db-1');
    assert.equal(mine.length, 1, 'a re-send updates the open alert');
    assert.equal(mine[0]!.summary, 'Disk full on db-1');
    assert.equal(mine[0]!.source, 'db-1');
    assert.equal(mine[0]!.status, 'triggered');

    const r = await run(['alert', 'resolve', '--dedup-key', 'disk-db-1', '--json', ...argv]);
    assert.equal(r.code, 0, r.errText());
    assert.deepEqual(JSON.parse(r.text()), {
      status: 'success',
      message: 'Event processed',
      dedup_key: 'disk-db-1',
    });
    mine = (await alerts()).filter((a) => a.dedup_key === 'disk-db-1');
    assert.equal(mine[0]!.status, 'resolved');
  });

  it('works straight on the database with TOCSIN_INTEGRATION_KEY and no API token', async () => {
    const env = {
      TOCSIN_URL: undefined,
      TOCSIN_TOKEN: undefined,
      TOCSIN_DATABASE_URL: server().tdb.url,
      TOCSIN_INTEGRATION_KEY: key,
    };
    const t = await run(['alert', 'trigger', '--summary', 'Queue backlog', '--severity', 'warning'], env);
    assert.equal(t.code, 0, t.errText());
    const dedup = /^triggered: dedup key (\w+)$/.exec(t.text())?.[1];
    assert.ok(dedup, t.text());
    const alert = (await alerts()).find((a) => a.dedup_key === dedup);
    assert.equal(alert?.severity, 'warning');
    const r = await run(['alert', 'resolve', '--dedup-key', dedup], env);
    assert.equal(r.code, 0, r.errText());
    assert.equal((await alerts()).find((a) => a.dedup_key === dedup)?.status, 'resolved');
  });

  it('bad input exits 2 naming the flag or the event field', async () => {
    const argv = ['--url', url, '--routing-key', key];
    const noSummary = await run(['alert', 'trigger', ...argv]);
    assert.equal(noSummary.code, 2);
    assert.match(noSummary.errText(), /--summary is required/);
    const noKey = await run(['alert', 'trigger', '--summary', 's', '--url', url], {
      TOCSIN_INTEGRATION_KEY: undefined,
    });
    assert.equal(noKey.code, 2);
    assert.match(noKey.errText(), /--routing-key is required/);
    const badSeverity = await run(['alert', 'trigger', '--summary', 's', '--severity', 'huge', ...argv]);
    assert.equal(badSeverity.code, 2);
    assert.match(badSeverity.errText(), /payload\.severity' must be one of critical/);
    const noDedup = await run(['alert', 'resolve', ...argv]);
    assert.equal(noDedup.code, 2);
    assert.match(noDedup.errText(), /--dedup-key is required/);
  });
});

describe('tocsin <command> --help (issue 14 item 20)', () => {
  it("prints that command's usage and summary, not the global list, for every command", async () => {
    for (const c of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const h = await run([...c.path, flag]);
        assert.equal(h.code, 0, `${c.path.join(' ')} ${flag}`);
        const text = h.text();
        assert.ok(text.startsWith(`usage: tocsin ${c.path.join(' ')}`), text);
        assert.ok(text.includes(c.summary), text);
        assert.ok(!text.includes('commands:'), `${c.path.join(' ')} ${flag} printed the global list`);
      }
    }
  });

  it('a command group lists its own commands', async () => {
    const h = await run(['incident', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.text(), /^usage: tocsin incident <command>/);
    assert.match(h.text(), /incident ack/);
    assert.doesNotMatch(h.text(), /user create|oncall now/);
    const alert = await run(['alert']);
    assert.equal(alert.code, 2, 'a group without a command is a usage error');
    assert.match(alert.text(), /alert trigger[\s\S]*alert resolve/);
  });
});
