import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { adminApi, PASSWORD, signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, PHONE, e2eSession, useBrowser } from './browser.ts';

/**
 * A team's weekly insights digest in a real browser (issue 21): on the team's panel an admin
 * subscribes a webhook (its signing secret shown once) and an email address (a bad address and
 * one subscribed already show the API's message by the field), sees both listed, and removes
 * one after asking; the API agrees each time. A plain member of the team is offered no digest
 * section and asks nothing of the API; a manager is. Axe at desktop and 375 px.
 */
const browser = useBrowser();

const WEBHOOK = 'http://127.0.0.1:9/insights-digest';
const EMAIL = 'payments-leads@example.com';

interface DigestBody {
  kind: string;
  address: string;
  night_pages_per_week: number;
}

for (const dialect of DIALECTS) {
  describe(`web UI: a team's weekly insights digest [${dialect}]`, () => {
    const admin = adminApi(() => ui.tocsin);
    let teamId = '';
    const digests = async () =>
      (await admin.call<{ data: DigestBody[] }>('GET', `/api/v1/teams/${teamId}/insight-digests`)).body.data;

    const ui = e2eSession(browser, dialect, {
      path: '/teams',
      setUp: async () => {
        teamId = (await admin.created('/api/v1/teams', { name: 'Payments' })).id;
        for (const [name, email, role] of [
          ['Mia Member', 'mia@example.com', 'member'],
          ['Max Manager', 'max@example.com', 'manager'],
        ] as const) {
          const user = await admin.created('/api/v1/users', {
            name,
            email,
            role: 'responder',
            password: PASSWORD,
          });
          await admin.created(`/api/v1/teams/${teamId}/members`, { user_id: user.id, role });
        }
      },
    });
    const section = () => ui.page.getByRole('region', { name: 'Weekly insights digest' });
    const table = () => ui.page.getByRole('table', { name: 'Insight digests of Payments' });
    const row = (address: string) => table().getByRole('row').filter({ hasText: address });

    it('an admin adds a webhook (secret shown once) and an email digest, and removes one', async () => {
      await ui.page.getByRole('button', { name: /^Payments/ }).click();
      await section().getByText('The digest is not sent anywhere yet.').waitFor();
      const form = ui.page.getByRole('form', { name: 'Add a digest for Payments' });

      await form.getByLabel('Email address').fill('payments leads');
      await form.getByRole('button', { name: 'Add digest' }).click();
      await form.getByText(/^body\.address: not an email address/).waitFor();
      assert.equal(await form.getByLabel('Email address').getAttribute('aria-invalid'), 'true');

      await form.getByLabel('Send by').selectOption('webhook');
      await form.getByLabel('Webhook URL').fill(WEBHOOK);
      assert.equal(await form.getByLabel('Night pages a week').inputValue(), '2', 'the default threshold');
      await form.getByRole('button', { name: 'Add digest' }).click();
      const secret = (await section().getByLabel('Signing secret').textContent()) ?? '';
      assert.match(secret, /^whsec_/);
      await section()
        .getByText(/it will not be shown again/)
        .waitFor();
      await row(WEBHOOK).getByRole('cell', { name: 'more than 2' }).waitFor();
      assert.equal(await form.getByLabel('Webhook URL').inputValue(), '', 'the form is cleared after a save');

      await form.getByLabel('Send by').selectOption('email');
      await form.getByLabel('Email address').fill(EMAIL);
      await form.getByLabel('Night pages a week').fill('3');
      await form.getByRole('button', { name: 'Add digest' }).click();
      await row(EMAIL).getByRole('cell', { name: 'more than 3' }).waitFor();
      assert.deepEqual((await digests()).map((d) => [d.kind, d.address, d.night_pages_per_week]).sort(), [
        ['email', EMAIL, 3],
        ['webhook', WEBHOOK, 2],
      ]);
      assert.ok(
        (await digests()).every((d) => !('signing_secret' in d)),
        'the list never answers the secret',
      );
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'team-digests');

      await form.getByLabel('Email address').fill(EMAIL);
      await form.getByRole('button', { name: 'Add digest' }).click();
      await form.getByText('this team already sends its digest to that address').waitFor();
      assert.equal(
        await form.getByLabel('Email address').getAttribute('aria-invalid'),
        'true',
        '409 by the field',
      );
      assert.equal(await form.getByRole('alert').count(), 0, 'and not again above the button');

      await section().getByRole('button', { name: 'Done' }).click();
      assert.equal(await ui.page.getByLabel('Signing secret').count(), 0);
      await ui.page.reload();
      await ui.page.getByRole('button', { name: /^Payments/ }).click();
      await row(WEBHOOK).getByRole('cell', { name: 'not yet' }).waitFor();
      await row(EMAIL).waitFor();
      assert.equal(await ui.page.getByLabel('Signing secret').count(), 0, 'shown only that once');
      assert.equal(await ui.page.getByText(secret).count(), 0);

      await row(EMAIL)
        .getByRole('button', { name: `Remove the digest to ${EMAIL}` })
        .click();
      const confirm = ui.page.getByRole('dialog', { name: `Stop sending the digest to ${EMAIL}?` });
      await confirm.getByText('No more weekly insights are sent to that address.').waitFor();
      assert.equal((await digests()).length, 2, 'nothing removed before confirming');
      await confirm.getByRole('button', { name: 'Remove digest' }).click();
      await row(EMAIL).waitFor({ state: 'detached' });
      assert.deepEqual(
        (await digests()).map((d) => d.address),
        [WEBHOOK],
      );
      await assertFitsBothSizes(ui.page);
    });

    it('a plain member sees no digest section and asks nothing; a manager sees it', async () => {
      const mia = await signedInAs(browser(), DESKTOP, ui.tocsin, 'mia@example.com', '/teams');
      try {
        const p = mia.page;
        const asked: string[] = [];
        p.on('request', (r) => {
          if (r.url().includes('/insight-digests')) asked.push(r.url());
        });
        await p.getByRole('button', { name: /^Payments/ }).click();
        await p
          .getByRole('table', { name: 'Members of Payments' })
          .getByRole('cell', { name: 'Mia Member' })
          .waitFor();
        assert.equal(await p.getByRole('region', { name: 'Weekly insights digest' }).count(), 0);
        assert.equal(await p.getByRole('form', { name: 'Add a digest for Payments' }).count(), 0);
        assert.deepEqual(asked, [], 'no request the API would refuse');
      } finally {
        await mia.close();
      }

      const max = await signedInAs(browser(), PHONE, ui.tocsin, 'max@example.com', '/teams');
      try {
        const p = max.page;
        await p.getByRole('button', { name: /^Payments/ }).click();
        await p
          .getByRole('table', { name: 'Insight digests of Payments' })
          .getByRole('cell', { name: WEBHOOK, exact: true })
          .waitFor();
        await p.getByRole('form', { name: 'Add a digest for Payments' }).waitFor();
      } finally {
        await max.close();
      }
    });
  });
}
