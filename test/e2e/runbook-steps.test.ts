import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../receivers.ts';
import { signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, e2eSession, seriousViolations, useBrowser } from './browser.ts';
import { fieldSays, within } from './incident-fixture.ts';
import { DISK_TITLE, type RunbookFixture, runbookFixture } from './runbook-fixture.ts';

/**
 * Runbooks' automated steps in a real browser (issue 22): an admin keeps a secret on the settings
 * page (its value never in the page once saved, a 409 naming the step that still sends it); adds
 * steps on the runbook's page (a 400 shown at the header row it names), edits and deletes one;
 * on the incident page previews the exact request (the secret hidden), runs a safe step against a
 * local HTTP receiver (the engine runs, as under `npm start`) and sees it succeed with its status
 * and answer; asks for approval of another, which a second person approves in their own browser;
 * says whether the runbook helped; stops all automation, which cancels a run waiting for
 * approval and refuses a new one, and only an admin resumes it. axe and 375 px on every view.
 */
const browser = useBrowser();

const SECRET = 'tok-8c1e5a9f3b7d2e60';
const SECRET2 = 'tok-replaced-4d2a91c07f';
const RESTART = 'Restart the disk agent';
const FAILOVER = 'Fail over the primary';
const REASON = 'Bad deploy of the disk agent';

/** Nothing on the page (text, attributes, or what a box holds) contains `value`. */
async function nowhereOnPage(page: Page, value: string): Promise<void> {
  assert.ok(!(await page.content()).includes(value), `${value} is not in the page's HTML`);
  // A string: the tests are compiled without the DOM's types.
  const inBoxes = await page.evaluate<boolean>(
    `[...document.querySelectorAll('input, textarea')].some((e) => e.value.includes(${JSON.stringify(value)}))`,
  );
  assert.equal(inBoxes, false, `${value} is in no input`);
}

for (const dialect of DIALECTS) {
  describe(`web UI: runbook steps [${dialect}]`, () => {
    let fx: RunbookFixture;
    let receiver: HttpReceiver;
    let runbookId = '';
    let ref = '';

    before(async () => {
      // Answers what it got (never the secret, which travels in a header), as an ops API would.
      receiver = await startHttpReceiver({
        respond: (r) => ({ status: 200, body: { ok: true, path: r.path } }),
      });
    });
    const ui = e2eSession(browser, dialect, {
      engine: true,
      setUp: async () => {
        fx = await runbookFixture(() => ui.tocsin);
        const rb = await fx.call<{ id: string }>('POST', '/api/v1/runbooks', {
          title: DISK_TITLE,
          owner_team_id: fx.storage.id,
          service_ids: [fx.db.id],
          matchers: ['alertname="DiskFull"'],
        });
        assert.equal(rb.status, 201, JSON.stringify(rb.body));
        runbookId = rb.body.id;
      },
    });
    after(() => receiver?.close());

    const panel = (page: Page) => page.getByRole('region', { name: 'Runbooks', exact: true });
    const run = (page: Page, name: string) =>
      panel(page).getByRole('list', { name: 'Step runs' }).getByRole('listitem', { name });
    const step = (page: Page, name: string) =>
      panel(page)
        .getByRole('list', { name: `Steps of ${DISK_TITLE}` })
        .getByRole('listitem', { name });
    /** The runs as the list names them, newest first: "step: state in words". */
    const stepRuns = async (page: Page) => {
      const items = await panel(page).getByRole('list', { name: 'Step runs' }).getByRole('listitem').all();
      return Promise.all(items.map((i) => i.getAttribute('aria-label')));
    };

    it('keeps a runbook secret without ever showing its value', async () => {
      await ui.logIn('/settings/runbook-secrets');
      const nav = ui.page.getByRole('navigation', { name: 'Main' });
      assert.equal(
        await nav.getByRole('link', { name: 'Runbook secrets' }).getAttribute('href'),
        '/settings/runbook-secrets',
      );
      await ui.page.getByText('No runbook secrets yet.').waitFor();
      const form = ui.page.getByRole('form', { name: 'Add a runbook secret' });
      const name = form.getByLabel(/^Name/);
      await name.fill('ops token');
      await form.getByLabel(/^Value/).fill(SECRET);
      assert.equal(await form.getByLabel(/^Value/).getAttribute('type'), 'password', 'typed out of sight');
      await form.getByRole('button', { name: 'Add secret' }).click();
      await within(5000, async () => (await name.getAttribute('aria-invalid')) === 'true');
      await fieldSays(name, 'body.name must match pattern');
      await name.fill('ops_token');
      await form.getByRole('button', { name: 'Add secret' }).click();
      await ui.page.getByRole('status').filter({ hasText: 'Saved the value of “ops_token”' }).waitFor();
      const table = ui.page.getByRole('table', { name: 'Runbook secrets' });
      await table.getByText('ops_token', { exact: true }).waitFor();
      await table.getByText('hidden', { exact: true }).waitFor();
      assert.equal(await form.getByLabel(/^Value/).inputValue(), '', 'the box is emptied');
      await nowhereOnPage(ui.page, SECRET);

      await ui.page.getByRole('button', { name: 'Replace value of ops_token' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Replace the value of ops_token' });
      await dialog.getByLabel(/^New value/).fill(SECRET2);
      assert.deepEqual(await seriousViolations(ui.page), [], 'the replace dialog');
      await dialog.getByRole('button', { name: 'Replace value' }).click();
      await dialog.waitFor({ state: 'detached' });
      await nowhereOnPage(ui.page, SECRET2);
      const listed = await fx.call<{ data: Record<string, unknown>[] }>('GET', '/api/v1/runbook-secrets');
      assert.deepEqual(
        listed.body.data.map((s) => s.name),
        ['ops_token'],
      );
      assert.ok(!JSON.stringify(listed.body).includes(SECRET2), 'the API answers names only');
      await assertFitsBothSizes(ui.page);
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.screenshot(ui.page, 'runbook-secrets');
    });

    it("adds steps on the runbook's page: a 400 at the header it names; edits and deletes one", async () => {
      await ui.page.goto(`${ui.tocsin.origin}/runbooks/${runbookId}?tab=steps`);
      await ui.page.getByRole('tab', { name: 'Steps (0)' }).waitFor();
      const section = ui.page.getByRole('region', { name: 'Automated steps' });
      await section.getByText('No steps yet.').waitFor();
      await section.getByRole('button', { name: 'Add a step' }).click();
      let dialog = ui.page.getByRole('dialog', { name: 'Add a step' });
      const variables = dialog.getByRole('list', { name: 'Variables' });
      for (const v of [
        'incident.ref',
        'incident.url',
        'service.name',
        'labels.<name>',
        'run.id',
        'secrets.<name>',
      ])
        await variables.getByText(`{{${v}}}`, { exact: true }).waitFor();
      await dialog.getByLabel(/^Name/).fill(RESTART);
      await dialog.getByLabel('Method').selectOption('POST');
      await dialog
        .getByLabel(/^URL/)
        .fill(`${receiver.url}/hosts/{{labels.instance}}/restart?incident={{incident.ref}}`);
      await dialog.getByRole('button', { name: 'Add a header' }).click();
      await dialog.getByLabel('Header 1 name').fill('Content-Type');
      await dialog.getByLabel('Header 1 value').fill('application/json');
      await dialog.getByRole('button', { name: 'Add a header' }).click();
      await dialog.getByLabel('Header 2 name').fill('Authorization');
      await dialog.getByLabel('Header 2 value').fill('Bearer {{secrets.ops_tokn}}');
      await dialog
        .getByLabel('Body', { exact: true })
        .fill('{"reason": "{{alert.summary}}", "run": "{{run.id}}"}');
      await dialog.getByRole('radio', { name: /^Safe/ }).check();
      await dialog.getByRole('button', { name: 'Add step' }).click();
      const header2 = dialog.getByLabel('Header 2 value');
      await within(5000, async () => (await header2.getAttribute('aria-invalid')) === 'true');
      await fieldSays(header2, 'body.headers.1.value: no secret named "ops_tokn"');
      assert.equal(
        await dialog.getByLabel('Header 1 value').getAttribute('aria-invalid'),
        null,
        'only that row',
      );
      await assertFitsBothSizes(ui.page);
      await header2.fill('Bearer {{secrets.ops_token}}');
      await dialog.getByRole('button', { name: 'Add step' }).click();
      await dialog.waitFor({ state: 'detached' });

      const steps = section.getByRole('list', { name: 'Steps' });
      const first = steps.getByRole('listitem', { name: `Step 1: ${RESTART}` });
      await first.getByText('Safe: runs when a responder clicks Run').waitFor();
      await first.getByText('Sends secret: ops_token').waitFor();
      await first
        .getByText(`${receiver.url}/hosts/{{labels.instance}}/restart?incident={{incident.ref}}`)
        .waitFor();
      await first.getByText('Headers: Content-Type, Authorization', { exact: false }).waitFor();

      // The second needs approval (the default) by a responder.
      await section.getByRole('button', { name: 'Add a step' }).click();
      dialog = ui.page.getByRole('dialog', { name: 'Add a step' });
      await dialog.getByLabel(/^Name/).fill(FAILOVER);
      await dialog.getByLabel(/^URL/).fill(`${receiver.url}/failover/{{labels.instance}}`);
      assert.equal(await dialog.getByRole('radio', { name: /^Needs approval/ }).isChecked(), true);
      assert.equal(await dialog.getByLabel('Who approves').inputValue(), 'responder');
      await dialog.getByRole('button', { name: 'Add step' }).click();
      await dialog.waitFor({ state: 'detached' });
      const second = steps.getByRole('listitem', { name: `Step 2: ${FAILOVER}` });
      await second.getByText('Needs approval by a responder').waitFor();

      // Edited: a step is saved with every field the form shows.
      await second.getByRole('button', { name: `Edit ${FAILOVER}` }).click();
      dialog = ui.page.getByRole('dialog', { name: `Edit step “${FAILOVER}”` });
      assert.equal(
        await dialog.getByLabel(/^URL/).inputValue(),
        `${receiver.url}/failover/{{labels.instance}}`,
      );
      await dialog.getByLabel(/^Expected status/).fill('200');
      await dialog.getByRole('button', { name: 'Save step' }).click();
      await dialog.waitFor({ state: 'detached' });
      await second.getByText(/success is HTTP 200\./).waitFor();

      // A third, made through the API, is deleted after a confirmation.
      const extra = await fx.call('POST', `/api/v1/runbooks/${runbookId}/steps`, {
        name: 'Page the vendor',
        url: `${receiver.url}/vendor`,
      });
      assert.equal(extra.status, 201, JSON.stringify(extra.body));
      await ui.page.reload();
      await ui.page.getByRole('tab', { name: 'Steps (3)' }).waitFor();
      await steps.getByRole('button', { name: 'Delete Page the vendor' }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Delete the step “Page the vendor”?' });
      await confirm.getByRole('button', { name: 'Delete step' }).click();
      await confirm.waitFor({ state: 'detached' });
      await ui.page.getByRole('tab', { name: 'Steps (2)' }).waitFor();
      assert.equal(await steps.getByRole('listitem').count(), 2);
      await assertFitsBothSizes(ui.page);

      const saved = await fx.call<{ data: Record<string, unknown>[] }>(
        'GET',
        `/api/v1/runbooks/${runbookId}/steps`,
      );
      assert.deepEqual(
        saved.body.data.map((s) => [s.name, s.approval, s.secrets, s.expected_status]),
        [
          [RESTART, 'safe', ['ops_token'], null],
          [FAILOVER, 'approval', [], 200],
        ],
      );
      assert.deepEqual(saved.body.data[0]!.headers, [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Authorization', value: 'Bearer {{secrets.ops_token}}' },
      ]);
    });

    it('refuses to delete a secret a step still sends, naming the step', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/settings/runbook-secrets`);
      await ui.page
        .getByRole('table', { name: 'Runbook secrets' })
        .getByRole('button', { name: 'Delete ops_token' })
        .click();
      const dialog = ui.page.getByRole('dialog', { name: 'Delete the secret “ops_token”?' });
      await dialog.getByRole('button', { name: 'Delete ops_token' }).click();
      const refused = dialog.getByRole('alert').filter({ hasText: 'It did not work' });
      await refused
        .getByText(`is sent by "${DISK_TITLE}" / ${RESTART}; change those steps first`, { exact: false })
        .waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the refusal');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      const kept = await fx.call<{ data: { name: string }[] }>('GET', '/api/v1/runbook-secrets');
      assert.deepEqual(
        kept.body.data.map((s) => s.name),
        ['ops_token'],
      );
    });

    it('previews the exact request with the secret hidden, then runs the safe step: Succeeded, HTTP 200', async () => {
      ref = await fx.fire(
        'db',
        { alertname: 'DiskFull', instance: 'db-1', severity: 'critical' },
        { summary: 'Disk 93 % full on db-1' },
      );
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
      await ui.page.locator('[data-live="live"]').waitFor();
      const restart = step(ui.page, RESTART);
      await restart.getByText('Safe: runs when a responder clicks Run').waitFor();
      await step(ui.page, FAILOVER).getByText('Needs approval by a responder').waitFor();
      assert.equal(await step(ui.page, FAILOVER).getByRole('button', { name: /^Run:/ }).count(), 0);

      await restart.getByRole('button', { name: `Preview request: ${RESTART}` }).click();
      const preview = ui.page.getByRole('dialog', { name: `Preview: ${RESTART}` });
      await preview.getByText('No kill switch is on: it would run.').waitFor();
      await preview.getByText(`${receiver.url}/hosts/db-1/restart?incident=${ref}`).waitFor();
      await preview.getByText('Authorization: Bearer [secret:ops_token]').waitFor();
      await preview.getByText(/"reason": "Disk 93 % full on db-1"/).waitFor();
      await nowhereOnPage(ui.page, SECRET2);
      await assertFitsBothSizes(ui.page);
      await preview.getByRole('button', { name: 'Close' }).last().click();
      await preview.waitFor({ state: 'detached' });
      assert.equal(receiver.requests.length, 0, 'a preview sends nothing');

      await restart.getByRole('button', { name: `Run: ${RESTART}` }).click();
      const done = run(ui.page, `${RESTART}: Succeeded`);
      await done.waitFor();
      await done.getByText(/^HTTP 200 in \d+ ms$/).waitFor();
      await done.getByText('Asked by admin', { exact: false }).waitFor();
      await done.getByText(`"path":"/hosts/db-1/restart?incident=${ref}"`, { exact: false }).waitFor();
      const [got] = receiver.requests;
      assert.equal(got?.method, 'POST');
      assert.equal(got.path, `/hosts/db-1/restart?incident=${ref}`);
      assert.equal(got.headers.authorization, `Bearer ${SECRET2}`, 'the secret reaches the receiver');
      assert.equal((got.json as { reason: string }).reason, 'Disk 93 % full on db-1');
      await nowhereOnPage(ui.page, SECRET2);
    });

    it('asks for approval as one person; a second approves in their own browser and it runs', async () => {
      await step(ui.page, FAILOVER)
        .getByRole('button', { name: `Request approval: ${FAILOVER}` })
        .click();
      const pending = run(ui.page, `${FAILOVER}: Waiting for approval`);
      await pending.waitFor();
      // Whoever asked cannot approve; they may withdraw.
      assert.equal(await pending.getByRole('button', { name: /^Approve/ }).count(), 0);
      await pending.getByRole('button', { name: `Withdraw: ${FAILOVER}` }).waitFor();
      assert.deepEqual(
        await stepRuns(ui.page),
        [`${FAILOVER}: Waiting for approval`, `${RESTART}: Succeeded`],
        'newest first, the state in words',
      );
      await assertFitsBothSizes(ui.page);
      // The picture: the panel at the top, no focus ring left on the button just clicked.
      await ui.page.evaluate('document.activeElement?.blur()');
      await ui.page.evaluate(
        "window.scrollTo(0, document.getElementById('runbooks-panel').getBoundingClientRect().top + window.scrollY - 80)",
      );
      await ui.screenshot(ui.page, 'runbook-steps-panel');

      const rita = await signedInAs(browser(), DESKTOP, ui.tocsin, fx.rita.email, `/incidents/${ref}`);
      try {
        const theirs = run(rita.page, `${FAILOVER}: Waiting for approval`);
        await theirs.getByText('Asked by admin', { exact: false }).waitFor();
        assert.deepEqual(await seriousViolations(rita.page), [], 'with an approval to give');
        await theirs.getByRole('button', { name: `Approve: ${FAILOVER}` }).click();
        await run(rita.page, `${FAILOVER}: Succeeded`)
          .getByText('Approved by Rita Ramos', { exact: false })
          .waitFor();
      } finally {
        await rita.close();
      }
      // The asker's page follows by itself.
      const approved = run(ui.page, `${FAILOVER}: Succeeded`);
      await approved.getByText('Approved by Rita Ramos', { exact: false }).waitFor();
      await approved.getByText(/^HTTP 200 in \d+ ms$/).waitFor();
      assert.equal(receiver.requests.length, 2);
      assert.equal(receiver.requests[1]?.path, '/failover/db-1');
    });

    it('asks whether the runbook helped and shows the answer', async () => {
      const question = panel(ui.page).getByRole('group', { name: `Did “${DISK_TITLE}” help?` });
      await question.getByText('No answer yet.').waitFor();
      await question.getByRole('button', { name: 'Yes' }).click();
      await question.getByText(/^admin said it helped/).waitFor();
      assert.equal(await question.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed'), 'true');
      await question.getByRole('button', { name: 'No' }).click();
      await question.getByText(/^admin said it did not help/).waitFor();
      assert.equal(await question.getByRole('button', { name: 'No' }).getAttribute('aria-pressed'), 'true');
      assert.equal(await question.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed'), 'false');
      const saved = await fx.call<{
        data: { runbook: { id: string }; feedback: { helped: boolean } | null }[];
      }>('GET', `/api/v1/incidents/${ref}/runbooks`);
      assert.equal(saved.body.data.find((d) => d.runbook.id === runbookId)?.feedback?.helped, false);
    });

    it('stops all automation: a waiting run is cancelled, a new one refused; only an admin resumes', async () => {
      await step(ui.page, FAILOVER)
        .getByRole('button', { name: `Request approval: ${FAILOVER}` })
        .click();
      await run(ui.page, `${FAILOVER}: Waiting for approval`).waitFor();
      const sent = receiver.requests.length;

      await panel(ui.page).getByRole('button', { name: 'Stop all automation' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Stop all automation?' });
      await dialog.getByLabel(/^Reason/).fill(REASON);
      assert.equal(await dialog.getByRole('radio', { name: 'Every service' }).isChecked(), true);
      await assertFitsBothSizes(ui.page);
      await dialog.getByRole('button', { name: 'Stop automation' }).click();
      await dialog.waitFor({ state: 'detached' });
      const banner = panel(ui.page)
        .getByRole('alert')
        .filter({ hasText: `Automation is stopped: ${REASON}` });
      await banner.waitFor();
      await banner.getByText('Stopped by admin', { exact: false }).waitFor();
      const cancelled = run(ui.page, `${FAILOVER}: Cancelled`);
      await cancelled.getByText(`Why: stopped by the global kill switch (${REASON})`).waitFor();
      await cancelled.getByText('Cancelled by admin', { exact: false }).waitFor();
      assert.equal(await panel(ui.page).getByRole('button', { name: 'Stop all automation' }).count(), 0);

      // A new run is refused, saying why; the preview says it would be.
      await step(ui.page, RESTART)
        .getByRole('button', { name: `Run: ${RESTART}` })
        .click();
      await run(ui.page, `${RESTART}: Refused`)
        .getByText(`Why: the global kill switch is on (${REASON})`)
        .waitFor();
      await step(ui.page, RESTART)
        .getByRole('button', { name: `Preview request: ${RESTART}` })
        .click();
      const preview = ui.page.getByRole('dialog', { name: `Preview: ${RESTART}` });
      await preview
        .getByRole('alert')
        .filter({ hasText: 'It would not run now' })
        .getByText(/the global kill switch is on/)
        .waitFor();
      await preview.getByRole('button', { name: 'Close' }).last().click();
      await preview.waitFor({ state: 'detached' });
      await assertFitsBothSizes(ui.page);

      // A responder sees why, and cannot resume it.
      const rita = await signedInAs(browser(), DESKTOP, ui.tocsin, fx.rita.email, `/incidents/${ref}`);
      try {
        const theirs = panel(rita.page)
          .getByRole('alert')
          .filter({ hasText: `Automation is stopped: ${REASON}` });
        await theirs.getByText('until an admin resumes it', { exact: false }).waitFor();
        assert.equal(await theirs.getByRole('button', { name: 'Resume' }).count(), 0);
      } finally {
        await rita.close();
      }

      // The library shows it too; the admin resumes there.
      await ui.page.goto(`${ui.tocsin.origin}/runbooks`);
      const library = ui.page.getByRole('alert').filter({ hasText: `Automation is stopped: ${REASON}` });
      await library.getByRole('button', { name: 'Resume' }).click();
      await ui.page.getByRole('button', { name: 'Stop all automation' }).waitFor();
      assert.equal(await ui.page.getByText('Automation is stopped', { exact: false }).count(), 0);
      const state = await fx.call<{ global: { engaged: boolean } }>('GET', '/api/v1/runbook-kill-switch');
      assert.equal(state.body.global.engaged, false);
      assert.equal(receiver.requests.length, sent, 'nothing was sent while it was stopped');
    });
  });
}
