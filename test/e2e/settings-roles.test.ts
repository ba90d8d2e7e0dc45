import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIALECTS, api } from '../harness.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { e2eSession, useBrowser } from './browser.ts';
import { type IncidentFixture, incidentFixture } from './incident-fixture.ts';

/**
 * The admin's incident roles and notification throttle pages (issue 17, settings part 2): a role
 * is added (a bad slug answered by its field, what was typed kept), renamed, refused deletion
 * while someone holds it, and deleted once nobody does; the throttle page shows the configured
 * limits and a person held back, as the API counts them. axe clean at desktop and 375 px.
 */
const browser = useBrowser();

interface RoleRow {
  slug: string;
  name: string;
  description: string;
  held: number;
}

for (const dialect of DIALECTS) {
  describe(`web UI: incident roles and throttle [${dialect}]`, () => {
    let fixture: IncidentFixture;
    const roles = async () =>
      (await fixture.asAdmin<{ data: RoleRow[] }>('GET', '/api/v1/incident-roles')).body.data;

    const ui = e2eSession(browser, dialect, {
      path: '/now',
      setUp: async () => {
        fixture = await incidentFixture(ui.tocsin);
      },
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'Now', exact: true }).waitFor();
    });

    it('adds a role, with a bad slug answered at its field', async () => {
      await ui.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Incident roles' })
        .click();
      await ui.page.getByRole('heading', { name: 'Incident roles' }).waitFor();
      const form = ui.page.getByRole('form', { name: 'Add a role' });
      await form.getByLabel('Name').fill('Customer liaison');
      const slug = form.getByLabel('Slug');
      await slug.fill('Customer-Liaison');
      await form.getByLabel('Description (optional)').fill('Talks to the affected customers');
      await form.getByRole('button', { name: 'Add role' }).click();
      await form.getByText(/^body\.slug /).waitFor();
      assert.equal(await slug.getAttribute('aria-invalid'), 'true');
      assert.equal(await form.getByLabel('Name').inputValue(), 'Customer liaison', 'what was typed is kept');
      assert.equal((await roles()).length, 4, 'nothing added');

      await slug.fill('customer_liaison');
      await form.getByRole('button', { name: 'Add role' }).click();
      const table = ui.page.getByRole('table', { name: 'Incident roles' });
      await table.getByText('Customer liaison').waitFor();
      assert.equal(await slug.inputValue(), '', 'the form is cleared for the next one');
      assert.deepEqual((await roles()).at(-1), {
        slug: 'customer_liaison',
        name: 'Customer liaison',
        description: 'Talks to the affected customers',
        position: 5,
        held: 0,
      });
    });

    it('renames a role, and refuses to delete it while someone holds it', async () => {
      await ui.page.getByRole('button', { name: 'Edit Customer liaison' }).click();
      const edit = ui.page.getByRole('dialog', { name: 'Edit Customer liaison' });
      await edit.getByLabel('Name').fill('Customer contact');
      await edit.getByRole('button', { name: 'Save role' }).click();
      await edit.waitFor({ state: 'detached' });
      const row = ui.page.getByRole('row').filter({ hasText: 'customer_liaison' });
      await row.getByText('Customer contact').waitFor();
      assert.equal((await roles()).at(-1)?.name, 'Customer contact');

      const ref = await fixture.trigger('Checkout is failing');
      const me = await fixture.asAdmin<{ user: { id: string } }>('GET', '/api/v1/auth/me');
      const assigned = await fixture.asAdmin('PUT', `/api/v1/incidents/${ref}/roles/customer_liaison`, {
        user_id: me.body.user.id,
      });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      await ui.page.reload();
      await row.getByText('on 1 incident').waitFor();
      await row.getByRole('button', { name: 'Delete Customer contact' }).click();
      const refuse = ui.page.getByRole('dialog', { name: 'Delete the role “Customer contact”?' });
      await refuse.getByText('Someone holds Customer contact on 1 incident now').waitFor();
      assert.equal(await refuse.getByRole('button', { name: /^Delete/ }).count(), 0, 'no delete offered');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'roles');
      await refuse.getByRole('button', { name: 'Close', exact: true }).last().click();
      await refuse.waitFor({ state: 'detached' });
    });

    it('deletes a role nobody holds, saying what changes', async () => {
      const ref = (await fixture.asAdmin<{ data: { ref: string }[] }>('GET', '/api/v1/incidents?limit=1'))
        .body.data[0]!.ref;
      const unassigned = await api(
        ui.tocsin.app,
        'DELETE',
        `/api/v1/incidents/${ref}/roles/customer_liaison`,
        {
          token: ui.tocsin.admin.token,
        },
      );
      assert.equal(unassigned.status, 200, JSON.stringify(unassigned.body));
      await ui.page.reload();
      const row = ui.page.getByRole('row').filter({ hasText: 'customer_liaison' });
      await row.getByText('nobody').waitFor();
      await row.getByRole('button', { name: 'Delete Customer contact' }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Delete the role “Customer contact”?' });
      await confirm.getByText('Nobody holds it now. It can no longer be assigned').waitFor();
      await confirm.getByRole('button', { name: 'Delete Customer contact' }).click();
      await confirm.waitFor({ state: 'detached' });
      await row.waitFor({ state: 'detached' });
      assert.deepEqual(
        (await roles()).map((r) => r.slug),
        ['commander', 'tech_lead', 'comms_lead', 'scribe'],
      );
    });

    it('shows the throttle limits and who is held back now', async () => {
      // Thirty pages sent to Hana a minute ago and two more waiting: the default `*=30/15m` is
      // reached. Written as the engine would have (this test server runs no engine).
      const hana = await fixture.user('Hana Held', 'responder');
      const ref = await fixture.trigger('Payments are slow');
      const incident = await fixture.asAdmin<{ id: string }>('GET', `/api/v1/incidents/${ref}`);
      const now = Date.now();
      const row = (i: number, sent: boolean) => ({
        id: `ntf_e2e_${dialect}_${i}`,
        incident_id: incident.body.id,
        page_id: null,
        user_id: hana.id,
        contact_method_id: null,
        channel: 'webhook' as const,
        status: sent ? ('sent' as const) : ('pending' as const),
        run_at: sent ? now - 60_000 : now + 14 * 60_000,
        attempts: sent ? 1 : 0,
        locked_by: null,
        locked_until: null,
        idempotency_key: `e2e-${dialect}-${i}`,
        bundled_into: null,
        last_error: null,
        sent_at: sent ? now - 60_000 : null,
        created_at: now - 60_000,
        updated_at: now - 60_000,
      });
      await ui.tocsin.tdb.db
        .insertInto('notifications')
        .values(Array.from({ length: 32 }, (_, i) => row(i, i < 30)))
        .execute();

      await ui.page.goto(`${ui.tocsin.origin}/settings/throttle`);
      const limits = ui.page.getByRole('table', { name: 'Limits per contact-method type' });
      await limits.getByRole('row', { name: 'sms 10 messages per 15 minutes' }).waitFor();
      await limits.getByRole('row', { name: 'Every other type 30 messages per 15 minutes' }).waitFor();
      const hanaItem = ui.page
        .getByRole('list', { name: 'People held back now' })
        .getByRole('listitem', { name: 'Hana Held by webhook' });
      await hanaItem.getByText('30 of 30 messages per 15 minutes · 2 pages waiting').waitFor();
      const frees = (await hanaItem.getByText(/^Window frees:/).textContent()) ?? '';
      const view = await fixture.asAdmin<{ held: { user_id: string; frees_at: string }[] }>(
        'GET',
        '/api/v1/notification-throttle',
      );
      const freesAt = view.body.held.find((h) => h.user_id === hana.id)?.frees_at;
      assert.equal(freesAt, new Date(now - 60_000 + 15 * 60_000).toISOString());
      assert.match(frees, /in 1[34] minutes/, 'the window frees 14 minutes from now');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'throttle');
    });
  });
}
