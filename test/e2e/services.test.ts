import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { adminApi } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { PHONE, e2eSession, logIn, newContext, seriousViolations, useBrowser } from './browser.ts';

/**
 * The service pages (issue 17): an admin creates a service (an empty name is refused at its
 * field), then an events-v2 integration; the curl snippet the page shows, run as written, opens
 * an incident, and so does "Send a test alert". The list shows the service's status live.
 */
const browser = useBrowser();

/** The request a `curl -X M 'URL' -H 'N: V' -d 'BODY'` snippet sends (single-quoted, as the page writes it). */
function parseCurl(text: string): {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
} {
  const line = text.replace(/\\\n\s*/g, ' ');
  const head = /^curl -X (\w+) '([^']+)'/.exec(line);
  const body = / -d '([^']*)'$/.exec(line);
  assert.ok(head && body, `a curl command with a body: ${text}`);
  const headers = Object.fromEntries(
    [...line.matchAll(/ -H '([^:']+): ([^']*)'/g)].map((m) => [m[1]!, m[2]!]),
  );
  return { method: head[1]!, url: head[2]!, headers, body: body[1]! };
}

for (const dialect of DIALECTS) {
  describe(`web UI: services and integrations [${dialect}]`, () => {
    let adminName: string;
    let serviceId: string;

    const { call: asAdmin } = adminApi(() => ui.tocsin);
    const incidents = async () =>
      (await asAdmin<{ data: { title: string }[] }>('GET', `/api/v1/incidents?service_id=${serviceId}`)).body
        .data;

    const ui = e2eSession(browser, dialect, {
      path: '/services',
      setUp: async () => {
        const me = await asAdmin<{ user: { id: string; name: string } }>('GET', '/api/v1/auth/me');
        adminName = me.body.user.name;
        assert.equal((await asAdmin('POST', '/api/v1/teams', { name: 'Payments' })).status, 201);
        const policy = await asAdmin('POST', '/api/v1/escalation-policies', {
          name: 'Primary',
          levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: me.body.user.id }] }],
        });
        assert.equal(policy.status, 201, JSON.stringify(policy.body));
      },
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
    });

    it('creates a service; an empty name is refused at the name field, nothing typed is lost', async () => {
      await ui.page.getByText('No services yet.').waitFor();
      await ui.page.getByRole('button', { name: 'New service' }).click();
      const form = ui.page.getByRole('form', { name: 'New service' });
      await form.getByLabel('Description').fill('Takes the money');
      await form.getByLabel('Escalation policy').selectOption({ label: 'Primary' });
      await form.getByRole('button', { name: 'Create service' }).click();
      await form.getByText(/^body\.name /).waitFor();
      assert.equal(await form.getByLabel('Name').getAttribute('aria-invalid'), 'true');
      assert.equal(await form.getByLabel('Description').inputValue(), 'Takes the money');
      await assertFitsBothSizes(ui.page);

      await form.getByLabel('Name').fill('checkout');
      await form.getByRole('button', { name: 'Create service' }).click();
      await ui.page.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
      serviceId = new URL(ui.page.url()).pathname.split('/').at(-1)!;
      const svc = await asAdmin<{ name: string; escalation_policy_id: string | null }>(
        'GET',
        `/api/v1/services/${serviceId}`,
      );
      assert.equal(svc.body.name, 'checkout');
      assert.notEqual(svc.body.escalation_policy_id, null);
      await ui.page.getByText('Open incidents: 0').waitFor();
      await ui.page.getByText(`On call now: ${adminName}`).waitFor();
    });

    it('shows an events-v2 key once with a curl snippet that opens an incident as written', async () => {
      await ui.page.getByRole('button', { name: 'New integration' }).click();
      const form = ui.page.getByRole('form', { name: 'New integration' });
      await form.getByLabel('Name').fill('pagerduty');
      await form.getByLabel('Sends from').selectOption('events-v2');
      await form.getByRole('button', { name: 'Create integration' }).click();
      const snippet = ui.page.getByLabel('PagerDuty Events v2 (curl)', { exact: true });
      const req = parseCurl(await snippet.inputValue());
      assert.equal(req.method, 'POST');
      assert.equal(req.url, `${ui.tocsin.origin}/v2/enqueue`);
      const key = await ui.page.getByLabel('Integration key').textContent();
      assert.equal((JSON.parse(req.body) as { routing_key: string }).routing_key, key);

      const sent = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
      assert.equal(sent.status, 202, await sent.text());
      assert.deepEqual(
        (await incidents()).map((i) => i.title),
        ['Test alert from Tocsin'],
      );
      // The live stream brings the new incident to the page's status.
      await ui.page.getByText('Open incidents: 1').waitFor();
      await assertFitsBothSizes(ui.page);
      await snippet.scrollIntoViewIfNeeded();
      await ui.screenshot(ui.page, 'service-snippets');
    });

    it('"Send a test alert" opens another incident through the ingest endpoint', async () => {
      const keyPanel = ui.page.getByRole('region', { name: 'Integration “pagerduty” created' });
      await keyPanel.getByRole('button', { name: 'Send a test alert' }).click();
      await keyPanel.getByRole('status').getByText('Test alert sent').waitFor();
      assert.equal((await incidents()).length, 2);
      await ui.page.getByText('Open incidents: 2').waitFor();

      // The key is not shown again: after "Done" only its prefix is listed.
      await ui.page.getByRole('button', { name: 'Done' }).click();
      assert.equal(await ui.page.getByLabel('Integration key').count(), 0);
      await ui.page
        .getByRole('list', { name: 'Integrations' })
        .getByText('pagerduty', { exact: true })
        .waitFor();
    });

    it('saves grouping rules; grouping by no labels is refused at the grouping', async () => {
      const settings = ui.page.getByRole('form', { name: 'Service settings' });
      await settings.getByLabel('Alerts open incidents').selectOption('labels');
      await settings.getByLabel('Window (minutes)').fill('15');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByText(/^body\.alert_grouping/).waitFor();
      await settings.getByLabel('Labels').fill('cluster, alertname');
      await settings.getByLabel('Storm threshold (alerts per minute)').fill('50');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByText('Saved.').waitFor();
      const svc = await asAdmin<{ alert_grouping: unknown }>('GET', `/api/v1/services/${serviceId}`);
      assert.deepEqual(svc.body.alert_grouping, {
        mode: 'labels',
        labels: ['cluster', 'alertname'],
        window_minutes: 15,
        storm_threshold_per_minute: 50,
      });
    });

    it('lists the service with its status', async () => {
      await ui.page.getByRole('link', { name: '← Services' }).click();
      const item = ui.page.getByRole('list', { name: 'Services' }).getByRole('listitem');
      await item.getByRole('link', { name: 'checkout' }).waitFor();
      await item.getByText('Open incidents: 2').waitFor();
      await item.getByText(`On call now: ${adminName}`).waitFor();
      await assertFitsBothSizes(ui.page);
    });

    it('shows a viewer the settings read-only and no way to add an integration', async () => {
      const password = 'viewer password 123';
      const made = await asAdmin('POST', '/api/v1/users', {
        name: 'Vera Viewer',
        email: 'vera@example.com',
        role: 'viewer',
        password,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const viewer = await newContext(browser(), PHONE);
      try {
        const vp = await viewer.newPage();
        await logIn(vp, ui.tocsin.origin, 'vera@example.com', password, `/services/${serviceId}`);
        await vp.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
        await vp
          .getByRole('list', { name: 'Integrations' })
          .getByText('pagerduty', { exact: true })
          .waitFor();
        const settings = vp.getByRole('form', { name: 'Service settings' });
        assert.equal(await settings.getByLabel('Name').isDisabled(), true);
        assert.equal(await vp.getByRole('button', { name: /New integration|Save settings/ }).count(), 0);
        assert.deepEqual(await seriousViolations(vp), []);
      } finally {
        await viewer.close();
      }
    });
  });
}
