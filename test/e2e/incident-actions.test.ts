import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { DESKTOP, PHONE, e2eSession, seriousViolations, useBrowser } from './browser.ts';
import { fieldSays, type IncidentFixture, incidentFixture, timelineKinds } from './incident-fixture.ts';

/**
 * The incident page (issue 16) driven like a responder would: every step of an incident from
 * acknowledge to resolve through the page's buttons and forms, with the timeline and the API
 * agreeing; the API's refusals shown next to the field with the typed text kept; a race lost to
 * someone else explained; axe with the menu and modals open. Viewers, forged requests and the
 * phone: incident-access.test.ts. One browser for the file, one server per database.
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: the incident page [${dialect}]`, () => {
    let fx: IncidentFixture;
    let ada: { id: string; email: string; password: string };

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        fx = await incidentFixture(ui.tocsin);
        ada = await fx.user('Ada Lovelace', 'responder');
      },
    });

    const timeline = () => ui.page.getByRole('list', { name: 'Timeline' });
    const entry = (kind: string, text: string | RegExp) =>
      timeline().locator(`li[data-kind="${kind}"]`).filter({ hasText: text }).first();

    it('runs an incident from acknowledge to resolve; the timeline and the API agree', async () => {
      const ref = await fx.trigger('Checkout answers 500', {
        custom_details: { runbook_url: 'https://runbooks.example/checkout-500', region: 'eu-west-1' },
      });
      await ui.logIn(`/incidents/${ref}`);
      await ui.page.getByRole('heading', { name: `${ref}: Checkout answers 500` }).waitFor();
      const runbook = ui.page.getByRole('link', { name: 'Runbook', exact: true });
      assert.equal(await runbook.getAttribute('href'), 'https://runbooks.example/checkout-500');
      await ui.page.getByText('region=eu-west-1').waitFor();

      await ui.page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await entry('acknowledged', /acknowledged/i).waitFor();
      await ui.page.getByRole('button', { name: 'Acknowledge', exact: true }).waitFor({ state: 'detached' });
      assert.notEqual(
        await ui.page.getByLabel('Durations').getByText('not yet').count(),
        3,
        'time to ack shown',
      );

      const note = ui.page.getByLabel('Note', { exact: true });
      await note.fill('Rolled back deploy 412; error rate falling');
      await ui.page.getByLabel('Pin as a key event').check();
      await ui.page.getByRole('button', { name: 'Add note' }).click();
      await entry('note', 'Rolled back deploy 412').getByText('Key event').waitFor();
      assert.equal(await note.inputValue(), '', 'the form is cleared once the note is added');

      await ui.page.getByRole('button', { name: 'Hand over Incident commander' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Who is Incident commander?' });
      await dialog.getByLabel('Person').click();
      await ui.page.getByRole('option', { name: 'Ada Lovelace' }).click();
      await dialog.getByRole('button', { name: 'Assign' }).click();
      await dialog.waitFor({ state: 'detached' });
      await entry('role_assigned', 'Ada Lovelace is now').waitFor();
      await ui.page.getByRole('region', { name: 'Roles' }).getByText('Ada Lovelace').waitFor();

      await ui.page.getByRole('button', { name: 'More actions' }).click();
      await ui.page.getByRole('menuitem', { name: 'Change severity…' }).click();
      const sev = ui.page.getByRole('dialog', { name: 'Change the severity' });
      await sev.getByLabel('Severity').click();
      await ui.page.getByRole('option', { name: /^SEV3/ }).click();
      await sev.getByRole('button', { name: 'Change severity' }).click();
      await sev.waitFor({ state: 'detached' });
      await entry('severity_changed', 'SEV3').waitFor();

      await ui.page.getByRole('tab', { name: 'Post a status update' }).click();
      await ui.page
        .getByRole('textbox', { name: 'Status update' })
        .fill('Checkout is recovering after the rollback; next update in 30 min.');
      await ui.page.getByRole('button', { name: 'Post update' }).click();
      await entry('status_update', 'Checkout is recovering').waitFor();
      await ui.page.getByRole('tab', { name: 'Add a note' }).click();
      await ui.page.locator('body').click({ position: { x: 5, y: 300 } }); // no focus ring in the picture
      await ui.screenshot(ui.page, 'incident-desktop');
      if (process.env.TOCSIN_SCREENSHOTS === '1' && dialect === 'sqlite') {
        // A fresh load at phone size: the navigation folded away, the top of the page in view.
        await ui.page.setViewportSize(PHONE);
        await ui.page.reload();
        await entry('status_update', 'Checkout is recovering').waitFor();
        await ui.page.locator('nav[inert]').waitFor({ state: 'attached' });
        await ui.page.waitForTimeout(500); // the navigation's slide-out transition
        await ui.screenshot(ui.page, 'incident-phone');
        await ui.page.setViewportSize(DESKTOP);
        await ui.page.reload();
      }

      await ui.page.getByRole('button', { name: 'Mitigate', exact: true }).click();
      await entry('mitigated', /mitigated/i).waitFor();
      await ui.page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await entry('resolved', /resolved/i).waitFor();
      await ui.page.getByRole('button', { name: 'Reopen', exact: true }).waitFor();
      assert.equal(
        await ui.page.getByLabel('Durations').getByText('not yet').count(),
        0,
        'every duration shown',
      );

      const steps = [
        'acknowledged',
        'note',
        'role_assigned',
        'severity_changed',
        'status_update',
        'mitigated',
        'resolved',
      ];
      const ours = (kinds: string[]) => kinds.filter((k) => steps.includes(k));
      const expected = [
        'acknowledged',
        'role_assigned', // whoever acknowledges first becomes commander
        'note',
        'role_assigned',
        'severity_changed',
        'status_update',
        'mitigated',
        'resolved',
      ];
      assert.deepEqual(ours(await timelineKinds(ui.page)), expected);
      const api = await fx.asAdmin<{ data: { kind: string; pinned: boolean; message: string }[] }>(
        'GET',
        `/api/v1/incidents/${ref}/timeline?limit=100`,
      );
      assert.deepEqual(ours(api.body.data.map((e) => e.kind)), expected);
      assert.ok(
        api.body.data.some((e) => e.kind === 'note' && e.pinned && e.message.startsWith('Rolled back')),
      );
      const incident = await fx.asAdmin<{ status: string; severity: string; mitigated_by: { name: string } }>(
        'GET',
        `/api/v1/incidents/${ref}`,
      );
      assert.equal(incident.body.status, 'resolved');
      assert.equal(incident.body.severity, 'SEV3');
      assert.equal(incident.body.mitigated_by.name, 'admin');
      const roles = await fx.asAdmin<{ data: { role: string; user_id: string }[] }>(
        'GET',
        `/api/v1/incidents/${ref}/roles`,
      );
      assert.equal(roles.body.data.find((r) => r.role === 'commander')?.user_id, ada.id);
    });

    it("shows the API's refusal next to the field and keeps the text", async () => {
      const ref = await fx.trigger('Queue backlog growing');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
      const note = ui.page.getByLabel('Note', { exact: true });
      const long = 'x'.repeat(10_001);
      const refused = await fx.asAdmin<{ error: { message: string } }>(
        'POST',
        `/api/v1/incidents/${ref}/notes`,
        {
          message: long,
        },
      );
      assert.equal(refused.status, 400);
      await note.fill(long);
      await ui.page.getByRole('button', { name: 'Add note' }).click();
      await ui.page.getByText(refused.body.error.message).waitFor();
      await fieldSays(note, refused.body.error.message);
      assert.equal(await note.inputValue(), long);

      // A backdate in the future: the API names body.at, so the message sits at the time field.
      await note.fill('Saw the backlog start');
      const at = ui.page.getByLabel('Happened at (optional)');
      const tomorrow = new Date(Date.now() + 86_400_000);
      const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000)
        .toISOString()
        .slice(0, 19);
      await at.fill(local);
      await ui.page.getByRole('button', { name: 'Add note' }).click();
      await ui.page.getByText('body.at: must not be in the future').waitFor();
      await fieldSays(at, 'body.at: must not be in the future');
      assert.equal(await note.inputValue(), 'Saw the backlog start');
      assert.equal(await note.getAttribute('aria-invalid'), null, 'the note itself was fine');

      await ui.page.getByRole('tab', { name: 'Post a status update' }).click();
      const update = ui.page.getByRole('textbox', { name: 'Status update' });
      await update.fill('   ');
      await ui.page.getByRole('button', { name: 'Post update' }).click();
      await ui.page
        .getByText(/body\.message/)
        .first()
        .waitFor();
      await fieldSays(update, 'body.message');
      assert.equal(await update.inputValue(), '   ');
      const timelineApi = await fx.asAdmin<{ data: { kind: string }[] }>(
        'GET',
        `/api/v1/incidents/${ref}/timeline`,
      );
      assert.ok(!timelineApi.body.data.some((e) => e.kind === 'note' || e.kind === 'status_update'));
    });

    it('says who acknowledged first when the page lost the race, and refreshes', async () => {
      const ref = await fx.trigger('Payments latency high');
      // No live stream for this page, so it still offers Acknowledge after someone else did it.
      await ui.page.route('**/api/v1/stream**', (route) => route.abort());
      try {
        await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
        const ack = ui.page.getByRole('button', { name: 'Acknowledge', exact: true });
        await ack.waitFor();
        const login = await fetch(`${ui.tocsin.origin}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ui.tocsin.origin },
          body: JSON.stringify({ email: ada.email, password: ada.password }),
        });
        assert.equal(login.status, 200, await login.clone().text());
        const cookie = login.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const first = await fetch(`${ui.tocsin.origin}/api/v1/incidents/${ref}/acknowledge`, {
          method: 'POST',
          headers: { cookie, origin: ui.tocsin.origin },
        });
        assert.equal(first.status, 200, await first.text());
        await ack.click();
        const alert = ui.page.getByRole('alert').filter({ hasText: 'Someone acted first' });
        await alert.getByText(/already acknowledged.*Ada Lovelace acknowledged it first/).waitFor();
        await ack.waitFor({ state: 'detached' });
        await ui.page.getByText('acknowledged', { exact: true }).first().waitFor();
        await ui.page
          .getByText(/by Ada Lovelace/)
          .first()
          .waitFor();
      } finally {
        await ui.page.unroute('**/api/v1/stream**');
      }
    });

    it('has no serious axe violation, with the menu and each modal open', async () => {
      const ref = await fx.trigger('Search index stale');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
      await ui.page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await ui.page.getByRole('button', { name: 'Mitigate', exact: true }).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      for (const item of [
        'Escalate now…',
        'Reassign…',
        'Snooze…',
        'Change severity…',
        'Merge into another incident…',
      ]) {
        await ui.page.getByRole('button', { name: 'More actions' }).click();
        const menuItem = ui.page.getByRole('menuitem', { name: item });
        await menuItem.waitFor();
        if (item === 'Escalate now…') assert.deepEqual(await seriousViolations(ui.page), [], 'the menu');
        await menuItem.click();
        const dialog = ui.page.getByRole('dialog');
        await dialog.waitFor();
        assert.deepEqual(await seriousViolations(ui.page), [], item);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });
      }
      await ui.page.getByRole('button', { name: 'Assign Scribe' }).click();
      await ui.page.getByRole('dialog').waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the role modal');
      await ui.page.keyboard.press('Escape');
      await ui.page.getByRole('dialog').waitFor({ state: 'detached' });

      // Snooze with a bad number: the API's message at the field, the value kept.
      await ui.page.getByRole('button', { name: 'More actions' }).click();
      await ui.page.getByRole('menuitem', { name: 'Snooze…' }).click();
      const minutes = ui.page.getByRole('dialog').getByLabel('Minutes');
      await minutes.fill('5000');
      await ui.page.getByRole('dialog').getByRole('button', { name: 'Snooze' }).click();
      await ui.page
        .getByRole('dialog')
        .getByText(/body\.minutes/)
        .waitFor();
      await fieldSays(minutes, 'body.minutes');
      assert.equal(await minutes.inputValue(), '5000');
    });

    it('ticks a task, reopens, closes with a postmortem, and merges duplicates from the page', async () => {
      const refA = await fx.trigger('Cache misses spike');
      const task = await fx.asAdmin<{ id: string }>('POST', `/api/v1/incidents/${refA}/tasks`, {
        title: 'Warm the cache from the replica',
      });
      assert.equal(task.status, 201, JSON.stringify(task.body));
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${refA}`);
      // The box shows the server's state: it is ticked once the API has the task done.
      const box = ui.page.getByRole('checkbox', { name: 'Warm the cache from the replica' });
      await box.click();
      await ui.page.getByText('done by admin').waitFor();
      assert.equal(await box.isChecked(), true);
      const tasks = await fx.asAdmin<{ data: { id: string; done: boolean }[] }>(
        'GET',
        `/api/v1/incidents/${refA}/tasks`,
      );
      assert.equal(tasks.body.data.find((t) => t.id === task.body.id)?.done, true);
      await ui.page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await ui.page.getByRole('button', { name: 'Reopen', exact: true }).click();
      await entry('reopened', /reopened/i).waitFor();
      await ui.page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await ui.page.getByRole('button', { name: 'More actions' }).click();
      await ui.page.getByRole('menuitem', { name: 'Close…' }).click();
      const close = ui.page.getByRole('dialog', { name: `Close ${refA}` });
      await close.getByLabel('Postmortem URL').fill('https://wiki.example/pm/cache');
      await close.getByRole('button', { name: 'Close incident' }).click();
      await entry('closed', /closed/i).waitFor();
      const a = await fx.asAdmin<{ status: string; postmortem_url: string }>(
        'GET',
        `/api/v1/incidents/${refA}`,
      );
      assert.equal(a.body.status, 'closed');
      assert.equal(a.body.postmortem_url, 'https://wiki.example/pm/cache');

      const survivor = await fx.trigger('Cache cluster degraded');
      const dup = await fx.trigger('Cache node 3 down');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${dup}`);
      await ui.page.getByRole('button', { name: 'More actions' }).click();
      await ui.page.getByRole('menuitem', { name: 'Merge into another incident…' }).click();
      const merge = ui.page.getByRole('dialog', { name: `Merge ${dup} into another incident` });
      await merge.getByLabel('The incident to merge into').fill(survivor);
      await merge.getByRole('button', { name: 'Merge' }).click();
      await ui.page.getByText('merged into another incident').waitFor();
      const survivorApi = await fx.asAdmin<{ id: string }>('GET', `/api/v1/incidents/${survivor}`);
      const merged = await fx.asAdmin<{ merged_into_id: string }>('GET', `/api/v1/incidents/${dup}`);
      assert.equal(merged.body.merged_into_id, survivorApi.body.id);

      // A duplicate listed under related incidents merges with one click.
      const other = await fx.trigger('Cache latency alarm');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${survivor}`);
      await ui.page.getByRole('button', { name: `Merge ${other} into this incident` }).click();
      await entry('merged', other).waitFor();
      const otherApi = await fx.asAdmin<{ merged_into_id: string }>('GET', `/api/v1/incidents/${other}`);
      assert.equal(otherApi.body.merged_into_id, survivorApi.body.id);
    });
  });
}
