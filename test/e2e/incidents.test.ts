import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { adminApi } from './admin-api.ts';
import { DESKTOP, PHONE, e2eSession, logIn, newContext, seriousViolations, useBrowser } from './browser.ts';
import { fitsTheWidth } from './both-sizes.ts';

/**
 * The web UI in a real browser (issue 16): log in with the first-start admin, a PagerDuty event
 * becomes an incident in the list, acknowledge it on a phone-sized screen, the API agrees; a
 * viewer gets no action buttons; an expired session goes to the login page and back. axe-core
 * checks every page. One browser for the file, one server per database.
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: incidents in the browser [${dialect}]`, () => {
    let ref: string;
    let pdKey: string;

    const ui = e2eSession(browser, dialect);

    const { call: asAdmin } = adminApi(() => ui.tocsin);

    it('logs in with the first-start credentials and returns to the page asked for', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/incidents`);
      await ui.page.waitForURL(/\/login\?next=%2Fincidents$/);
      await ui.page.getByRole('heading', { name: 'Log in to Tocsin' }).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      await ui.screenshot(ui.page, 'login-desktop');

      await ui.page.getByLabel('Email').fill(ui.tocsin.admin.email);
      await ui.page.getByLabel(/^Password/).fill('not the password');
      await ui.page.getByRole('button', { name: 'Log in' }).click();
      await ui.page.getByRole('alert').getByText('Invalid email or password.').waitFor();

      await ui.logIn('/login?next=%2Fincidents');
      await ui.page.getByRole('heading', { name: 'Incidents' }).waitFor();
      assert.equal(new URL(ui.page.url()).pathname, '/incidents');
    });

    it('shows an incident opened by a PagerDuty event in the list', async () => {
      const team = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' });
      const service = await asAdmin<{ id: string }>('POST', '/api/v1/services', {
        name: 'checkout',
        team_id: team.body.id,
      });
      assert.equal(service.status, 201, JSON.stringify(service.body));
      const int = await asAdmin<{ key: string }>('POST', `/api/v1/services/${service.body.id}/integrations`, {
        name: 'pagerduty',
        type: 'events-v2',
      });
      assert.equal(int.status, 201, JSON.stringify(int.body));
      pdKey = int.body.key;
      const sent = await fetch(`${ui.tocsin.origin}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: int.body.key,
          event_action: 'trigger',
          dedup_key: 'disk-db-1',
          payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' },
        }),
      });
      assert.equal(sent.status, 202);
      const list = await asAdmin<{ data: { ref: string }[] }>('GET', '/api/v1/incidents');
      ref = list.body.data[0]!.ref;

      await ui.page.reload();
      const link = ui.page.getByRole('link', { name: `${ref}: Disk full on db-1` });
      await link.waitFor();
      // The status filter is chips: checkboxes drawn by their labels.
      const status = (name: RegExp) =>
        ui.page.getByRole('group', { name: 'Status' }).locator('label', { hasText: name }).click();
      await status(/^resolved/);
      await ui.page.getByText('No incidents match these filters.').waitFor();
      await status(/^resolved/);
      await status(/^triggered/);
      await link.waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      await ui.screenshot(ui.page, 'incidents-desktop');
    });

    it('acknowledges from the incident page at 375 px, and the API agrees', async () => {
      await ui.page.setViewportSize(PHONE);
      await ui.page.reload();
      await ui.page.getByRole('link', { name: `${ref}: Disk full on db-1` }).waitFor();
      await ui.screenshot(ui.page, 'incidents-phone');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
      await ui.page.getByRole('heading', { name: `${ref}: Disk full on db-1` }).waitFor();
      for (const text of ['triggered', 'SEV', 'high urgency', 'checkout', 'Timeline']) {
        await ui.page.getByText(text).first().waitFor();
      }
      // The navigation folds behind a menu button on a phone.
      const navLink = ui.page.locator('nav a', { hasText: 'Incidents' });
      const navX = async () => {
        const box = await navLink.boundingBox();
        return box === null ? -1 : box.x + box.width;
      };
      assert.ok((await navX()) <= 0, 'the navigation is off-screen');
      assert.equal(
        await ui.page.locator('nav[inert]').count(),
        1,
        'and inert: no focus or screen reader in it',
      );
      await ui.page.getByRole('button', { name: 'Open navigation' }).click();
      for (let i = 0; i < 50 && (await navX()) <= 0; i++) await ui.page.waitForTimeout(50);
      assert.ok((await navX()) > 0, 'the menu button brings the navigation in');
      assert.equal(await ui.page.locator('nav[inert]').count(), 0);
      await ui.page.getByRole('button', { name: 'Close navigation' }).click();
      assert.ok(await fitsTheWidth(ui.page), 'nothing wider than the phone');
      assert.deepEqual(await seriousViolations(ui.page), []);

      await ui.page.getByRole('button', { name: 'Acknowledge' }).click();
      await ui.page.getByText('acknowledged', { exact: true }).first().waitFor();
      await ui.page.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
      const incident = await asAdmin<{ status: string; acknowledged_by: { name: string } }>(
        'GET',
        `/api/v1/incidents/${ref}`,
      );
      assert.equal(incident.body.status, 'acknowledged');
      assert.equal(incident.body.acknowledged_by.name, 'admin');
      await ui.page
        .getByRole('list', { name: 'Timeline' })
        .getByText(/acknowledged/i)
        .first()
        .waitFor();
      await ui.screenshot(ui.page, 'incident-phone-acknowledged');

      await ui.page.setViewportSize(DESKTOP);
      await ui.page.reload();
      await ui.page
        .getByRole('list', { name: 'Timeline' })
        .getByText(/acknowledged/i)
        .first()
        .waitFor();
    });

    it('shows a viewer the incident without action buttons', async () => {
      const password = 'viewer password 123';
      const viewer = await asAdmin('POST', '/api/v1/users', {
        name: 'Vera Viewer',
        email: 'vera@example.com',
        role: 'viewer',
        password,
      });
      assert.equal(viewer.status, 201, JSON.stringify(viewer.body));
      const context = await newContext(browser(), PHONE);
      try {
        const vp = await context.newPage();
        await logIn(vp, ui.tocsin.origin, 'vera@example.com', password, `/incidents/${ref}`);
        await vp.getByRole('heading', { name: `${ref}: Disk full on db-1` }).waitFor();
        await vp.getByRole('list', { name: 'Timeline' }).waitFor();
        assert.equal(await vp.getByRole('button', { name: /Acknowledge|Resolve/ }).count(), 0);
      } finally {
        await context.close();
      }
    });

    it('an expired session goes to the login page, and back to the page after logging in', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
      await ui.page.getByRole('heading', { name: `${ref}: Disk full on db-1` }).waitFor();
      await ui.context.clearCookies();
      await ui.page.getByRole('link', { name: 'All incidents' }).click();
      await ui.page.waitForURL(/\/login\?next=%2Fincidents/);
      await ui.page.getByLabel('Email').fill(ui.tocsin.admin.email);
      await ui.page.getByLabel(/^Password/).fill(ui.tocsin.admin.password);
      await ui.page.getByRole('button', { name: 'Log in' }).click();
      await ui.page.getByRole('heading', { name: 'Incidents' }).waitFor();
      assert.equal(new URL(ui.page.url()).pathname, '/incidents');

      await ui.page.getByRole('button', { name: 'Log out' }).click();
      await ui.page.getByRole('heading', { name: 'Log in to Tocsin' }).waitFor();
      const me = await ui.page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
      assert.equal(me, 401);
    });

    it("pages through the list with the API's cursor", async () => {
      for (let n = 0; n < 25; n++) {
        const sent = await fetch(`${ui.tocsin.origin}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            routing_key: pdKey,
            event_action: 'trigger',
            dedup_key: `paging-${n}`,
            payload: { summary: `Paging test ${n}`, source: 'db-1', severity: 'warning' },
          }),
        });
        assert.equal(sent.status, 202);
      }
      await ui.logIn('/incidents');
      const items = ui.page.getByRole('list', { name: 'Incidents' }).getByRole('listitem');
      await ui.page.getByRole('link', { name: /Paging test 24$/ }).waitFor();
      assert.equal(await items.count(), 25);
      await ui.page.getByRole('button', { name: 'Next page' }).click();
      await ui.page.getByRole('link', { name: `${ref}: Disk full on db-1` }).waitFor();
      assert.equal(await items.count(), 1, 'the 26th incident, the oldest, on page two');
      assert.equal(await ui.page.getByRole('button', { name: 'Next page' }).count(), 0);
      await ui.page.getByRole('button', { name: 'Previous page' }).click();
      await ui.page.getByRole('link', { name: /Paging test 24$/ }).waitFor();
    });
  });
}
