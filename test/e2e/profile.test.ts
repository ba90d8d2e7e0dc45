import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionLinks } from '../../src/notify/links.ts';
import { insertNotification } from '../../src/notify/repository.ts';
import { pendingNotification } from '../../src/notify/rows.ts';
import { DIALECTS, api } from '../harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../receivers.ts';
import { PHONE, e2eSession, logIn, newContext, seriousViolations, useBrowser } from './browser.ts';

/**
 * My profile in a real browser (issue 16): contact methods with the API's 400 by the field, a
 * test notification to a real local webhook receiver with its result on the page, an API token
 * shown once and revoked, the time zone saved (the API agrees), axe at desktop and 375 px.
 */
const browser = useBrowser();
let receiver: HttpReceiver;
before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver?.close());

for (const dialect of DIALECTS) {
  describe(`web UI: my profile [${dialect}]`, () => {
    const ui = e2eSession(browser, dialect, {
      path: '/profile',
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'My profile' }).waitFor();
    });

    const me = async () => {
      const res = await api<{
        user: { id: string; time_zone: string; contact_methods: { id: string; address: string }[] };
      }>(ui.tocsin.app, 'GET', '/api/v1/auth/me', { token: ui.tocsin.admin.token });
      return res.body.user;
    };
    const asAdmin = async <T>(url: string, body: unknown): Promise<T> => {
      const res = await api<T>(ui.tocsin.app, 'POST', url, { token: ui.tocsin.admin.token, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const declareIncident = async (title: string) => {
      const team = await asAdmin<{ id: string }>('/api/v1/teams', { name: `Team ${dialect}` });
      const service = await asAdmin<{ id: string }>('/api/v1/services', {
        name: 'checkout',
        team_id: team.id,
      });
      return asAdmin<{ id: string; ref: string }>('/api/v1/incidents', {
        title,
        service_ids: [service.id],
        severity: 'SEV3',
      });
    };
    const addForm = () => ui.page.getByRole('form', { name: 'Add contact method' });

    it('shows the API’s message by the address field and keeps what was typed', async () => {
      await addForm().getByLabel('Type').selectOption('sms');
      await addForm().getByLabel('Address').fill('0155 not a number');
      await addForm().getByRole('button', { name: 'Add contact method' }).click();
      const field = addForm().getByLabel('Address');
      await ui.page.getByText('body.address: must be an E.164 phone number').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.equal(await field.inputValue(), '0155 not a number', 'typed text kept');
      assert.deepEqual((await me()).contact_methods, []);
    });

    it('adds a webhook and sends it a test notification that the receiver gets', async () => {
      const address = `${receiver.url}/profile-${dialect}`;
      await addForm().getByLabel('Type').selectOption('webhook');
      await addForm().getByLabel('Address').fill(address);
      await addForm().getByLabel('Label (optional)').fill('My receiver');
      await addForm().getByRole('button', { name: 'Add contact method' }).click();
      const item = ui.page.getByRole('listitem', { name: `Webhook ${address}` });
      await item.waitFor();
      assert.equal(
        await addForm().getByLabel('Address').inputValue(),
        '',
        'the form is cleared after a save',
      );
      assert.deepEqual(
        (await me()).contact_methods.map((m) => m.address),
        [address],
      );

      await item.getByRole('button', { name: 'Send test' }).click();
      await item.getByText('Test delivered').waitFor();
      await item.getByText('answered 200').waitFor();
      const got = receiver.requests.filter((r) => r.path === `/profile-${dialect}`);
      assert.equal(got.length, 1);
      assert.match(String(got[0]!.headers['tocsin-signature']), /v1=/);

      await item.getByRole('button', { name: 'Show signing secret' }).click();
      await item
        .getByLabel('Signing secret')
        .getByText(/^whsec_/)
        .waitFor();
      await ui.screenshot(ui.page, 'profile-desktop');
      assert.deepEqual(await seriousViolations(ui.page), []);
    });

    it('adds a notification rule for the new method', async () => {
      const form = ui.page.getByRole('form', { name: 'Add notification rule' });
      await form.getByLabel('Delay (minutes)').fill('5');
      await form.getByRole('button', { name: 'Add rule' }).click();
      await ui.page.getByRole('table', { name: 'Notification rules' }).getByText('5 min').waitFor();
      const user = await me();
      const rules = await api<{ data: { delay_minutes: number; urgency: string }[] }>(
        ui.tocsin.app,
        'GET',
        `/api/v1/users/${user.id}/notification-rules`,
        { token: ui.tocsin.admin.token },
      );
      assert.deepEqual(
        rules.body.data.map((r) => [r.urgency, r.delay_minutes]),
        [['high', 5]],
      );
    });

    it('creates an API token shown once, then revokes it', async () => {
      const form = ui.page.getByRole('form', { name: 'Create API token' });
      await form.getByLabel('Token name').fill('laptop script');
      await form.getByRole('button', { name: 'Create token' }).click();
      const secret = await form.getByLabel('New API token').textContent();
      assert.match(secret ?? '', /^tcs_/);
      const works = await api(ui.tocsin.app, 'GET', '/api/v1/auth/me', { token: secret! });
      assert.equal(works.status, 200, 'the token shown works');
      const table = ui.page.getByRole('table', { name: 'API tokens' });
      await table.getByText('laptop script').waitFor();

      await ui.page.reload();
      await ui.page.getByRole('heading', { name: 'My profile' }).waitFor();
      assert.equal(await ui.page.getByLabel('New API token').count(), 0, 'not shown again');

      await table.getByRole('button', { name: 'Revoke laptop script' }).click();
      await ui.page
        .getByRole('dialog', { name: 'Revoke laptop script?' })
        .getByRole('button', { name: 'Revoke token' })
        .click();
      await table.getByText('laptop script').waitFor({ state: 'detached' });
      const refused = await api(ui.tocsin.app, 'GET', '/api/v1/auth/me', { token: secret! });
      assert.equal(refused.status, 401, 'the revoked token no longer works');
    });

    it('saves the time zone, and a bad one shows the API’s message by the field', async () => {
      // The open suggestion list carries the label too: the input is the one to type in.
      const zone = ui.page
        .getByRole('form', { name: 'Change time zone' })
        .getByLabel('Time zone')
        .and(ui.page.locator('input'));
      await zone.fill('Mars/Olympus');
      await ui.page.getByRole('button', { name: 'Save time zone' }).click();
      await ui.page.getByText('unknown time zone "Mars/Olympus"').waitFor();
      assert.equal(await zone.getAttribute('aria-invalid'), 'true');
      assert.equal(await zone.inputValue(), 'Mars/Olympus');

      await zone.fill('Asia/Tokyo');
      await ui.page.keyboard.press('Escape');
      await ui.page.getByRole('button', { name: 'Save time zone' }).click();
      await ui.page.getByText('Saved: Asia/Tokyo.').waitFor();
      assert.equal((await me()).time_zone, 'Asia/Tokyo');
    });

    it('works at 375 px with no serious accessibility violation', async () => {
      const phone = await newContext(browser(), PHONE);
      try {
        const p = await phone.newPage();
        await logIn(p, ui.tocsin.origin, ui.tocsin.admin.email, ui.tocsin.admin.password, '/profile');
        await p.getByRole('heading', { name: 'My profile' }).waitFor();
        await p.getByRole('button', { name: 'Send test' }).waitFor();
        const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
        await ui.screenshot(p, 'profile-phone');
        assert.deepEqual(await seriousViolations(p), []);
      } finally {
        await phone.close();
      }
    });

    it('an action page behind a signed link has the app’s look at 375 px, and passes axe', async () => {
      const user = await me();
      const incident = await declareIncident('Checkout is slow');
      // A link works only for someone who was paged for the incident: record one sent page (the
      // e2e server runs no engine to send it).
      const paged = pendingNotification(
        {
          incidentId: incident.id,
          pageId: null,
          userId: user.id,
          contactMethodId: user.contact_methods[0]!.id,
          channel: 'webhook',
          runAt: Date.now(),
        },
        Date.now(),
      );
      await insertNotification(ui.tocsin.tdb.db, {
        ...paged,
        status: 'sent',
        attempts: 1,
        sent_at: Date.now(),
      });
      const { respondUrl } = actionLinks(
        ui.tocsin.origin,
        ui.tocsin.app.deps.keys.actionLinks,
        { incidentId: incident.id, userId: user.id },
        Date.now(),
      );
      const phone = await newContext(browser(), PHONE);
      try {
        const p = await phone.newPage();
        await p.goto(respondUrl);
        await p.getByRole('heading', { name: `Acknowledge or resolve ${incident.ref}?` }).waitFor();
        const look = await p.evaluate<{ font: string; button: string; width: number }>(`(() => {
          const button = getComputedStyle(document.querySelector('button'));
          return {
            font: getComputedStyle(document.body).fontFamily,
            button: button.backgroundColor,
            width: document.documentElement.scrollWidth - window.innerWidth,
          };
        })()`);
        assert.match(look.font, /^-apple-system/, 'the app’s font');
        assert.equal(look.button, 'rgb(59, 91, 219)', 'the app’s primary colour (indigo 8)');
        assert.ok(look.width <= 0, 'no sideways scrolling at 375 px');
        await ui.screenshot(p, 'action-page-phone');
        assert.deepEqual(await seriousViolations(p), []);
      } finally {
        await phone.close();
      }
    });
  });
}
