import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { adminApi } from './admin-api.ts';
import { assertFitsBothSizes, fitsTheWidth } from './both-sizes.ts';
import { e2eSession, logIn, newContext, PHONE, seriousViolations, useBrowser } from './browser.ts';
import { type IncidentFixture, incidentFixture, within } from './incident-fixture.ts';

/**
 * The status page admin (issue 18) in a real browser: a component added on the overview and its
 * status changed with its select (the API and the status history agree); an internal incident
 * published from its page with a template filling the text and the preview showing it as the
 * public will read it; a public update posted; once the internal incident resolves, its page
 * suggests resolving the public one and the composer opens on "resolved" (nothing is published
 * before the click); a maintenance scheduled with its alerts silenced. Every page passes axe and
 * fits 375 px. One browser for the file, one server per database.
 */
const browser = useBrowser();

const SP = '/api/v1/status-page';

interface PublicIncident {
  id: string;
  status: string;
  incident_id: string | null;
  maintenance_window_id: string | null;
  components: { id: string; name: string; status: string }[];
  updates: { status: string; body: string }[];
}

for (const dialect of DIALECTS) {
  describe(`web UI: the status page admin [${dialect}]`, () => {
    let fx: IncidentFixture;
    let componentId = '';
    let incidentRef = '';
    let publicId = '';
    const admin = adminApi(() => ui.tocsin);
    const publicIncident = async (id: string) => {
      const res = await admin.call<PublicIncident>('GET', `${SP}/incidents/${id}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };

    const ui = e2eSession(browser, dialect, {
      path: '/status-page',
      setUp: async () => {
        fx = await incidentFixture(ui.tocsin);
      },
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'Status page', level: 1 }).waitFor();
    });

    it('adds a component linked to a service and changes its status, writing its history', async () => {
      await ui.page.getByRole('heading', { name: 'Status page', level: 1 }).waitFor();
      await ui.page.getByText('No components yet.', { exact: false }).waitFor();
      await ui.page.getByRole('button', { name: 'Add component' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Add a component' });
      await dialog.getByLabel('Name').fill('Checkout');
      await dialog.getByLabel('Tocsin service').selectOption({ label: 'checkout' });
      await assertFitsBothSizes(ui.page);
      await dialog.getByRole('button', { name: 'Add component' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const status = ui.page.getByLabel('Status of Checkout');
      await status.waitFor();
      const list = await admin.call<{ data: { id: string; name: string; service_id: string | null }[] }>(
        'GET',
        `${SP}/components`,
      );
      const made = list.body.data.find((c) => c.name === 'Checkout');
      assert.ok(made, 'the API has the component');
      assert.notEqual(made.service_id, null, 'linked to the checkout service');
      componentId = made.id;

      await status.selectOption('degraded_performance');
      await within(5000, async () => {
        const one = await admin.call<{ status: string }>('GET', `${SP}/components/${componentId}`);
        return one.body.status === 'degraded_performance';
      });
      const history = await admin.call<{ data: { status: string }[] }>(
        'GET',
        `${SP}/components/${componentId}/history`,
      );
      assert.deepEqual(
        history.body.data.map((h) => h.status).sort(),
        ['degraded_performance', 'operational'],
        'the first status and the change by hand',
      );
      // The select shows what the server has once the list is read again after the change.
      await within(5000, async () => (await status.inputValue()) === 'degraded_performance');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'status-page-admin');
    });

    it('publishes an internal incident, the preview showing the public text', async () => {
      incidentRef = await fx.trigger('Checkout database replica lag');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${incidentRef}`);
      const panel = ui.page.getByRole('region', { name: 'Status page' });
      await panel.getByText('Not published').waitFor();
      await panel.getByRole('button', { name: 'Publish to status page' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Publish to the status page' });
      // The component of the incident's service is preselected.
      const checkout = dialog.getByRole('checkbox', { name: 'Checkout' });
      await checkout.waitFor();
      assert.equal(await checkout.isChecked(), true, 'Checkout preselected from the service');
      const text = 'We are investigating issues with **Checkout**.';
      await dialog.getByLabel(/^Update/).fill(text);
      await dialog
        .getByRole('region', { name: 'Public preview' })
        .locator('strong', { hasText: 'Checkout' })
        .waitFor();
      await dialog.getByLabel('Public name').fill('Slow checkout');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'status-page-admin-publish');
      await dialog.getByRole('button', { name: 'Publish' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await panel.getByRole('link', { name: 'Slow checkout' }).waitFor();

      const internal = await admin.call<{ id: string }>('GET', `/api/v1/incidents/${incidentRef}`);
      const found = await admin.call<{ data: PublicIncident[] }>(
        'GET',
        `${SP}/incidents?incident_id=${internal.body.id}`,
      );
      assert.equal(found.body.data.length, 1);
      const pub = found.body.data[0]!;
      publicId = pub.id;
      assert.equal(pub.status, 'investigating');
      assert.deepEqual(
        pub.components.map((c) => [c.name, c.status]),
        [['Checkout', 'partial_outage']],
      );
      assert.equal(pub.updates[0]?.body, text);
    });

    it('posts a public update from the composer', async () => {
      await ui.page
        .getByRole('region', { name: 'Status page' })
        .getByRole('link', { name: 'Post public update' })
        .click();
      const form = ui.page.getByRole('form', { name: 'Post a public update' });
      await form.getByLabel('Status', { exact: true }).selectOption('identified');
      await form.getByLabel(/^Update/).fill('We found the cause: a **bad deploy**. <script>x</script>');
      const preview = form.getByRole('region', { name: 'Public preview' });
      await preview.locator('strong', { hasText: 'bad deploy' }).waitFor();
      // Raw HTML shows as text, as on the public ui.page.
      await preview.getByText('<script>x</script>', { exact: false }).waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'status-page-admin-incident');
      await form.getByRole('button', { name: 'Post update' }).click();
      await form.getByRole('status').filter({ hasText: 'Update posted' }).waitFor();
      const pub = await publicIncident(publicId);
      assert.equal(pub.status, 'identified');
      assert.equal(pub.updates.length, 2);
      await ui.page
        .getByRole('list', { name: 'Updates so far' })
        .locator('li[data-status="identified"]')
        .waitFor();
    });

    it('fills an update from a template, variables filled in, and the public API serves it', async () => {
      await admin.created(`${SP}/templates`, {
        name: 'Fix out',
        update_status: 'monitoring',
        body: '[UPDATE {{time}}] A fix for **{{component}}** ({{service}}), slow since {{start_time}}, is out.',
      });
      // The composer read the templates before this one existed.
      await ui.page.reload();
      const form = ui.page.getByRole('form', { name: 'Post a public update' });
      await form.getByLabel('Template').selectOption({ label: 'Fix out (Monitoring)' });
      const body = form.getByLabel(/^Update/);
      await within(5000, async () => (await body.inputValue()) !== '');
      const text = await body.inputValue();
      assert.match(
        text,
        /^\[UPDATE \d\d:\d\d\] A fix for \*\*Checkout\*\* \(checkout\), slow since \d{4}-\d\d-\d\d \d\d:\d\d UTC, is out\.$/,
      );
      assert.equal(await form.getByLabel('Status', { exact: true }).inputValue(), 'monitoring');
      const preview = form.getByRole('region', { name: 'Public preview' });
      await preview.locator('strong', { hasText: 'Checkout' }).waitFor();
      await preview.getByText(/^\[UPDATE \d\d:\d\d\] A fix for/).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      await form.getByRole('button', { name: 'Post update' }).click();
      await form.getByRole('status').filter({ hasText: 'Update posted' }).waitFor();

      // The public Statuspage API has it within its cache's 2 s, newest update first.
      type V2 = { incidents: { name: string; status: string; incident_updates: { body: string }[] }[] };
      let served: V2['incidents'][number] | undefined;
      await within(5000, async () => {
        const res = await fetch(`${ui.tocsin.origin}/status/api/v2/incidents/unresolved.json`);
        served = ((await res.json()) as V2).incidents.find((i) => i.name === 'Slow checkout');
        return served?.status === 'monitoring';
      });
      assert.equal(served?.incident_updates[0]?.body, text);
    });

    it('suggests resolving the public incident once the internal one resolves, never by itself', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${incidentRef}`);
      const panel = ui.page.getByRole('region', { name: 'Status page' });
      await panel.getByRole('link', { name: 'Slow checkout' }).waitFor();
      assert.equal(await panel.getByText('The public incident is still open').count(), 0);
      const resolved = await admin.call('POST', `/api/v1/incidents/${incidentRef}/resolve`);
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      // The page follows the resolution live and suggests; the public incident stays as it was.
      await panel.getByText('The public incident is still open').waitFor();
      assert.equal((await publicIncident(publicId)).status, 'monitoring');
      await assertFitsBothSizes(ui.page);

      await panel.getByRole('link', { name: 'Resolve the public incident…' }).click();
      const form = ui.page.getByRole('form', { name: 'Post a public update' });
      assert.equal(await form.getByLabel('Status', { exact: true }).inputValue(), 'resolved');
      assert.equal(await form.getByLabel('New status of Checkout').inputValue(), 'operational');
      await form.getByLabel(/^Update/).fill('Checkout is fast again.');
      await form.getByRole('button', { name: 'Post update' }).click();
      await form.getByRole('status').filter({ hasText: 'Update posted' }).waitFor();
      const pub = await publicIncident(publicId);
      assert.equal(pub.status, 'resolved');
      const component = await admin.call<{ status: string }>('GET', `${SP}/components/${componentId}`);
      assert.equal(component.body.status, 'operational');

      await ui.page.goto(`${ui.tocsin.origin}/status-page/incidents`);
      const history = ui.page.getByRole('region', { name: 'History' });
      await history.getByRole('link', { name: 'Slow checkout' }).waitFor();
      await assertFitsBothSizes(ui.page);
    });

    it('schedules a maintenance that silences the alerts of its services', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/status-page/maintenance`);
      await ui.page.getByRole('button', { name: 'Schedule maintenance' }).click();
      const form = ui.page.getByRole('form', { name: 'Schedule maintenance' });
      await form.getByLabel(/^Name/).fill('Database upgrade');
      await form.getByRole('checkbox', { name: 'Checkout' }).check();
      await form.getByText('A maintenance window for the same period on checkout').waitFor();
      await form.getByLabel(/^Announcement/).fill('We upgrade the checkout database.');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'status-page-admin-maintenance');
      await form.getByRole('button', { name: 'Schedule maintenance' }).click();
      const open = ui.page.getByRole('region', { name: 'Upcoming and in progress' });
      await open.getByRole('link', { name: 'Database upgrade' }).waitFor();
      const list = await admin.call<{ data: PublicIncident[] }>('GET', `${SP}/incidents?kind=maintenance`);
      assert.equal(list.body.data.length, 1);
      const m = list.body.data[0]!;
      assert.equal(m.status, 'scheduled');
      assert.notEqual(m.maintenance_window_id, null, 'a maintenance window silences the alerts');
      assert.deepEqual(
        m.components.map((c) => c.name),
        ['Checkout'],
      );
      await assertFitsBothSizes(ui.page);
    });

    it('templates and settings pass axe at both sizes', async () => {
      for (const [path, heading] of [
        ['/status-page/templates', 'Fix out'],
        ['/status-page/settings', 'Public page'],
      ] as const) {
        await ui.page.goto(`${ui.tocsin.origin}${path}`);
        await ui.page.getByRole('heading', { name: heading }).waitFor();
        await assertFitsBothSizes(ui.page);
      }
      await ui.screenshot(ui.page, 'status-page-admin-settings');
    });

    it('lists subscribers from the public page and removes one after asking', async () => {
      // Subscribed the way the public does, on /status: a webhook needs no opt-in, an email does.
      const hook = 'http://127.0.0.1:9/status-hook';
      await ui.page.goto(`${ui.tocsin.origin}/status`);
      await ui.page.getByLabel('Webhook URL').fill(hook);
      await ui.page.getByRole('button', { name: 'Subscribe a webhook' }).click();
      await ui.page.getByRole('heading', { name: 'Webhook subscribed' }).waitFor();
      await ui.page.goto(`${ui.tocsin.origin}/status`);
      await ui.page.getByLabel('Email address').fill('reader@example.com');
      await ui.page.getByRole('button', { name: 'Subscribe by email' }).click();
      await ui.page.getByRole('heading', { name: 'Check your mail' }).waitFor();

      // The webhook's deliveries kept failing for days: the engine quarantined it (subscribers.test.ts).
      await ui.tocsin.tdb.db
        .updateTable('status_subscribers')
        .set({ quarantined_at: Date.parse('2026-12-01T08:00:00Z') })
        .where('address', '=', hook)
        .execute();

      await ui.page.goto(`${ui.tocsin.origin}/status-page`);
      await ui.page
        .getByRole('navigation', { name: 'Status page sections' })
        .getByRole('link', { name: 'Subscribers' })
        .click();
      // The pointer stays on the tab it clicked: hovered, it must still pass axe (web/src/theme.ts).
      const list = ui.page.getByRole('list', { name: 'Subscribers' });
      const webhook = list.getByRole('listitem').filter({ hasText: hook });
      await webhook.getByText('Confirmed', { exact: true }).waitFor();
      await webhook.getByText('Disabled: deliveries kept failing').waitFor();
      await webhook.getByText(/^No deliveries since .*: its address failed for days/).waitFor();
      await list
        .getByRole('listitem')
        .filter({ hasText: 'reader@example.com' })
        .getByText('Not confirmed yet')
        .waitFor();
      await assertFitsBothSizes(ui.page);
      assert.deepEqual(await seriousViolations(ui.page), []);
      await ui.screenshot(ui.page, 'status-page-admin-subscribers');

      const addresses = async () =>
        (await admin.call<{ data: { address: string }[] }>('GET', `${SP}/subscribers`)).body.data
          .map((x) => x.address)
          .sort();
      await webhook.getByRole('button', { name: `Remove ${hook}` }).click();
      const confirm = ui.page.getByRole('dialog', { name: `Remove ${hook}?` });
      await confirm.getByText(/It gets no more updates/).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      assert.deepEqual(await addresses(), [hook, 'reader@example.com'], 'nothing removed before confirming');
      await confirm.getByRole('button', { name: 'Remove subscriber' }).click();
      await webhook.waitFor({ state: 'detached' });
      assert.deepEqual(await addresses(), ['reader@example.com']);
    });

    it('works on a phone: the navigation leads there and the composer fits 375 px', async () => {
      const phone = await newContext(browser(), PHONE);
      try {
        const p = await phone.newPage();
        await logIn(p, ui.tocsin.origin, ui.tocsin.admin.email, ui.tocsin.admin.password, '/now');
        await p.getByRole('button', { name: 'Open navigation' }).click();
        await p.getByRole('link', { name: 'Status page' }).click();
        await p.getByLabel('Status of Checkout').waitFor();
        assert.ok(await fitsTheWidth(p));
        assert.deepEqual(await seriousViolations(p), []);
        await p
          .getByRole('navigation', { name: 'Status page sections' })
          .getByRole('link', { name: 'Incidents' })
          .click();
        await p.getByRole('link', { name: 'Slow checkout' }).click();
        const form = p.getByRole('form', { name: 'Post a public update' });
        await form.getByLabel(/^Update/).fill('A long line of public text that wraps on a small screen.');
        assert.ok(await fitsTheWidth(p));
        assert.deepEqual(await seriousViolations(p), []);
        await ui.screenshot(p, 'status-page-admin-phone');
      } finally {
        await phone.close();
      }
    });
  });
}
