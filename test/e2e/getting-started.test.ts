import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { DIALECTS, api } from '../harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../receivers.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { e2eSession, useBrowser } from './browser.ts';

/**
 * Issue 17's first test: from a fresh database an admin follows Getting started in the browser
 * alone. A team, a person with a webhook contact method (a real local receiver), a schedule, a
 * policy on it, a service with the policy and an events-v2 integration; the curl snippet read
 * from the page and run by a shell pages the person (the engine runs, as under `npm start`); the
 * admin acknowledges. The checklist ticks each step as it goes.
 */
const run = promisify(execFile);
const STEPS = [
  'Create a team',
  'Give someone a contact method',
  'Create an on-call schedule',
  'Create an escalation policy',
  'Create a service that uses the policy',
  'Add an integration to the service',
  'Send a test alert and acknowledge it',
];

const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: getting started [${dialect}]`, () => {
    let receiver: HttpReceiver;

    /** Back on the checklist by its navigation entry; `done` steps ticked, the rest not. */
    const checklistShows = async (done: number) => {
      await ui.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Getting started' })
        .click();
      await ui.page.getByRole('heading', { name: 'Getting started', level: 1 }).waitFor();
      await ui.page.getByText(`${done} of ${STEPS.length} steps done`).waitFor();
      const steps = ui.page.getByRole('list', { name: 'Set-up steps' });
      for (const [i, title] of STEPS.entries()) {
        await steps.getByRole('listitem', { name: `${title}: ${i < done ? 'done' : 'to do'}` }).waitFor();
      }
      // Off the navigation link just clicked: axe judges the page, not a hovered link's colours.
      await ui.page.mouse.move(600, 0);
    };
    const step = (label: string, n: number) => ui.page.getByRole('link', { name: `${label} (step ${n})` });

    before(async () => {
      receiver = await startHttpReceiver();
    });
    const ui = e2eSession(browser, dialect, { engine: true });
    after(() => receiver?.close());

    it('lands an admin of a fresh install on the checklist, unless they choose not to', async () => {
      await ui.logIn();
      await ui.page.getByRole('heading', { name: 'Getting started', level: 1 }).waitFor();
      assert.equal(new URL(ui.page.url()).pathname, '/getting-started');
      await checklistShows(0);
      await assertFitsBothSizes(ui.page);

      await ui.page.getByRole('button', { name: 'Don’t land here when I open Tocsin' }).click();
      await ui.page.goto(`${ui.tocsin.origin}/`);
      await ui.page.getByRole('heading', { name: 'Now', exact: true }).waitFor();
      await checklistShows(0);
      await ui.page.getByRole('button', { name: 'Land here again when I open Tocsin' }).click();
      await ui.page.goto(`${ui.tocsin.origin}/`);
      await ui.page.getByRole('heading', { name: 'Getting started', level: 1 }).waitFor();
    });

    it('takes the admin from a fresh install to an acknowledged page, ticking each step', async () => {
      let started = Date.now();
      // 1. A team.
      await step('Create a team', 1).click();
      const team = ui.page.getByRole('form', { name: 'Create a team' });
      await team.getByLabel('Team name').fill('Payments');
      await team.getByRole('button', { name: 'Create team' }).click();
      await ui.page.getByRole('button', { name: /^Payments/ }).waitFor();
      await checklistShows(1);

      // 2. A person with a webhook contact method pointing at the receiver, put on the team.
      await step('Open people', 2).click();
      const person = ui.page.getByRole('form', { name: 'Add a person' });
      await person.getByLabel('Name').fill('Dana Ops');
      await person.getByLabel('Email').fill('dana@example.com');
      await person.getByRole('button', { name: 'Add person' }).click();
      await ui.page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Dana Ops' }).click();
      await ui.page.getByRole('heading', { name: 'Dana Ops', level: 1 }).waitFor();
      const danaId = new URL(ui.page.url()).pathname.split('/').at(-1)!;
      const method = ui.page.getByRole('form', { name: 'Add contact method' });
      await method.getByLabel('Type').selectOption('webhook');
      await method.getByLabel('Address').fill(`${receiver.url}/dana`);
      await method.getByRole('button', { name: 'Add contact method' }).click();
      await ui.page.getByRole('listitem', { name: `Webhook ${receiver.url}/dana` }).waitFor();
      // The person's page is new with this checklist: axe and 375 px too (not counted in the time).
      const checking = Date.now();
      await assertFitsBothSizes(ui.page);
      started += Date.now() - checking;
      await ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
      await ui.page.getByRole('button', { name: /^Payments/ }).click();
      const member = ui.page.getByRole('form', { name: 'Add a member to Payments' });
      await member.getByLabel('Person').selectOption({ label: 'Dana Ops (dana@example.com)' });
      await member.getByRole('button', { name: 'Add member' }).click();
      await ui.page.getByRole('table', { name: 'Members of Payments' }).getByText('Dana Ops').waitFor();
      await checklistShows(2);

      // 3. A schedule rotating Dana, begun yesterday so she is on call now.
      await step('Create a schedule', 3).click();
      await ui.page.getByRole('textbox', { name: /^Name/ }).fill('Payments primary');
      await ui.page.getByLabel('Time zone').fill('UTC');
      await ui.page.getByLabel('First handoff date').fill(DateTime.utc().minus({ days: 1 }).toISODate());
      await ui.page.getByLabel('Person to add').selectOption({ label: 'Dana Ops' });
      await ui.page.getByRole('button', { name: 'Add to rotation' }).click();
      await ui.page.getByText('1. Dana Ops').waitFor();
      await ui.page.getByRole('button', { name: 'Create schedule' }).click();
      await ui.page.waitForURL(/\/schedules\/sch_[0-9A-Z]+$/);
      await checklistShows(3);
      await ui.screenshot(ui.page, 'getting-started');

      // 4. A policy paging whoever the schedule has on call.
      await step('Create a policy', 4).click();
      await ui.page.getByLabel(/^Name/).fill('Payments');
      await ui.page.getByLabel('Owning team').selectOption({ label: 'Payments' });
      const level = ui.page.getByRole('group', { name: 'Level 1', exact: true });
      await level.getByLabel('Type of level 1 target 1').selectOption('schedule');
      await level.getByLabel('Schedule for level 1 target 1').selectOption({ label: 'Payments primary' });
      await level.getByText('Fires at once: pages Dana Ops').waitFor();
      await ui.page.getByRole('button', { name: 'Save policy' }).click();
      await ui.page.getByRole('button', { name: 'Edit policy' }).waitFor();
      await checklistShows(4);

      // 5. A service with that policy.
      await step('Create a service', 5).click();
      await ui.page.getByRole('button', { name: 'New service' }).click();
      const service = ui.page.getByRole('form', { name: 'New service' });
      await service.getByLabel('Name').fill('checkout');
      await service.getByLabel('Escalation policy').selectOption({ label: 'Payments' });
      await service.getByRole('button', { name: 'Create service' }).click();
      await ui.page.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
      await checklistShows(5);

      // 6. An events-v2 integration; its curl snippet is read from the page (the key is shown once).
      await step('Add an integration', 6).click();
      await ui.page.getByRole('button', { name: 'New integration' }).click();
      const integration = ui.page.getByRole('form', { name: 'New integration' });
      await integration.getByLabel('Name').fill('pagerduty');
      await integration.getByLabel('Sends from').selectOption('events-v2');
      await integration.getByRole('button', { name: 'Create integration' }).click();
      const snippet = await ui.page.getByLabel('PagerDuty Events v2 (curl)', { exact: true }).inputValue();
      await checklistShows(6);

      // 7. The snippet, run by a shell as pasted, pages Dana; the open checklist links the incident.
      const { stdout } = await run('sh', ['-c', snippet]);
      assert.equal((JSON.parse(stdout) as { status: string }).status, 'success', stdout);
      const [paged] = await receiver.waitFor(1, 10_000);
      assert.equal(paged!.path, '/dana');
      assert.match(String(paged!.headers['tocsin-signature']), /^t=\d+,v1=[0-9a-f]+$/);
      const body = paged!.json as {
        recipient: { name: string };
        incidents: { title: string; service: { name: string } }[];
      };
      assert.equal(body.recipient.name, 'Dana Ops');
      assert.deepEqual(
        body.incidents.map((i) => [i.title, i.service.name]),
        [['Test alert from Tocsin', 'checkout']],
      );
      await step('Acknowledge it', 7).click();
      await ui.page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await ui.page.getByRole('button', { name: 'Acknowledge', exact: true }).waitFor({ state: 'detached' });
      await checklistShows(7);
      await ui.page.getByText('Tocsin is set up').waitFor();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`getting started [${dialect}]: the browser followed the 7 steps in ${seconds} s`);
      await assertFitsBothSizes(ui.page);

      // The admin gave Dana her contact method: the audit log says so, as the admin.
      const audit = await api<{ data: { actor: { id: string; name: string } }[] }>(
        ui.tocsin.app,
        'GET',
        `/api/v1/audit?target_type=user&target_id=${danaId}&action=contact_method.create`,
        { token: ui.tocsin.admin.token },
      );
      const me = await api<{ user: { id: string } }>(ui.tocsin.app, 'GET', '/api/v1/auth/me', {
        token: ui.tocsin.admin.token,
      });
      assert.deepEqual(
        audit.body.data.map((e) => e.actor.id),
        [me.body.user.id],
      );
    });

    it('no longer lands an admin on the checklist once alerts can arrive', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/`);
      await ui.page.getByRole('heading', { name: 'Now', exact: true }).waitFor();
      assert.equal(new URL(ui.page.url()).pathname, '/now');
    });
  });
}
