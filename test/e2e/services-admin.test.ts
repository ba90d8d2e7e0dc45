import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitFor } from '../peers/process.ts';
import { DIALECTS } from '../harness.ts';
import { adminApi } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { e2eSession, screenshot, seriousViolations, useBrowser } from './browser.ts';

/**
 * Running a service's integrations from the service page (issue 17): a test alert at any time,
 * linking to its incident; disable and enable; rotate the key (the old one is refused, the new
 * one shown once); a generic webhook's field mapping; delete, after a confirmation that says
 * what changes; and deleting the service itself, refused while it has incidents. The list reads
 * every service's status in one request.
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: running a service's integrations [${dialect}]`, () => {
    let serviceId: string;
    const ints: Record<string, { id: string; key: string }> = {};

    const { call: asAdmin } = adminApi(() => ui.tocsin);
    const row = (name: string): Locator =>
      ui.page.getByRole('list', { name: 'Integrations' }).getByRole('listitem', { name });
    /** An Events API v2 trigger with `key`, as a sender would post it. */
    const enqueue = (key: string) =>
      fetch(`${ui.tocsin.origin}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: key,
          event_action: 'trigger',
          payload: { summary: 'from a sender', source: 'e2e', severity: 'info' },
        }),
      });

    const ui = e2eSession(browser, dialect, {
      path: () => `/services/${serviceId}`,
      setUp: async () => {
        const team = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' });
        const svc = await asAdmin<{ id: string }>('POST', '/api/v1/services', {
          name: 'checkout',
          team_id: team.body.id,
        });
        serviceId = svc.body.id;
        for (const [name, type] of [
          ['pd', 'events-v2'],
          ['hook', 'generic'],
        ] as const) {
          const made = await asAdmin<{ id: string; key: string }>(
            'POST',
            `/api/v1/services/${serviceId}/integrations`,
            {
              name,
              type,
            },
          );
          assert.equal(made.status, 201, JSON.stringify(made.body));
          ints[name] = made.body;
        }
      },
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
    });

    it('sends a test alert from the list at any time and links to its incident', async () => {
      await row('pd').getByRole('button', { name: 'Send a test alert' }).click();
      // It pages a real person: the confirmation says so, and who, before anything is sent.
      const confirm = ui.page.getByRole('dialog', { name: 'Send a test alert through “pd”?' });
      await confirm.getByText(/pages whoever is on call for the service now: \S/).waitFor();
      assert.equal(await confirm.getByText(/: …\./).count(), 0, 'who is on call, once known');
      assert.deepEqual(await seriousViolations(ui.page), []);
      await confirm.getByRole('button', { name: 'Send test alert' }).click();
      const link = row('pd')
        .getByRole('status')
        .getByRole('link', { name: /^INC-\d+$/ });
      const ref = await link.textContent();
      const incident = await asAdmin<{ title: string; service_id: string }>(
        'GET',
        `/api/v1/incidents/${ref}`,
      );
      assert.equal(incident.body.service_id, serviceId);
      assert.match(incident.body.title, /^Test alert from Tocsin/);
      await ui.page.getByText('Open incidents: 1').waitFor();
      await assertFitsBothSizes(ui.page);
      await link.click();
      await ui.page.getByRole('heading', { level: 1, name: /Test alert from Tocsin/ }).waitFor();
      await ui.page.goBack();
      await ui.page.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
    });

    it('disables an integration after asking (its sender is refused) and enables it again', async () => {
      const enabled = row('pd').getByRole('switch', { name: 'Enabled' });
      await enabled.click({ force: true });
      const confirm = ui.page.getByRole('dialog', { name: /^Disable “/ });
      await confirm.getByText(/are refused until it is enabled again/).waitFor();
      const still = await asAdmin<{ enabled: boolean }>('GET', `/api/v1/integrations/${ints.pd!.id}`);
      assert.equal(still.body.enabled, true, 'nothing changes before the confirmation');
      await confirm.getByRole('button', { name: 'Disable integration' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await waitFor('the integration disabled', async () => {
        const got = await asAdmin<{ enabled: boolean }>('GET', `/api/v1/integrations/${ints.pd!.id}`);
        return got.body.enabled ? undefined : true;
      });
      await waitFor(
        'the disabled key refused',
        async () => ((await enqueue(ints.pd!.key)).status === 400 ? true : undefined),
        {
          timeoutMs: 5000,
        },
      );
      await row('pd').getByRole('button', { name: 'Send a test alert' }).click();
      await ui.page.getByRole('dialog').getByRole('button', { name: 'Send test alert' }).click();
      await row('pd')
        .getByRole('alert')
        .getByText(/is disabled/)
        .waitFor();
      await enabled.click({ force: true });
      await waitFor(
        'the key accepted again',
        async () => ((await enqueue(ints.pd!.key)).status === 202 ? true : undefined),
        {
          timeoutMs: 5000,
        },
      );
    });

    it('rotates the key after a confirmation: the old key is refused, the new one shown once works', async () => {
      await row('pd').getByRole('button', { name: 'Rotate key' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Rotate the key of “pd”?' });
      await dialog.getByText(/every sender still using the old key is\s+refused/).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      await dialog.getByRole('button', { name: 'Rotate key' }).click();
      const panel = ui.page.getByRole('region', { name: 'New key for “pd”' });
      const key = (await panel.getByLabel('Integration key').textContent()) ?? '';
      assert.notEqual(key, ints.pd!.key);
      assert.ok(
        (await panel.getByLabel('PagerDuty Events v2 (curl)', { exact: true }).inputValue()).includes(key),
      );
      assert.equal((await enqueue(key)).status, 202);
      await waitFor(
        'the old key refused',
        async () => ((await enqueue(ints.pd!.key)).status === 400 ? true : undefined),
        {
          timeoutMs: 5000,
        },
      );
      await panel.getByRole('button', { name: 'Done' }).click();
      assert.equal(await ui.page.getByLabel('Integration key').count(), 0);
    });

    it("edits a generic webhook's field mapping; a bad severity word is refused at its field", async () => {
      await row('hook').getByRole('button', { name: 'Field mapping' }).click();
      const form = ui.page.getByRole('form', { name: 'Field mapping of “hook”' });
      await form.getByLabel('Summary').fill('event.title');
      await form.getByLabel('Severity', { exact: true }).fill('event.level');
      await form.getByLabel('Severity words').fill('sev1: urgent');
      await form.getByRole('button', { name: 'Save mapping' }).click();
      await form.getByText(/severity_map/).waitFor();
      assert.equal(await form.getByLabel('Severity words').getAttribute('aria-invalid'), 'true');
      assert.equal(await form.getByLabel('Summary').inputValue(), 'event.title');
      await form.getByLabel('Severity words').fill('sev1: critical\nsev3: warning');
      await form.getByRole('button', { name: 'Save mapping' }).click();
      await form.getByRole('status').getByText('Saved.').waitFor();
      const got = await asAdmin<{ mapping: unknown }>('GET', `/api/v1/integrations/${ints.hook!.id}`);
      assert.deepEqual(got.body.mapping, {
        summary: 'event.title',
        severity: 'event.level',
        severity_map: { sev1: 'critical', sev3: 'warning' },
      });
      await assertFitsBothSizes(ui.page);
      if (dialect === 'sqlite') {
        await row('pd').scrollIntoViewIfNeeded();
        await screenshot(ui.page, 'service-integrations');
      }

      // A sender posting in that shape opens an alert with the mapped fields.
      const sent = await fetch(`${ui.tocsin.origin}/integrations/generic/${ints.hook!.key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: { title: 'Disk full', level: 'sev3' } }),
      });
      const text = await sent.text();
      assert.equal(sent.status, 202, text);
      const { alert_id } = JSON.parse(text) as { alert_id: string };
      const alert = await asAdmin<{ summary: string; severity: string }>('GET', `/api/v1/alerts/${alert_id}`);
      assert.deepEqual([alert.body.summary, alert.body.severity], ['Disk full', 'warning']);
      await form.getByRole('button', { name: 'Close' }).click();
    });

    it('deletes an integration after saying its key stops working', async () => {
      await row('hook').getByRole('button', { name: 'Delete' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Delete “hook”?' });
      await dialog.getByText(/Its key stops working at once/).waitFor();
      await dialog.getByRole('button', { name: 'Delete integration' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row('hook').waitFor({ state: 'detached' });
      assert.equal((await asAdmin('GET', `/api/v1/integrations/${ints.hook!.id}`)).status, 404);
    });

    it('refuses to delete a service with incidents, showing why; deletes one without', async () => {
      await ui.page.getByRole('button', { name: 'Delete service' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Delete “checkout”?' });
      await dialog
        .getByText('Its integration (pd) is deleted: their keys stop accepting alerts at once.')
        .waitFor();
      await dialog.getByText(/It has \d+ open incidents?/).waitFor();
      await dialog.getByRole('button', { name: 'Delete service' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/service "checkout" has \d+ incidents?.*which keep their service/)
        .waitFor();
      assert.equal((await asAdmin('GET', `/api/v1/services/${serviceId}`)).status, 200);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      const team = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: 'Spare' });
      const spare = await asAdmin<{ id: string }>('POST', '/api/v1/services', {
        name: 'spare',
        team_id: team.body.id,
      });
      await ui.page.goto(`${ui.tocsin.origin}/services/${spare.body.id}`);
      await ui.page.getByRole('button', { name: 'Delete service' }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Delete “spare”?' });
      await confirm.getByText('It has no integrations.').waitFor();
      await confirm.getByRole('button', { name: 'Delete service' }).click();
      await ui.page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
      assert.equal((await asAdmin('GET', `/api/v1/services/${spare.body.id}`)).status, 404);
    });

    it("reads the list's status in one request, not per service", async () => {
      const requests: string[] = [];
      ui.page.on('request', (r) => {
        if (r.url().includes('/api/v1/')) requests.push(new URL(r.url()).pathname + new URL(r.url()).search);
      });
      await ui.page.goto(`${ui.tocsin.origin}/services`);
      const item = ui.page.getByRole('list', { name: 'Services' }).getByRole('listitem');
      await item.getByText(/Open incidents: [1-9]/).waitFor();
      await item.getByText('On call now: no escalation policy').waitFor();
      assert.equal(
        requests.filter((r) => r.startsWith('/api/v1/services?') && r.includes('include=status')).length,
        1,
      );
      assert.deepEqual(
        requests.filter(
          (r) =>
            r.startsWith('/api/v1/incidents') ||
            r.startsWith('/api/v1/alerts') ||
            r.startsWith('/api/v1/oncall'),
        ),
        [],
      );
    });
  });
}
