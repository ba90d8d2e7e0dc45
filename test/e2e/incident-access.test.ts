import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { PHONE, e2eSession, logIn, newContext, seriousViolations, useBrowser } from './browser.ts';
import { fitsTheWidth } from './both-sizes.ts';
import { type IncidentFixture, incidentFixture } from './incident-fixture.ts';

/**
 * Who may act on the incident page (issue 16): a viewer sees no action buttons and the API
 * refuses what the page would not offer, also a post forged from another site with an admin's
 * cookie; a responder on a 375 px phone acknowledges with one tap right after logging in.
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: the incident page, viewers and phones [${dialect}]`, () => {
    let fx: IncidentFixture;
    let ada: { id: string; email: string; password: string };

    // An admin signed in, whose cookie a foreign site would try to use.
    const ui = e2eSession(browser, dialect, {
      path: '/incidents',
      setUp: async () => {
        fx = await incidentFixture(ui.tocsin);
        ada = await fx.user('Ada Lovelace', 'responder');
      },
    });
    before(() => ui.page.getByRole('heading', { name: 'Incidents' }).waitFor());

    it('shows a viewer no action buttons, and refuses forged requests', async () => {
      const ref = await fx.trigger('Webhooks delayed');
      const vera = await fx.user('Vera Viewer', 'viewer');
      const context = await newContext(browser(), PHONE);
      try {
        const vp = await context.newPage();
        await logIn(vp, ui.tocsin.origin, vera.email, vera.password, `/incidents/${ref}`);
        await vp.getByRole('heading', { name: `${ref}: Webhooks delayed` }).waitFor();
        await vp.getByRole('list', { name: 'Timeline' }).locator('li').first().waitFor();
        await vp.getByRole('region', { name: 'Roles' }).waitFor();
        const actions =
          /Acknowledge|Mitigate|Resolve|Reopen|More actions|Add note|Post update|Pin|Hand over|Assign|Merge/;
        assert.deepEqual(await vp.getByRole('button', { name: actions }).allInnerTexts(), []);
        assert.equal(
          await vp.getByRole('button', { name: 'Open navigation' }).count(),
          1,
          'buttons are found',
        );
        assert.equal(await vp.getByRole('textbox').count(), 0, 'no note or update form');
        assert.deepEqual(await seriousViolations(vp), []);

        const forged = await vp.evaluate(async (r) => {
          const res = await fetch(`/api/v1/incidents/${r}/acknowledge`, { method: 'POST' });
          return res.status;
        }, ref);
        assert.equal(forged, 403, 'the viewer may not acknowledge');
      } finally {
        await context.close();
      }
      // Another site making an admin's browser post: the session cookie alone is not enough.
      const cookie = (await ui.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const crossSite = await fetch(`${ui.tocsin.origin}/api/v1/incidents/${ref}/acknowledge`, {
        method: 'POST',
        headers: { cookie, origin: 'http://evil.example' },
      });
      assert.equal(crossSite.status, 403);
      assert.match(((await crossSite.json()) as { error: { message: string } }).error.message, /cross-site/);
      const sameSite = await fetch(`${ui.tocsin.origin}/api/v1/incidents/${ref}`, { headers: { cookie } });
      assert.equal(((await sameSite.json()) as { status: string }).status, 'triggered', 'nothing changed');
    });

    it('acknowledges with one tap at 375 px right after logging in', async () => {
      const ref = await fx.trigger('Disk full on db-2');
      const context = await newContext(browser(), PHONE);
      try {
        const phone = await context.newPage();
        await logIn(phone, ui.tocsin.origin, ada.email, ada.password, `/incidents/${ref}`);
        const ack = phone.getByRole('button', { name: 'Acknowledge', exact: true });
        await ack.waitFor();
        const box = await ack.boundingBox();
        assert.ok(
          box !== null && box.y >= 0 && box.y + box.height <= PHONE.height,
          'visible without scrolling',
        );
        assert.ok(box.height >= 40, 'big enough to tap');
        assert.ok(await fitsTheWidth(phone), 'nothing wider than the phone');
        assert.deepEqual(await seriousViolations(phone), []);
        await ack.click();
        await ack.waitFor({ state: 'detached' });
        const incident = await fx.asAdmin<{ status: string; acknowledged_by: { name: string } }>(
          'GET',
          `/api/v1/incidents/${ref}`,
        );
        assert.equal(incident.body.status, 'acknowledged');
        assert.equal(incident.body.acknowledged_by.name, 'Ada Lovelace');
      } finally {
        await context.close();
      }
    });
  });
}
