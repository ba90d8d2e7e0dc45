import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { adminApi } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, e2eSession, logIn, newContext, useBrowser } from './browser.ts';

/**
 * The admin's settings pages (issue 17): the audit log shows an admin's change, filters as the
 * API does and verifies its chain; configuration as code downloads a real tocsin.yaml, shows a
 * bad file's problems at file:line, plans a good one and applies exactly what the plan said;
 * severities are edited with the API's message by its field; a responder gets neither the
 * pages nor the API. axe clean at desktop and 375 px.
 */
const browser = useBrowser();

const BAD_FILE = ['version: 1', 'teams:', '  - name: Observability', '    colour: red', ''].join('\n');
const GOOD_FILE = [
  'version: 1',
  'teams:',
  '  - name: Observability',
  '    description: Dashboards.',
  '',
].join('\n');

for (const dialect of DIALECTS) {
  describe(`web UI: settings [${dialect}]`, () => {
    const team = `Audited ${dialect}`;
    const { call: asAdmin } = adminApi(() => ui.tocsin);

    const ui = e2eSession(browser, dialect, {
      path: '/now',
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'Now', exact: true }).waitFor();
    });

    it('shows an admin’s change in the audit log, filtered, and verifies the chain', async () => {
      const made = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: team });
      assert.equal(made.status, 201, JSON.stringify(made.body));

      await ui.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Audit log' })
        .click();
      await ui.page.getByRole('heading', { name: 'Audit log' }).waitFor();
      const filters = ui.page.getByRole('search', { name: 'Filter the audit log' });
      await filters.getByLabel('Action').fill('team.create');
      await filters.getByLabel('Target id').fill(made.body.id);
      await filters.getByRole('button', { name: 'Filter' }).click();
      const entries = ui.page.getByRole('list', { name: 'Audit entries' }).getByRole('listitem');
      await ui.page.waitForURL(/action=team.create/);
      await entries.first().getByText(`on team ${made.body.id}`).waitFor();
      // The unfiltered page stays up until the filtered one arrives: wait for it to go.
      await entries.nth(1).waitFor({ state: 'detached' });
      assert.equal(await entries.count(), 1);
      await entries.first().getByRole('button', { name: 'Show changes' }).click();
      await entries.first().getByText(`"name": "${team}"`).waitFor();

      // A window in the future holds nothing: the time filter reaches the API.
      await filters.getByLabel('From').fill('2099-01-01T00:00');
      await filters.getByRole('button', { name: 'Filter' }).click();
      await ui.page.getByText('No entries match.').waitFor();
      await filters.getByLabel('From').fill('');
      await filters.getByRole('button', { name: 'Filter' }).click();
      await entries.first().waitFor();

      await ui.page.getByRole('button', { name: 'Verify chain' }).click();
      const intact = ui.page.getByRole('status').filter({ hasText: 'Chain intact' });
      await intact.waitFor();
      const verified = await asAdmin<{ ok: boolean; checked: number }>('GET', '/api/v1/audit/verify');
      assert.equal(verified.body.ok, true);
      assert.match((await intact.textContent()) ?? '', new RegExp(`All ${verified.body.checked} entries`));
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'settings-audit');
    });

    it('downloads the configuration as a tocsin.yaml file', async () => {
      await ui.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Configuration' })
        .click();
      await ui.page.getByRole('heading', { name: 'Configuration as code' }).waitFor();
      const [download] = await Promise.all([
        ui.page.waitForEvent('download'),
        ui.page.getByRole('button', { name: 'Download tocsin.yaml' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'tocsin.yaml');
      const text = await readFile(await download.path(), 'utf8');
      const exported = await asAdmin<{ yaml: string }>('GET', '/api/v1/config/export');
      assert.equal(text, exported.body.yaml);
      assert.match(text, new RegExp(`name: ${team}`));
    });

    it('shows a bad file’s problem at file:line and changes nothing', async () => {
      const form = ui.page.getByRole('form', { name: 'Plan a configuration' });
      const text = form.getByLabel('Configuration (tocsin.yaml)');
      await text.fill(BAD_FILE);
      await form.getByRole('button', { name: 'Show plan' }).click();
      await form.getByText('tocsin.yaml:4:5 teams[0].colour: unknown key "colour"').waitFor();
      await ui.page.getByRole('alert').filter({ hasText: 'The file has 1 problem' }).waitFor();
      assert.equal(await text.getAttribute('aria-invalid'), 'true');
      assert.equal(await text.inputValue(), BAD_FILE, 'what was typed is kept');
      assert.equal(await ui.page.getByRole('button', { name: /^Apply/ }).count(), 0);
    });

    it('plans an uploaded file and applies exactly what the plan said', async () => {
      const form = ui.page.getByRole('form', { name: 'Plan a configuration' });
      await form.locator('input[type="file"]').setInputFiles({
        name: 'teams.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(GOOD_FILE),
      });
      const text = form.getByLabel('Configuration (teams.yaml)');
      // Reading the chosen file is asynchronous: wait for its text to land in the text area.
      // (Polled from here: a string predicate is eval'd in the page, which its CSP refuses.)
      for (let i = 0; i < 100 && !(await text.inputValue()).includes('Dashboards'); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(await text.inputValue(), GOOD_FILE);
      await form.getByRole('button', { name: 'Show plan' }).click();
      const planned = ui.page.getByRole('list', { name: 'Planned changes' }).getByRole('listitem');
      await planned.first().waitFor();
      const texts = await planned.allInnerTexts();
      assert.equal(texts.length, 1, texts.join(' | '));
      assert.match(texts[0]!, /^Create\s*team Observability$/i);
      await ui.page.getByText('1 to create', { exact: true }).waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'settings-config-plan');

      await ui.page.getByRole('button', { name: 'Apply…' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Apply this configuration?' });
      // allInnerTexts does not wait: wait for the dialog's list to be there first.
      await dialog.getByRole('listitem').first().waitFor();
      assert.deepEqual(await dialog.getByRole('listitem').allInnerTexts(), ['Create team "Observability"']);
      await dialog.getByRole('button', { name: 'Apply 1 change' }).click();
      await ui.page.getByRole('status').filter({ hasText: 'Configuration applied' }).waitFor();

      const teams = await asAdmin<{ data: { name: string; description: string | null }[] }>(
        'GET',
        '/api/v1/teams?limit=500',
      );
      const observability = teams.body.data.find((t) => t.name === 'Observability');
      assert.equal(observability?.description, 'Dashboards.');
      const again = await asAdmin<{ changes: unknown[] }>('POST', '/api/v1/config/plan', {
        files: [{ name: 'teams.yaml', content: GOOD_FILE }],
      });
      assert.deepEqual(again.body.changes, [], 'the database now matches the file');
      const me = await asAdmin<{ user: { id: string } }>('GET', '/api/v1/auth/me');
      const applied = await asAdmin<{ data: { actor_id: string | null }[] }>(
        'GET',
        '/api/v1/audit?action=config.apply',
      );
      assert.deepEqual(
        applied.body.data.map((e) => e.actor_id),
        [me.body.user.id],
        'audited as the admin who applied it',
      );
    });

    it('edits a severity: the API’s message by the field, then the saved values', async () => {
      const sev2 = async () => {
        const all = await asAdmin<{
          data: { name: string; update_cadence_minutes: number | null; postmortem_required: boolean }[];
        }>('GET', '/api/v1/severities');
        return all.body.data.find((s) => s.name === 'SEV2')!;
      };
      const before = await sev2();
      await ui.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Severities' })
        .click();
      const form = ui.page.getByRole('form', { name: 'Severity SEV2' });
      const cadence = form.getByLabel('Status update every (minutes)');
      await cadence.fill('0');
      await form.getByRole('button', { name: 'Save SEV2' }).click();
      await form.getByText(/update_cadence_minutes/).waitFor();
      assert.equal(await cadence.getAttribute('aria-invalid'), 'true');
      assert.equal(await cadence.inputValue(), '0', 'what was typed is kept');
      assert.deepEqual(await sev2(), before, 'nothing saved');

      await cadence.fill('45');
      await form.getByLabel('Postmortem required before closing').setChecked(!before.postmortem_required);
      await form.getByRole('button', { name: 'Save SEV2' }).click();
      await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const after = await sev2();
      assert.equal(after.update_cadence_minutes, 45);
      assert.equal(after.postmortem_required, !before.postmortem_required);
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'settings-severities');
    });

    it('gives a responder neither the pages nor the API', async () => {
      const password = 'responder password 123';
      const rita = await asAdmin<{ id: string }>('POST', '/api/v1/users', {
        name: 'Rita Responder',
        email: `rita-${dialect}@example.com`,
        role: 'responder',
        password,
      });
      assert.equal(rita.status, 201, JSON.stringify(rita.body));
      const other = await newContext(browser(), DESKTOP);
      try {
        const rp = await other.newPage();
        await logIn(rp, ui.tocsin.origin, `rita-${dialect}@example.com`, password, '/now');
        const nav = rp.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Now', exact: true }).waitFor();
        assert.equal(await nav.getByRole('link', { name: /Audit log|Configuration|Severities/ }).count(), 0);
        for (const path of ['/settings/audit', '/settings/config', '/settings/severities']) {
          await rp.goto(`${ui.tocsin.origin}${path}`);
          await rp
            .getByRole('alert')
            .filter({ hasText: 'Only an admin can see and change these settings' })
            .waitFor();
          assert.equal(
            await rp.getByRole('button', { name: /Verify chain|Download|Show plan|Save/ }).count(),
            0,
          );
        }
        const files = { files: [{ name: 'tocsin.yaml', content: 'version: 1\n' }] };
        const requests: [string, string, unknown][] = [
          ['/api/v1/audit', 'GET', undefined],
          ['/api/v1/audit/verify', 'GET', undefined],
          ['/api/v1/config/export', 'GET', undefined],
          ['/api/v1/config/plan', 'POST', files],
          ['/api/v1/config/apply', 'POST', files],
          ['/api/v1/severities/SEV2', 'PATCH', { update_cadence_minutes: 5 }],
        ];
        // With the responder's own cookie, from the page (same origin): only the role is refused.
        const statuses = await rp.evaluate(
          (all) =>
            Promise.all(
              all.map(async ([path, method, body]) => {
                const init =
                  body === undefined
                    ? { method }
                    : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
                return (await fetch(path, init)).status;
              }),
            ),
          requests,
        );
        assert.deepEqual(statuses, [403, 403, 403, 403, 403, 403]);
      } finally {
        await other.close();
      }
    });
  });
}
