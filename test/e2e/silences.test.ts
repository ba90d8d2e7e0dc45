import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, api } from '../harness.ts';
import { adminApi, PASSWORD, signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { PHONE, e2eSession, seriousViolations, useBrowser } from './browser.ts';

/**
 * Silences and maintenance windows in a real browser (issue 17): a silence made on the page
 * with Alertmanager matchers (equal and regex non-match) whose preview lists exactly the open
 * alert it matches while it is typed; once saved a new matching alert is suppressed and listed
 * under it; edited, then ended early, it moves to the ended tab. A maintenance window is created
 * with the preview of its service's open alerts, suppresses, and is ended early. A viewer sees
 * both lists without a single button to change them. axe at desktop and 375 px.
 */
const browser = useBrowser();

interface AlertBody {
  id: string;
  summary: string;
  status: string;
  suppressed_by: string | null;
}

for (const dialect of DIALECTS) {
  describe(`web UI: silences and maintenance windows [${dialect}]`, () => {
    const ids = { payments: '', search: '' };
    const keys = { payments: '', search: '' };
    const admin = adminApi(() => ui.tocsin);
    /** Alertmanager alerts, each summarised by its `instance` label. */
    const fire = async (service: keyof typeof keys, labels: Record<string, string>) => {
      const res = await api(ui.tocsin.app, 'POST', `/integrations/${keys[service]}/api/v2/alerts`, {
        token: null,
        body: [{ labels, annotations: { summary: labels.instance } }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const alertNamed = async (summary: string) => {
      const list = await admin.call<{ data: AlertBody[] }>('GET', '/api/v1/alerts?limit=100');
      const found = list.body.data.find((a) => a.summary === summary);
      assert.ok(found, `alert ${summary}`);
      return found;
    };

    const ui = e2eSession(browser, dialect, {
      path: '/silences',
      setUp: async () => {
        const team = await admin.created('/api/v1/teams', { name: 'Platform' });
        for (const name of ['payments', 'search'] as const) {
          ids[name] = (await admin.created('/api/v1/services', { name, team_id: team.id })).id;
          keys[name] = (
            await admin.created<{ key: string }>(`/api/v1/services/${ids[name]}/integrations`, {
              name: `${name} prometheus`,
              type: 'alertmanager',
            })
          ).key;
        }
        await fire('payments', { alertname: 'DiskFull', env: 'prod', instance: 'db-1' });
        await fire('payments', { alertname: 'DiskFull', env: 'staging', instance: 'db-2' });
        await fire('search', { alertname: 'HighLatency', env: 'prod', instance: 'es-1' });
        await admin.created('/api/v1/users', {
          name: 'Vera Viewer',
          email: 'vera@example.com',
          role: 'viewer',
          password: PASSWORD,
        });
      },
    });

    it('creates a silence whose preview lists exactly the open alert it matches', async () => {
      await ui.page.getByRole('heading', { name: 'Silences', level: 1 }).waitFor();
      await ui.page.getByText('No active silences.').waitFor();
      await ui.page.getByRole('button', { name: 'New silence' }).click();
      const form = ui.page.getByRole('form', { name: 'New silence' });
      const preview = form.getByRole('region', { name: 'Open alerts it would match now' });
      const matching = preview.getByRole('list', { name: 'Matching open alerts' }).getByRole('listitem');
      await preview.getByText(/Add a matcher or choose a service/).waitFor();

      await form.getByLabel('Matcher 1 label').fill('alertname');
      await form.getByLabel('Matcher 1 value').fill('DiskFull');
      await preview.getByText('2 open alerts match', { exact: false }).waitFor();
      // A bad regex: the preview says what the save would say, naming the field.
      await form.getByRole('button', { name: 'Add a matcher' }).click();
      await form.getByLabel('Matcher 2 label').fill('env');
      await form.getByLabel('Matcher 2 operator').selectOption('!~');
      await form.getByLabel('Matcher 2 value').fill('(');
      await preview.getByText(/^No preview: matchers\.1\.value: invalid regular expression/).waitFor();
      await form.getByLabel('Matcher 2 value').fill('stag.*|dev');
      await preview.getByText('1 open alert matches', { exact: false }).waitFor();
      assert.deepEqual(
        (await matching.allInnerTexts()).map((t) => t.split('\n')[0]),
        ['db-1'],
        'db-1 (prod) only: not db-2 (staging), not es-1 (another alertname)',
      );
      await form.getByLabel(/^Comment/).fill('Resizing the payments volumes');
      await assertFitsBothSizes(ui.page);
      await form.evaluate('(el) => el.scrollIntoView()');
      await ui.screenshot(ui.page, 'silences');

      await form.getByRole('button', { name: 'Create silence' }).click();
      const created = ui.page.getByRole('status').filter({ hasText: 'Silence created' });
      await created.waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the green notice passes axe');

      const silences = await admin.call<{
        data: { id: string; matchers: unknown[]; service_id: string | null; comment: string }[];
      }>('GET', '/api/v1/silences?state=active');
      assert.equal(silences.body.data.length, 1);
      const silence = silences.body.data[0]!;
      assert.deepEqual(silence.matchers, [
        { name: 'alertname', op: '=', value: 'DiskFull' },
        { name: 'env', op: '!~', value: 'stag.*|dev' },
      ]);
      assert.equal(silence.service_id, null);

      // A new matching alert is suppressed by it and listed under it; one that does not match pages.
      await fire('payments', { alertname: 'DiskFull', env: 'prod', instance: 'db-4' });
      await fire('payments', { alertname: 'DiskFull', env: 'staging', instance: 'db-5' });
      const db4 = await alertNamed('db-4');
      assert.equal(db4.status, 'suppressed');
      assert.equal(db4.suppressed_by, `silence:${silence.id}`);
      assert.equal((await alertNamed('db-5')).status, 'triggered');

      await created.getByRole('button', { name: 'Close' }).click();
      const card = ui.page.getByRole('article', { name: 'Silence alertname="DiskFull", env!~"stag.*|dev"' });
      await card.getByText('Resizing the payments volumes').waitFor();
      await card.getByText('Any service').waitFor();
      await card.getByText('Alerts it suppressed').click();
      await card
        .getByRole('list', { name: 'Alerts it suppressed' })
        .getByRole('link', { name: 'db-4' })
        .waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'silences-list');
    });

    it('edits the silence, then ends it early: it moves to the ended tab', async () => {
      const card = ui.page.getByRole('article', { name: /^Silence alertname="DiskFull"/ });
      await card.getByRole('button', { name: 'Edit' }).click();
      const form = ui.page.getByRole('form', { name: 'Edit silence' });
      assert.equal(await form.getByLabel('Matcher 2 value').inputValue(), 'stag.*|dev');
      assert.equal(await form.getByLabel('Starts').isDisabled(), true, 'an active silence keeps its start');
      await form.getByLabel(/^Comment/).fill('Resizing the payments volumes (ask Sam)');
      await form.getByRole('button', { name: 'Save silence' }).click();
      await card.getByText('Resizing the payments volumes (ask Sam)').waitFor();

      await card.getByRole('button', { name: 'End now' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'End this silence now?' });
      await dialog.getByText(/alerts it matches page as usual/).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the confirmation passes axe');
      await dialog.getByRole('button', { name: 'End it now' }).click();
      await ui.page.getByText('No active silences.').waitFor();
      await ui.page.getByRole('tab', { name: 'Ended' }).click();
      await ui.page
        .getByRole('list', { name: 'Ended silences' })
        .getByText('ended', { exact: true })
        .waitFor();
      assert.match(ui.page.url(), /state=expired/);
      const list = await admin.call<{ data: { state: string }[] }>('GET', '/api/v1/silences');
      assert.deepEqual(
        list.body.data.map((s) => s.state),
        ['expired'],
      );
      // Ended: a new matching alert pages again.
      await fire('payments', { alertname: 'DiskFull', env: 'prod', instance: 'db-6' });
      assert.equal((await alertNamed('db-6')).status, 'triggered');
    });

    it('creates a maintenance window with a preview of its services’ open alerts, and ends it', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/maintenance-windows`);
      await ui.page.getByRole('button', { name: 'New maintenance window' }).click();
      const form = ui.page.getByRole('form', { name: 'New maintenance window' });
      const preview = form.getByRole('region', { name: 'Open alerts it would match now' });
      await form.getByLabel('Name').fill('Search reindex');
      await form.getByLabel('search').check();
      await preview.getByText('1 open alert matches', { exact: false }).waitFor();
      assert.deepEqual(
        (
          await preview
            .getByRole('list', { name: 'Matching open alerts' })
            .getByRole('listitem')
            .allInnerTexts()
        ).map((t) => t.split('\n')[0]),
        ['es-1'],
      );
      await assertFitsBothSizes(ui.page);
      await form.getByRole('button', { name: 'Create maintenance window' }).click();
      const created = ui.page.getByRole('status').filter({ hasText: 'Maintenance window created' });
      await created.waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);

      await fire('search', { alertname: 'HighLatency', env: 'prod', instance: 'es-2' });
      assert.match((await alertNamed('es-2')).suppressed_by ?? '', /^maintenance:/);

      await created.getByRole('button', { name: 'Close' }).click();
      const card = ui.page.getByRole('article', { name: 'Maintenance window Search reindex' });
      await card.getByText('Services: search').waitFor();
      await card.getByRole('button', { name: 'End now' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'End this maintenance window now?' });
      await dialog.getByText(/Alerts of search page as usual/).waitFor();
      await dialog.getByRole('button', { name: 'End it now' }).click();
      await ui.page.getByText('No active maintenance windows.').waitFor();
      // An upcoming one is deleted rather than ended: it never acted.
      await admin.created('/api/v1/maintenance-windows', {
        name: 'Payments failover drill',
        service_ids: [ids.payments],
        starts_at: new Date(Date.now() + 3_600_000).toISOString(),
        duration_minutes: 30,
      });
      await ui.page.getByRole('tab', { name: 'Upcoming' }).click();
      const upcoming = ui.page.getByRole('article', { name: 'Maintenance window Payments failover drill' });
      await upcoming.getByRole('button', { name: 'Delete' }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Delete this upcoming maintenance window?' });
      await confirm.getByText(/payments will not be in maintenance then/).waitFor();
      await confirm.getByRole('button', { name: 'Delete it' }).click();
      await ui.page.getByText('No upcoming maintenance windows.').waitFor();
      const left = await admin.call<{ data: { name: string }[] }>('GET', '/api/v1/maintenance-windows');
      assert.deepEqual(
        left.body.data.map((w) => w.name),
        ['Search reindex'],
      );

      await ui.page.getByRole('tab', { name: 'Ended' }).click();
      await ui.page
        .getByRole('list', { name: 'Ended maintenance windows' })
        .getByText('Search reindex')
        .waitFor();
    });

    it('shows a viewer the lists with no button to change them; the API refuses', async () => {
      const active = await admin.created<{ id: string }>('/api/v1/silences', {
        matchers: ['alertname="HighLatency"'],
        duration_minutes: 60,
        comment: 'Known slow queries',
      });
      const vera = await signedInAs(browser(), PHONE, ui.tocsin, 'vera@example.com', '/silences');
      try {
        const vp = vera.page;
        await vp
          .getByRole('article', { name: 'Silence alertname="HighLatency"' })
          .getByText('Known slow queries')
          .waitFor();
        assert.equal(await vp.getByRole('button', { name: /New silence|Edit|End now|Delete/ }).count(), 0);
        assert.deepEqual(await seriousViolations(vp), [], 'at 375 px');
        await ui.screenshot(vp, 'silences-phone');
        await vp.goto(`${ui.tocsin.origin}/maintenance-windows?state=expired`);
        await vp.getByRole('article', { name: 'Maintenance window Search reindex' }).waitFor();
        assert.equal(
          await vp.getByRole('button', { name: /New maintenance window|End now|Delete/ }).count(),
          0,
        );
        // The API is the backstop: the same request from the viewer's browser session is refused.
        const status = await vp.evaluate(async (id) => {
          const res = await fetch(`/api/v1/silences/${id}`, { method: 'DELETE' });
          return res.status;
        }, active.id);
        assert.equal(status, 403);
      } finally {
        await vera.close();
      }
    });
  });
}
