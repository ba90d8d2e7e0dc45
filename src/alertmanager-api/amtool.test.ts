import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { buildIntegration, buildService, buildUser, tokenFor } from '../../test/factories.ts';
import { DIALECTS, TEST_ADMIN_TOKEN, api } from '../../test/harness.ts';
import { amtool, amtoolFiles, amtoolOk, bearerConfig, requireAmtool } from '../../test/peers/amtool.ts';
import { waitFor } from '../../test/peers/process.ts';
import {
  type PrometheusPeer,
  requirePrometheusBinaries,
  startPrometheus,
} from '../../test/peers/prometheus.ts';
import { type ListeningTocsin, startListeningTocsin } from '../../test/peers/tocsin.ts';

/**
 * Debian's amtool against Tocsin, as a team that dropped Alertmanager would use it: alerts and
 * silences through the integration key in the URL, the key or an API token as Bearer
 * (--http.config.file), `config show`, `silence import`; and a silence added with amtool holding
 * back the next alert Debian's Prometheus sends. Tocsin runs without its engine, so every change
 * seen was made by a request.
 */
type AmAlert = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL?: string;
  receivers: { name: string }[];
  status: { state: string; silencedBy: string[] };
};
type AmSilence = {
  id: string;
  status: { state: string };
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  createdBy: string;
  comment: string;
};
type Alert = {
  status: string;
  suppressed_by: string | null;
  incident_id: string | null;
  labels: Record<string, string>;
};

const names = (alerts: AmAlert[]) =>
  alerts.map((a) => `${a.labels.alertname}/${a.labels.instance ?? '-'}`).sort();

for (const dialect of DIALECTS) {
  describe(`amtool against Tocsin [${dialect}]`, () => {
    const run = randomBytes(4).toString('hex');
    const files = amtoolFiles();
    let tocsin: ListeningTocsin;
    let service: { id: string; name: string };
    let key: string;
    let otherKey: string;
    let prometheus: PrometheusPeer | undefined;
    /** amtool talking to `service` with its key in the URL, as the README tells. */
    const viaPath = (...args: string[]) => [
      `--alertmanager.url=${tocsin.origin}/integrations/${key}`,
      ...args,
    ];
    const viaBearer = (secretFile: string, ...args: string[]) => [
      `--alertmanager.url=${tocsin.origin}`,
      `--http.config.file=${secretFile}`,
      ...args,
    ];
    const json = async <T>(args: string[]) => JSON.parse(await amtoolOk([...args, '-o', 'json'])) as T;

    before(async () => {
      // First, so a machine without the packages fails with the message that says what to install.
      requireAmtool();
      requirePrometheusBinaries();
      tocsin = await startListeningTocsin(dialect);
      const created = await buildService(tocsin.app, {
        name: `checkout ${run}`,
        alert_grouping: { mode: 'labels', labels: ['alertname'], window_minutes: 10 },
      });
      service = { id: created.id, name: created.name };
      key = (await buildIntegration(tocsin.app, 'alertmanager', { name: `prometheus ${run}` }, service.id))
        .key;
      otherKey = (await buildIntegration(tocsin.app, 'alertmanager')).key;
    });
    after(async () => {
      await prometheus?.stop();
      await tocsin?.close();
      files.cleanup();
    });

    it('alert add, then alert query with matchers, through the key in the URL or as Bearer', async () => {
      await amtoolOk(
        viaPath(
          'alert',
          'add',
          'alertname=DiskFull',
          'severity=critical',
          'job=node',
          'instance=db1',
          '--annotation=summary=Disk 95% full',
          '--generator-url=http://prometheus.example/graph?g0.expr=disk',
        ),
      );
      await amtoolOk(
        viaPath('alert', 'add', 'alertname=DiskFull', 'severity=warning', 'job=node', 'instance=db2'),
      );
      await amtoolOk(viaPath('alert', 'add', 'alertname=HighLatency', 'severity=critical', 'job=api'));
      await amtoolOk([
        `--alertmanager.url=${tocsin.origin}/integrations/${otherKey}`,
        'alert',
        'add',
        'alertname=DiskFull',
        'instance=elsewhere',
      ]);

      const all = await json<AmAlert[]>(viaPath('alert', 'query'));
      assert.deepEqual(names(all), ['DiskFull/db1', 'DiskFull/db2', 'HighLatency/-']);
      const db1 = all.find((a) => a.labels.instance === 'db1')!;
      assert.deepEqual(db1.annotations, { summary: 'Disk 95% full' });
      assert.equal(db1.generatorURL, 'http://prometheus.example/graph?g0.expr=disk');
      assert.deepEqual(db1.receivers, [{ name: service.name }]);
      assert.deepEqual(db1.status, { state: 'active', silencedBy: [], inhibitedBy: [] });

      assert.deepEqual(names(await json(viaPath('alert', 'query', 'alertname=DiskFull'))), [
        'DiskFull/db1',
        'DiskFull/db2',
      ]);
      // A bare first argument is amtool's shorthand for alertname=...
      assert.deepEqual(names(await json(viaPath('alert', 'query', 'HighLatency'))), ['HighLatency/-']);
      assert.deepEqual(names(await json(viaPath('alert', 'query', 'severity=~"crit.*"', 'job!=api'))), [
        'DiskFull/db1',
      ]);
      const table = await amtoolOk(viaPath('alert', 'query', 'instance=db1'));
      assert.match(table, /DiskFull\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+Disk 95% full/);

      // With no flag, Debian's amtool reads the URL from ~/.config/prometheus/amtool.yml, as the
      // README and the service page's snippet tell.
      files.write(
        `home-${dialect}/.config/prometheus/amtool.yml`,
        `alertmanager.url: ${tocsin.origin}/integrations/${key}\n`,
      );
      const fromConfig = await amtool(['alert', 'query', '-o', 'json'], {
        env: { HOME: join(files.dir, `home-${dialect}`) },
      });
      assert.equal(fromConfig.code, 0, fromConfig.stderr);
      assert.deepEqual(names(JSON.parse(fromConfig.stdout) as AmAlert[]), names(all));

      // The same key as Bearer sees the same service; an admin's API token sees every service.
      const keyFile = files.write(`key-${dialect}.yml`, bearerConfig(key));
      const asBearer = await amtool(viaBearer(keyFile, 'alert', 'query', '-o', 'json'));
      assert.equal(asBearer.code, 0, asBearer.stderr);
      assert.deepEqual(names(JSON.parse(asBearer.stdout) as AmAlert[]), names(all));
      // Tocsin answers as Alertmanager 0.25, so amtool does not warn about versions.
      assert.doesNotMatch(asBearer.stderr, /Warning/);
      const tokenFile = files.write(`token-${dialect}.yml`, bearerConfig(TEST_ADMIN_TOKEN));
      const everything = await json<AmAlert[]>(viaBearer(tokenFile, 'alert', 'query', 'alertname=DiskFull'));
      assert.deepEqual(names(everything), ['DiskFull/db1', 'DiskFull/db2', 'DiskFull/elsewhere']);
      const onlyOurs = await json<AmAlert[]>(
        viaBearer(tokenFile, 'alert', 'query', 'alertname=DiskFull', `--receiver=checkout ${run}`),
      );
      assert.deepEqual(names(onlyOurs), ['DiskFull/db1', 'DiskFull/db2']);
    });

    it('silence add, query, import and expire; the audit log names the integration', async () => {
      // The author amtool sends, followed by who sent it.
      const alice = `alice (via integration "prometheus ${run}")`;
      const id = (
        await amtoolOk(
          viaPath(
            'silence',
            'add',
            'alertname=HighLatency',
            '-c',
            'deploying api',
            '-a',
            'alice',
            '-d',
            '2h',
          ),
        )
      ).trim();
      assert.match(id, /^sil_[0-9A-Z]{26}$/);

      const listed = await json<AmSilence[]>(viaPath('silence', 'query'));
      assert.deepEqual(
        listed.map((s) => [s.id, s.status.state, s.createdBy, s.comment]),
        [[id, 'active', alice, 'deploying api']],
      );
      assert.deepEqual(listed[0]!.matchers, [
        { name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true },
      ]);
      assert.match(
        await amtoolOk(viaPath('silence', 'query')),
        new RegExp(`${id}\\s+alertname="HighLatency"`),
      );
      assert.deepEqual(await json(viaPath('silence', 'query', 'alertname=DiskFull')), []);

      // The silenced alert leaves amtool's default (active) view and shows with --silenced.
      assert.deepEqual(names(await json(viaPath('alert', 'query'))), ['DiskFull/db1', 'DiskFull/db2']);
      const silenced = await json<AmAlert[]>(viaPath('alert', 'query', '--silenced'));
      assert.deepEqual(
        silenced.map((a) => [a.labels.alertname, a.status.state, a.status.silencedBy]),
        [['HighLatency', 'suppressed', [id]]],
      );

      // It is a Tocsin silence of this service, created by the name amtool sent, audited as the integration.
      const mine = await api<{ service_id: string; created_by: string }>(
        tocsin.app,
        'GET',
        `/api/v1/silences/${id}`,
      );
      assert.deepEqual([mine.body.service_id, mine.body.created_by], [service.id, alice]);
      const audit = await api<{ data: { action: string; actor_name: string; target_id: string }[] }>(
        tocsin.app,
        'GET',
        `/api/v1/audit?target_type=silence&target_id=${id}`,
      );
      assert.deepEqual(
        audit.body.data.map((e) => e.action),
        ['silence.create'],
      );
      assert.match(audit.body.data[0]!.actor_name, new RegExp(`^integration "prometheus ${run}" \\(int_`));

      // Import what query exported: the same silence comes back under the same id (updated in
      // place); with --force it is created again; an id Tocsin never issued is created afresh.
      const exported = files.write(
        `export-${dialect}.json`,
        await amtoolOk(viaPath('silence', 'query', '-o', 'json')),
      );
      assert.equal((await amtoolOk(viaPath('silence', 'import', exported))).trim(), id);
      const forced = (await amtoolOk(viaPath('silence', 'import', '--force', exported))).trim();
      assert.notEqual(forced, id);
      const foreign = files.write(
        `foreign-${dialect}.json`,
        JSON.stringify([
          { ...listed[0], id: '3f1a0b7e-5c1d-4e4b-9a53-0c2f7d8e9b10', comment: 'from another Alertmanager' },
        ]),
      );
      const fresh = (await amtoolOk(viaPath('silence', 'import', foreign))).trim();
      assert.match(fresh, /^sil_/);
      assert.deepEqual(
        (await json<AmSilence[]>(viaPath('silence', 'query'))).map((s) => s.id).sort(),
        [id, forced, fresh].sort(),
      );

      await amtoolOk(viaPath('silence', 'expire', id, forced, fresh));
      assert.deepEqual(await json(viaPath('silence', 'query')), []);
      const expired = await json<AmSilence[]>(viaPath('silence', 'query', '--expired'));
      assert.deepEqual(
        expired.map((s) => s.status.state),
        ['expired', 'expired', 'expired'],
      );
      assert.deepEqual(names(await json(viaPath('alert', 'query'))), [
        'DiskFull/db1',
        'DiskFull/db2',
        'HighLatency/-',
      ]);
      // Expiring twice is harmless, as in Alertmanager; an unknown id is an error.
      await amtoolOk(viaPath('silence', 'expire', id));
      const unknown = await amtool(viaPath('silence', 'expire', 'sil_01NOSUCHSILENCE0000000000'));
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /not found|404/i);
    });

    it('silences need the admin role with an API token; a responder is refused', async () => {
      const responder = await buildUser(tocsin.app, { role: 'responder' });
      const file = files.write(
        `responder-${dialect}.yml`,
        bearerConfig(await tokenFor(tocsin.app, responder.id)),
      );
      const refused = await amtool(viaBearer(file, 'silence', 'add', 'alertname=DiskFull', '-c', 'no'));
      assert.notEqual(refused.code, 0);
      // amtool prints only the status of an answer its OpenAPI does not list for the endpoint.
      assert.match(refused.stderr, /status 403/);
      const direct = await fetch(`${tocsin.origin}/api/v2/silences`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await tokenFor(tocsin.app, responder.id)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false }],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
          createdBy: 'responder',
          comment: 'no',
        }),
      });
      assert.equal(direct.status, 403);
      assert.match((await direct.json()) as string, /needs the admin role/);
      // Reading is allowed to anyone who may read alerts.
      assert.equal((await amtool(viaBearer(file, 'silence', 'query'))).code, 0);
      const admin = files.write(`admin-${dialect}.yml`, bearerConfig(TEST_ADMIN_TOKEN));
      const global = (
        await amtoolOk(viaBearer(admin, 'silence', 'add', `job=batch-${run}`, '-c', 'batch window'))
      ).trim();
      const row = await api<{ service_id: string | null }>(tocsin.app, 'GET', `/api/v1/silences/${global}`);
      assert.equal(row.body.service_id, null);
      await amtoolOk(viaBearer(admin, 'silence', 'expire', global));
    });

    it('config show and config routes show describe the routing in Alertmanager terms', async () => {
      const shown = await amtoolOk(viaPath('config', 'show'));
      const config = parse(shown) as {
        route: { receiver: string; group_by: string[] };
        receivers: { name: string }[];
      };
      assert.deepEqual(config.route, { receiver: service.name, group_by: ['alertname'] });
      assert.deepEqual(config.receivers, [{ name: service.name }]);
      assert.match(shown, /routes an alert by the integration key/);
      assert.match(
        await amtoolOk(viaPath('config', 'routes', 'show')),
        new RegExp(`default-route\\s+receiver: checkout ${run}`),
      );
      // versionInfo says 0.25.0 (the API level answered), so amtool's version check stays quiet.
      const status = (await (await fetch(`${tocsin.origin}/integrations/${key}/api/v2/status`)).json()) as {
        versionInfo: { version: string };
        cluster: { status: string };
      };
      assert.equal(status.versionInfo.version, '0.25.0');
      assert.equal(status.cluster.status, 'ready');
    });

    it('a silence added with amtool holds back the next matching alert from Prometheus', async () => {
      const alertname = `AmtoolSilenced${run}`;
      const id = (
        await amtoolOk(viaPath('silence', 'add', `alertname=${alertname}`, '-c', 'known issue', '-d', '1h'))
      ).trim();
      prometheus = await startPrometheus({
        rule: {
          alert: alertname,
          expr: 'vector(1)',
          labels: { severity: 'critical' },
          annotations: { summary: 'silenced by amtool' },
        },
        alertmanagers: [{ address: `127.0.0.1:${tocsin.port}`, pathPrefix: `/integrations/${key}` }],
      });
      const alert = await waitFor('the alert from Prometheus', async () => {
        const res = await api<{ data: Alert[] }>(
          tocsin.app,
          'GET',
          `/api/v1/alerts?service_id=${service.id}`,
        );
        return res.body.data.find((a) => a.labels.alertname === alertname);
      });
      assert.equal(alert.status, 'suppressed');
      assert.equal(alert.suppressed_by, `silence:${id}`);
      assert.equal(alert.incident_id, null, 'a silenced alert opens no incident');
      const seen = await json<AmAlert[]>(viaPath('alert', 'query', '--silenced', `alertname=${alertname}`));
      assert.deepEqual(
        seen.map((a) => a.status.silencedBy),
        [[id]],
      );
    });
  });
}
