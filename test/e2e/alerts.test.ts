import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, api } from '../harness.ts';
import { adminApi } from './admin-api.ts';
import { e2eSession, useBrowser } from './browser.ts';
import { assertFitsBothSizes } from './both-sizes.ts';

/**
 * The alert pages in a real browser (issue 16): the list, an alert's labels and event log, and
 * "silence alerts like this", whose silence must carry the alert's labels as matchers and whose
 * bad input shows the API's message at the field. axe-core on each page, desktop and phone.
 */
const browser = useBrowser();

const LABELS = { alertname: 'HighLatency', cluster: 'eu-1', instance: 'web-1', severity: 'warning' };

interface AlertBody {
  id: string;
  labels: Record<string, string>;
  status: string;
  incident_id: string | null;
  suppressed_by: string | null;
}

for (const dialect of DIALECTS) {
  describe(`web UI: alerts in the browser [${dialect}]`, () => {
    let key: string;
    let serviceId: string;
    let alert: AlertBody;
    const { call: asAdmin } = adminApi(() => ui.tocsin);
    const fire = async (labels: Record<string, string>) => {
      const res = await api(ui.tocsin.app, 'POST', `/integrations/${key}/api/v2/alerts`, {
        token: null,
        body: [{ labels, annotations: { summary: `${labels.alertname} on ${labels.instance}` } }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };

    const ui = e2eSession(browser, dialect, {
      path: '/alerts',
      setUp: async () => {
        const team = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: 'Web' });
        const service = await asAdmin<{ id: string }>('POST', '/api/v1/services', {
          name: 'frontend',
          team_id: team.body.id,
        });
        serviceId = service.body.id;
        const int = await asAdmin<{ key: string }>('POST', `/api/v1/services/${serviceId}/integrations`, {
          name: 'prometheus',
          type: 'alertmanager',
        });
        assert.equal(int.status, 201, JSON.stringify(int.body));
        key = int.body.key;
        await fire(LABELS);
        await fire(LABELS);
        const list = await asAdmin<{ data: AlertBody[] }>('GET', `/api/v1/alerts?service_id=${serviceId}`);
        alert = list.body.data[0]!;
      },
    });

    it('lists alerts newest first with the filters the API takes', async () => {
      const link = ui.page
        .getByRole('list', { name: 'Alerts' })
        .getByRole('link', { name: 'HighLatency on web-1' });
      await link.waitFor();
      await ui.page.getByLabel('Status').selectOption('resolved');
      await ui.page.getByText('No alerts match.').waitFor();
      await ui.page.getByLabel('Status').selectOption('triggered');
      await link.waitFor();
      await ui.page.getByLabel('Label').fill('instance=web-2');
      await ui.page.getByRole('button', { name: 'Filter' }).click();
      await ui.page.getByText('No alerts match.').waitFor();
      await ui.page.getByLabel('Label').fill('instance=web-1');
      await ui.page.getByRole('button', { name: 'Filter' }).click();
      await link.waitFor();
      assert.match(ui.page.url(), /status=triggered&label=instance%3Dweb-1/);
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'alerts-desktop');
    });

    it("shows an alert's labels, incident and whole event log", async () => {
      await ui.page.getByRole('link', { name: 'HighLatency on web-1' }).click();
      await ui.page.getByRole('heading', { name: 'HighLatency on web-1' }).waitFor();
      const labels = ui.page.getByRole('list', { name: 'Labels' }).getByRole('listitem');
      await labels.first().waitFor();
      assert.deepEqual(
        await labels.allInnerTexts(),
        Object.entries(LABELS).map(([n, v]) => `${n}=${v}`),
      );
      const events = ui.page.getByRole('list', { name: 'Event log' }).getByRole('listitem');
      await events.nth(1).waitFor();
      assert.equal(await events.count(), 2, 'both events received');
      const incident = await asAdmin<{ ref: string; title: string }>(
        'GET',
        `/api/v1/incidents/${alert.incident_id}`,
      );
      await ui.page.getByRole('link', { name: `${incident.body.ref}: ${incident.body.title}` }).waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'alert-desktop');
    });

    it('silences alerts like this one: matchers from the labels, API errors at the field', async () => {
      await ui.page.getByRole('button', { name: 'Silence alerts like this' }).click();
      const form = ui.page.getByRole('form', { name: 'Silence alerts like this' });
      await form.waitFor();
      assert.equal(await form.getByLabel('Matcher 4 value').inputValue(), 'warning');
      await assertFitsBothSizes(ui.page);

      // A bad regex: the API names matchers.0.value, and the message shows under that field.
      await form.getByLabel('Matcher 1 operator').selectOption('=~');
      await form.getByLabel('Matcher 1 value').fill('(');
      await form.getByLabel(/^Comment/).fill('Latency work on web-1');
      await form.getByRole('button', { name: 'Create silence' }).click();
      const value = form.getByLabel('Matcher 1 value');
      await form.getByText(/^matchers\.0\.value: invalid regular expression "\("/).waitFor();
      assert.equal(await value.getAttribute('aria-invalid'), 'true');
      const described = await value.getAttribute('aria-describedby');
      assert.ok(described !== null);
      assert.match(
        await ui.page.locator(`#${described.split(' ').at(-1)!}`).innerText(),
        /matchers\.0\.value/,
      );
      assert.equal(
        await form.getByLabel(/^Comment/).inputValue(),
        'Latency work on web-1',
        'nothing typed lost',
      );
      await form.evaluate('(el) => el.scrollIntoView()');
      await ui.screenshot(ui.page, 'alert-silence-error');

      // Remove a matcher and put it back by hand: editable and removable.
      await form.getByRole('button', { name: 'Remove matcher 3 (instance)' }).click();
      assert.equal(await form.getByLabel('Matcher 4 value').count(), 0);
      await form.getByRole('button', { name: 'Add a matcher' }).click();
      await form.getByLabel('Matcher 4 label').fill('instance');
      await form.getByLabel('Matcher 4 value').fill('web-1');
      await form.getByLabel('Matcher 1 operator').selectOption('=');
      await form.getByLabel('Matcher 1 value').fill('HighLatency');
      await form.getByRole('button', { name: 'Create silence' }).click();
      await ui.page
        .getByRole('status')
        .getByText(/Matching alerts are suppressed until/)
        .waitFor();

      const silences = await asAdmin<{
        data: {
          matchers: { name: string; op: string; value: string }[];
          service_id: string;
          comment: string;
        }[];
      }>('GET', '/api/v1/silences');
      assert.equal(silences.body.data.length, 1);
      const silence = silences.body.data[0]!;
      const byName = [...silence.matchers].sort((a, b) => a.name.localeCompare(b.name));
      assert.deepEqual(
        byName,
        Object.entries(LABELS).map(([name, v]) => ({ name, op: '=', value: v })),
      );
      assert.equal(silence.service_id, serviceId);
      assert.equal(silence.comment, 'Latency work on web-1');
    });

    it('shows the silence that suppressed an alert', async () => {
      await fire({ ...LABELS, pod: 'web-1-abc' });
      const list = await asAdmin<{ data: AlertBody[] }>('GET', `/api/v1/alerts?status=suppressed`);
      const suppressed = list.body.data[0]!;
      assert.match(suppressed.suppressed_by ?? '', /^silence:/);
      await ui.page.goto(`${ui.tocsin.origin}/alerts/${suppressed.id}`);
      const note = ui.page.getByRole('alert').filter({ hasText: 'Suppressed by a silence' });
      await note.getByText('Latency work on web-1').waitFor();
      await note.getByText('instance="web-1"', { exact: false }).waitFor();
      await assertFitsBothSizes(ui.page);
    });
  });
}
