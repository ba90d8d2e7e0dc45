import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildIntegration, buildService } from '../../test/factories.ts';
import { DIALECTS } from '../../test/harness.ts';
import { amtoolOk, requireAmtool } from '../../test/peers/amtool.ts';
import { type Peer, waitFor } from '../../test/peers/process.ts';
import { type HttpPeer, startAlertmanager } from '../../test/peers/prometheus.ts';
import { type ListeningTocsin, startListeningTocsin } from '../../test/peers/tocsin.ts';
import type { AlertGroup as Group, GettableAlert as Alert } from './alerts.ts';
import { GO_ZERO_TIME } from './labels.ts';
import type { GettableSilence as Silence } from './silences.ts';

/**
 * Grafana's Alertmanager data source cannot run here, so this stands in for it: the same amtool
 * commands go to Debian's Alertmanager and to Tocsin, then their `GET /api/v2/alerts/groups`,
 * `/alerts`, `/silences` and `/receivers` are compared field by field. Alertmanager is configured
 * as the service is (receiver named after it, grouped by alertname). Ids differ by nature (a
 * UUID there, a Tocsin id here) and are compared through the silence each names; times that each
 * side takes from its own clock (updatedAt, a start of "now") must agree within a few seconds.
 */

const CLOCK_SLACK_MS = 10_000;
const keys = (o: object) => Object.keys(o).sort();
const ms = (t: string) => Date.parse(t);

function closeInTime(ours: string, theirs: string, what: string): void {
  assert.ok(Math.abs(ms(ours) - ms(theirs)) <= CLOCK_SLACK_MS, `${what}: ${ours} vs ${theirs}`);
}

for (const dialect of DIALECTS) {
  describe(`Tocsin answers as Debian's Alertmanager does [${dialect}]`, () => {
    const run = randomBytes(4).toString('hex');
    const serviceName = `compare ${run}`;
    let tocsin: ListeningTocsin;
    let alertmanager: HttpPeer & Peer;
    let key: string;
    const tocsinUrl = () => `${tocsin.origin}/integrations/${key}`;
    const get = async <T>(base: string, path: string) => {
      const res = await fetch(`${base}/api/v2${path}`);
      assert.equal(res.status, 200, `${base} ${path}`);
      return (await res.json()) as T;
    };
    /** Alertmanager's silence ids mapped to Tocsin's, by each silence's comment (unique here). */
    const ids = new Map<string, string>();

    before(async () => {
      requireAmtool();
      tocsin = await startListeningTocsin(dialect);
      const service = await buildService(tocsin.app, {
        name: serviceName,
        alert_grouping: { mode: 'labels', labels: ['alertname'], window_minutes: 10 },
      });
      key = (await buildIntegration(tocsin.app, 'alertmanager', { name: 'prometheus' }, service.id)).key;
      // Its notifications go nowhere: only its API is compared.
      alertmanager = await startAlertmanager({ webhookUrl: 'http://127.0.0.1:9/', receiver: serviceName });

      const now = Math.floor(Date.now() / 1000) * 1000;
      const start = new Date(now - 60_000).toISOString();
      const end = new Date(now + 3600_000).toISOString();
      const later = new Date(now + 1800_000).toISOString();
      // Distinct ends: Alertmanager's sort is not stable, so equal ends could come in any order.
      const sooner = new Date(now + 2400_000).toISOString();
      for (const url of [alertmanager.origin, tocsinUrl()]) {
        const am = (...args: string[]) => amtoolOk([`--alertmanager.url=${url}`, ...args]);
        const timed = [`--start=${start}`, `--end=${end}`];
        await am(
          'alert',
          'add',
          'alertname=Cmp1',
          'job=web',
          'instance=i2',
          'severity=warning',
          '--annotation=summary=second',
          ...timed,
        );
        await am(
          'alert',
          'add',
          'alertname=Cmp1',
          'job=web',
          'instance=i1',
          'severity=critical',
          '--annotation=summary=first',
          '--generator-url=http://prometheus.example/graph?g0.expr=up',
          ...timed,
        );
        await am('alert', 'add', 'alertname=Cmp2', 'job=db', ...timed);
        // No end: Alertmanager sets now + resolve_timeout, Tocsin keeps it open until resolved.
        await am('alert', 'add', 'alertname=Cmp3', `--start=${start}`);
        const active = (
          await am('silence', 'add', 'alertname=Cmp2', '-c', 'db work', '-a', 'bob', `--end=${end}`)
        ).trim();
        const pending = (
          await am(
            'silence',
            'add',
            'alertname=Cmp1',
            'instance=~"i[0-9]"',
            '-c',
            'later',
            '-a',
            'carol',
            `--start=${later}`,
            `--end=${end}`,
          )
        ).trim();
        const negative = (
          await am(
            'silence',
            'add',
            'alertname=Cmp3',
            'job!=web',
            '-c',
            'not web',
            '-a',
            'dave',
            `--end=${sooner}`,
          )
        ).trim();
        const gone = (
          await am('silence', 'add', 'alertname=Gone', '-c', 'gone', '-a', 'erin', `--end=${end}`)
        ).trim();
        await am('silence', 'expire', gone);
        if (url === alertmanager.origin) {
          for (const [id, comment] of [
            [active, 'db work'],
            [pending, 'later'],
            [negative, 'not web'],
            [gone, 'gone'],
          ] as const)
            ids.set(id, comment);
        } else {
          const byComment = new Map([
            ['db work', active],
            ['later', pending],
            ['not web', negative],
            ['gone', gone],
          ]);
          for (const [amId, comment] of ids) ids.set(amId, byComment.get(comment)!);
        }
      }
      // Alertmanager's dispatcher files alerts into groups a moment after it takes them.
      await waitFor('Alertmanager to group the three alertnames', async () => {
        const groups = await get<Group[]>(alertmanager.origin, '/alerts/groups');
        return groups.length === 3 ? groups : undefined;
      });
    });
    after(async () => {
      await alertmanager?.stop();
      await tocsin?.close();
    });

    function sameAlert(ours: Alert, theirs: Alert): void {
      const what = `alert ${JSON.stringify(theirs.labels)}`;
      assert.deepEqual(keys(ours), keys(theirs), what);
      for (const field of ['labels', 'annotations', 'generatorURL', 'fingerprint', 'receivers'] as const)
        assert.deepEqual(ours[field], theirs[field], `${what} ${field}`);
      assert.equal(ms(ours.startsAt), ms(theirs.startsAt), `${what} startsAt`);
      if (theirs.labels.alertname === 'Cmp3') {
        // The one field with another meaning: no end sent means open until resolved.
        assert.equal(ours.endsAt, GO_ZERO_TIME);
        closeInTime(
          theirs.endsAt,
          new Date(ms(theirs.updatedAt) + 5 * 60_000).toISOString(),
          'resolve_timeout',
        );
      } else assert.equal(ms(ours.endsAt), ms(theirs.endsAt), `${what} endsAt`);
      closeInTime(ours.updatedAt, theirs.updatedAt, `${what} updatedAt`);
      assert.deepEqual(
        ours.status,
        { ...theirs.status, silencedBy: theirs.status.silencedBy.map((id) => ids.get(id)) },
        `${what} status`,
      );
    }

    it('GET /api/v2/alerts/groups: the same groups, in the same order, with the same alerts', async () => {
      const theirs = await get<Group[]>(alertmanager.origin, '/alerts/groups');
      const ours = await get<Group[]>(tocsinUrl(), '/alerts/groups');
      assert.deepEqual(
        ours.map((g) => g.labels),
        theirs.map((g) => g.labels),
      );
      for (const [i, group] of theirs.entries()) {
        assert.deepEqual(keys(ours[i]!), keys(group));
        assert.deepEqual(ours[i]!.receiver, group.receiver);
        assert.equal(ours[i]!.alerts.length, group.alerts.length);
        for (const [j, alert] of group.alerts.entries()) sameAlert(ours[i]!.alerts[j]!, alert);
      }
      // The comparison has teeth: one group is silenced (positively), one by a != matcher.
      const silenced = theirs.flatMap((g) => g.alerts).filter((a) => a.status.state === 'suppressed');
      assert.deepEqual(silenced.map((a) => a.labels.alertname).sort(), ['Cmp2', 'Cmp3']);
    });

    it('GET /api/v2/alerts, with and without silenced alerts and a filter', async () => {
      for (const query of [
        '',
        '?silenced=false',
        '?filter=alertname%3D%22Cmp1%22',
        '?filter=instance%3D~%22i.*%22&active=true',
      ]) {
        const theirs = await get<Alert[]>(alertmanager.origin, `/alerts${query}`);
        const ours = await get<Alert[]>(tocsinUrl(), `/alerts${query}`);
        assert.deepEqual(
          ours.map((a) => a.fingerprint),
          theirs.map((a) => a.fingerprint),
          query,
        );
        for (const [i, alert] of theirs.entries()) sameAlert(ours[i]!, alert);
      }
    });

    it('GET /api/v2/silences: the same silences, states and order', async () => {
      for (const query of ['', '?filter=alertname%3D%22Cmp1%22']) {
        const theirs = await get<Silence[]>(alertmanager.origin, `/silences${query}`);
        const ours = await get<Silence[]>(tocsinUrl(), `/silences${query}`);
        assert.deepEqual(
          ours.map((s) => s.id),
          theirs.map((s) => ids.get(s.id)),
          query,
        );
        for (const [i, s] of theirs.entries()) {
          const mine = ours[i]!;
          assert.deepEqual(keys(mine), keys(s));
          assert.deepEqual(
            [mine.status, mine.matchers, mine.createdBy, mine.comment],
            // Tocsin adds who sent the name amtool gave: the integration of the key.
            [s.status, s.matchers, `${s.createdBy} (via integration "prometheus")`, s.comment],
            s.comment,
          );
          // A pending silence starts when it was told to; the others started at each side's "now".
          if (s.status.state === 'pending') assert.equal(ms(mine.startsAt), ms(s.startsAt));
          else closeInTime(mine.startsAt, s.startsAt, `${s.comment} startsAt`);
          if (s.status.state === 'expired') closeInTime(mine.endsAt, s.endsAt, `${s.comment} endsAt`);
          else assert.equal(ms(mine.endsAt), ms(s.endsAt), `${s.comment} endsAt`);
          closeInTime(mine.updatedAt, s.updatedAt, `${s.comment} updatedAt`);
          const one = await get<Silence>(tocsinUrl(), `/silence/${mine.id}`);
          assert.deepEqual(one, mine);
        }
      }
    });

    it('GET /api/v2/receivers and /status have the same fields', async () => {
      assert.deepEqual(await get(tocsinUrl(), '/receivers'), await get(alertmanager.origin, '/receivers'));
      type Status = { cluster: object; versionInfo: object; config: { original: string } };
      const theirs = await get<Status>(alertmanager.origin, '/status');
      const ours = await get<Status>(tocsinUrl(), '/status');
      assert.deepEqual(keys(ours), keys(theirs));
      assert.deepEqual(keys(ours.versionInfo), keys(theirs.versionInfo));
      assert.deepEqual(keys(ours.config), keys(theirs.config));
      // Alertmanager without a cluster says "disabled"; Tocsin's nodes share one database: "ready".
      assert.deepEqual(ours.cluster, { name: 'tocsin', status: 'ready', peers: [] });
    });
  });
}
