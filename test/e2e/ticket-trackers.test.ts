import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import type { TicketTrackerView } from '../../src/action-items/trackers/schemas.ts';
import { DIALECTS } from '../harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../receivers.ts';
import { hubSignature } from '../ticket-trackers.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { e2eSession, logIn, newContext, useBrowser } from './browser.ts';
import { fieldSays, type IncidentFixture, incidentFixture } from './incident-fixture.ts';

/**
 * Ticket trackers in a real browser (issue 19): an admin adds a GitHub tracker on the settings page
 * (a 400 shown on its field, the webhook secret shown once), a responder pushes an action item from
 * the incident page to a local server acting as GitHub (its first answer a failure, shown in the
 * dialog with GitHub's message), the card links the issue, and GitHub's signed "closed" webhook
 * marks the item done. axe and 375 px on the settings page and the push dialog.
 */
const browser = useBrowser();

const TOKEN = 'ghp_e2e-token-0123456789';
const ITEM = 'Alert on the checkout error rate';

const card = (list: Locator, title: string) => list.getByRole('listitem').filter({ hasText: title });

for (const dialect of DIALECTS) {
  describe(`web UI: ticket trackers [${dialect}]`, () => {
    let fx: IncidentFixture;
    let ref = '';
    let ada: { id: string; email: string; password: string };
    let github: HttpReceiver;
    let secret = '';

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        // GitHub's REST API: refuses the first issue (a bad token), then creates acme/web#12.
        github = await startHttpReceiver({
          respond: () =>
            github.requests.length === 1
              ? { status: 401, body: { message: 'Bad credentials' } }
              : {
                  status: 201,
                  body: { number: 12, html_url: 'https://github.com/acme/web/issues/12', state: 'open' },
                },
        });
        fx = await incidentFixture(ui.tocsin);
        ada = await fx.user('Ada Lovelace', 'responder');
        ref = await fx.trigger('Checkout answers 500');
        const incident = await fx.asAdmin<{ id: string }>('GET', `/api/v1/incidents/${ref}`);
        const item = await fx.asAdmin('POST', `/api/v1/incidents/${incident.body.id}/action-items`, {
          title: ITEM,
        });
        assert.equal(item.status, 201, JSON.stringify(item.body));
      },
    });
    after(() => github?.close());

    const trackers = async () =>
      (await fx.asAdmin<{ data: TicketTrackerView[] }>('GET', '/api/v1/ticket-trackers')).body.data;

    it('adds a GitHub tracker: a 400 on its field, then the webhook URL and secret shown once', async () => {
      await ui.logIn('/settings/ticket-trackers');
      const nav = ui.page.getByRole('navigation', { name: 'Main' });
      assert.equal(
        await nav.getByRole('link', { name: 'Ticket trackers' }).getAttribute('href'),
        '/settings/ticket-trackers',
      );
      const form = ui.page.getByRole('form', { name: 'Add a ticket tracker' });
      await form.getByLabel('Kind').selectOption({ label: 'Jira' });
      assert.equal(
        await form.getByLabel(/^Base URL/).getAttribute('placeholder'),
        'https://acme.atlassian.net',
      );
      await form.getByLabel(/^Account email/).waitFor();
      await form.getByLabel('Kind').selectOption({ label: 'GitHub Issues' });
      assert.equal(await form.getByLabel(/^Base URL/).getAttribute('placeholder'), 'https://api.github.com');
      assert.equal(await form.getByLabel(/^Account email/).count(), 0, 'GitHub has no account email');

      await form.getByLabel(/^Name/).fill('Web repo');
      await form.getByLabel(/^Base URL/).fill(github.url);
      await form.getByLabel(/^Repository/).fill('not a repo');
      await form.getByLabel(/^Token/).fill('ghp_replaced-below');
      await form.getByRole('button', { name: 'Add tracker' }).click();
      await form.getByText('body.project: a GitHub repository as owner/repo').waitFor();
      await fieldSays(form.getByLabel(/^Repository/), 'body.project: a GitHub repository');
      assert.deepEqual(await trackers(), []);

      await form.getByLabel(/^Repository/).fill('acme/web');
      await form.getByRole('button', { name: 'Add tracker' }).click();
      const shown = ui.page.getByRole('region', { name: 'Web repo added: set up its webhook' });
      await shown.waitFor();
      const saved = (await trackers())[0]!;
      assert.equal(saved.base_url, github.url);
      assert.equal(await shown.getByLabel('Webhook URL').innerText(), saved.webhook_url);
      secret = await shown.getByLabel('Webhook secret').innerText();
      assert.match(secret, /^tocsin_whsec_/);
      await shown.getByText('content type application/json').waitFor();
      const table = ui.page.getByRole('table', { name: 'Ticket trackers' });
      for (const cell of ['Web repo', 'GitHub Issues', github.url, 'acme/web'])
        await table.getByRole('cell', { name: cell, exact: true }).waitFor();
      assert.equal(await form.getByLabel(/^Name/).inputValue(), '', 'the form is cleared');

      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'ticket-trackers');
      await shown.getByRole('button', { name: 'Done' }).click();
      await shown.waitFor({ state: 'detached' });
      await ui.page.reload();
      await table.getByRole('cell', { name: 'Web repo', exact: true }).waitFor();
      assert.ok(!(await ui.page.content()).includes(secret), 'the secret is not shown again');
      assert.ok(!(await ui.page.content()).includes(TOKEN), 'nor the token');

      // Edit: a bad address refused on its field, then the token replaced (the push below sends it).
      await table.getByRole('button', { name: 'Edit Web repo' }).click();
      const edit = ui.page.getByRole('dialog', { name: 'Edit Web repo' });
      assert.equal(await edit.getByLabel(/^New token/).inputValue(), '', 'the token is never shown');
      await edit.getByLabel(/^Base URL/).fill('nope');
      await edit.getByLabel(/^New token/).fill(TOKEN);
      await edit.getByRole('button', { name: 'Save tracker' }).click();
      await edit.getByText('body.base_url: must be an http(s) URL').waitFor();
      await fieldSays(edit.getByLabel(/^Base URL/), 'body.base_url: must be an http(s) URL');
      await edit.getByLabel(/^Base URL/).fill(github.url);
      await edit.getByRole('button', { name: 'Save tracker' }).click();
      await edit.waitFor({ state: 'detached' });

      // Delete asks first.
      const old = await fx.asAdmin('POST', '/api/v1/ticket-trackers', {
        name: 'Old repo',
        kind: 'github',
        project: 'acme/old',
        token: 'ghp_old',
      });
      assert.equal(old.status, 201, JSON.stringify(old.body));
      await ui.page.reload();
      await table.getByRole('button', { name: 'Delete Old repo' }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Delete the tracker “Old repo”?' });
      await confirm.getByRole('button', { name: 'Delete Old repo' }).click();
      await table.getByRole('cell', { name: 'Old repo', exact: true }).waitFor({ state: 'detached' });
      assert.deepEqual(
        (await trackers()).map((t) => t.name),
        ['Web repo'],
      );
    });

    it('a responder pushes an item: the tracker error in the dialog, then the issue on the card', async () => {
      const context = await newContext(browser(), { width: 1280, height: 800 });
      try {
        const page = await context.newPage();
        await logIn(page, ui.tocsin.origin, ada.email, ada.password, `/incidents/${ref}`);
        const list = page.getByRole('list', { name: 'Action items' });
        const item = card(list, ITEM);
        await item.getByRole('button', { name: `Push to tracker: ${ITEM}` }).click();
        const dialog = page.getByRole('dialog', { name: `Push “${ITEM}” to a tracker` });
        await dialog.getByLabel('Tracker').selectOption({ label: 'Web repo (GitHub: acme/web)' });
        await dialog.getByRole('button', { name: 'Push', exact: true }).click();
        await dialog
          .getByRole('alert')
          .getByText(/^The tracker refused the ticket: GitHub \(.*\) answered 401: Bad credentials$/)
          .waitFor();
        await assertFitsBothSizes(page);
        await ui.screenshot(page, 'ticket-trackers-push');

        await dialog.getByRole('button', { name: 'Push', exact: true }).click();
        await dialog.waitFor({ state: 'detached' });
        const link = item.getByRole('link', { name: /^acme\/web#12/ });
        assert.equal(await link.getAttribute('href'), 'https://github.com/acme/web/issues/12');
        assert.equal(await link.getAttribute('target'), '_blank');
        await item.getByText('(open)').waitFor();
        assert.equal(await item.getByRole('button', { name: /^Push to tracker/ }).count(), 0, 'pushed once');

        assert.equal(github.requests.length, 2);
        const sent = github.requests[1]!;
        assert.equal(sent.method, 'POST');
        assert.equal(sent.path, '/repos/acme/web/issues');
        assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`);
        assert.equal((sent.json as { title: string }).title, ITEM);

        // GitHub says the issue closed, signed with the secret the admin was shown.
        const [tracker] = await trackers();
        const body = JSON.stringify({
          action: 'closed',
          issue: { number: 12, state: 'closed', state_reason: 'completed' },
          repository: { full_name: 'acme/web' },
        });
        const hook = await fetch(`${ui.tocsin.origin}/webhooks/ticket-trackers/${tracker!.id}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'issues',
            'x-hub-signature-256': hubSignature(secret, body),
          },
          body,
        });
        assert.equal(hook.status, 200, await hook.text());
        await page.reload();
        await item.getByRole('button', { name: `Status of ${ITEM}: Done. Change` }).waitFor();
        await item.getByText('(closed)').waitFor();
        await item.scrollIntoViewIfNeeded();
        await ui.screenshot(page, 'ticket-trackers-card');
      } finally {
        await context.close();
      }
    });
  });
}
