import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, e2eSession, seriousViolations, useBrowser } from './browser.ts';
import { fieldSays, within } from './incident-fixture.ts';
import {
  bodyBox,
  DISK_LINE_AFTER,
  DISK_LINE_BEFORE,
  DISK_TEXT,
  DISK_TITLE,
  escape,
  matcher,
  type Rb,
  type RunbookFixture,
  runbookFixture,
  urlSays,
} from './runbook-fixture.ts';

/**
 * The runbook web UI (issue 22) in a real browser: a runbook written from the template (the
 * API's 400 on a bad regex shown at the matcher it names, the Markdown preview keeping a
 * <script> as text), edited into version 2 with the change shown line by line, a save over
 * someone else's newer version refused with the typed text kept, a title already taken shown at
 * the title, marked reviewed once overdue; the library's search and filters and its coverage
 * tab; the incident page's panel for alerts sent through the real Alertmanager endpoint (the most
 * specific runbook linked in pages, an alert's own runbook link first, and the empty state); read
 * only for a responder of another team, the 403 of a save shown; deleted after a confirmation.
 * axe and 375 px on every page. One browser for the file, one server per database.
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: runbooks [${dialect}]`, () => {
    let fx: RunbookFixture;
    let diskId = '';
    let overviewId = '';
    let contactsId = '';

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        fx = await runbookFixture(() => ui.tocsin);
      },
    });
    const rb = async (id: string) => (await fx.call<Rb>('GET', `/api/v1/runbooks/${id}`)).body;
    const make = async (body: Record<string, unknown>) => {
      const res = await fx.call<Rb>('POST', '/api/v1/runbooks', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };

    it('writes a runbook from the template; a bad regex is refused at its matcher', async () => {
      await ui.logIn('/runbooks');
      await ui.page.getByText('No runbooks yet.').waitFor();
      await ui.page.getByRole('link', { name: 'New runbook' }).click();
      await ui.page.getByRole('heading', { level: 1, name: 'New runbook' }).waitFor();
      const template = (await fx.call<{ body: string }>('GET', '/api/v1/runbook-template')).body.body;
      assert.match(template, /## Symptoms/);
      assert.equal(await bodyBox(ui.page).inputValue(), template, 'a new runbook starts from the template');

      const form = ui.page.getByRole('form', { name: 'New runbook' });
      await form.getByLabel(/^Title/).fill(DISK_TITLE);
      await form.getByLabel('Owner team').selectOption({ label: 'Storage' });
      await form.getByLabel('Tags').fill('storage');
      await form.getByLabel('Tags').press('Enter');
      await form.getByLabel('Services').click();
      await ui.page.getByRole('option', { name: 'db' }).click();
      await ui.page.keyboard.press('Escape');
      await form.getByRole('button', { name: 'Add a matcher' }).click();
      await matcher(ui.page, 1).fill('alertname="DiskFull"');
      await form.getByRole('button', { name: 'Add a matcher' }).click();
      await matcher(ui.page, 2).fill('instance=~"db-("');
      await form.getByRole('checkbox', { name: 'critical' }).check();
      await bodyBox(ui.page).fill(DISK_TEXT);
      await form.getByRole('button', { name: 'Create runbook' }).click();
      await within(5000, async () => (await matcher(ui.page, 2).getAttribute('aria-invalid')) === 'true');
      await fieldSays(matcher(ui.page, 2), 'body.matchers.1.value: invalid regular expression');
      assert.equal(await matcher(ui.page, 1).getAttribute('aria-invalid'), null, 'only the matcher it names');
      assert.equal(await bodyBox(ui.page).inputValue(), DISK_TEXT, 'the typed text is kept');
      assert.equal(new URL(ui.page.url()).pathname, '/runbooks/new');
      await assertFitsBothSizes(ui.page);

      // The preview renders the Markdown; a <script> in it stays text and never runs.
      await form.getByRole('tab', { name: 'Preview' }).click();
      const preview = form.getByRole('region', { name: 'Preview' });
      await preview.getByRole('heading', { name: 'Diagnosis' }).waitFor();
      await preview.getByText('<script>window.pwned = 1</script>', { exact: false }).waitFor();
      assert.equal(await preview.locator('script').count(), 0);
      assert.equal(await ui.page.evaluate('window.pwned === undefined'), true);
      await form.getByRole('tab', { name: 'Edit' }).click();

      await matcher(ui.page, 2).fill('instance=~"db-.*"');
      await form.getByRole('button', { name: 'Create runbook' }).click();
      await ui.page.waitForURL(/\/runbooks\/rb_[^/]+$/);
      diskId = new URL(ui.page.url()).pathname.split('/').pop()!;
      await ui.page.getByRole('heading', { level: 1, name: DISK_TITLE }).waitFor();
      await ui.page.getByText('Version 1', { exact: true }).first().waitFor();
      const saved = await rb(diskId);
      assert.equal(saved.body, DISK_TEXT);
      assert.deepEqual(saved.matchers, [
        { name: 'alertname', op: '=', value: 'DiskFull' },
        { name: 'instance', op: '=~', value: 'db-.*' },
      ]);
      assert.deepEqual(saved.severities, ['critical']);
      assert.deepEqual(
        saved.services.map((s) => s.id),
        [fx.db.id],
      );
      assert.deepEqual(saved.tags, ['storage']);
      assert.equal(saved.owner_team?.id, fx.storage.id);
      assert.equal(
        await matcher(ui.page, 2).inputValue(),
        'instance=~"db-.*"',
        'shown as Alertmanager writes it',
      );
      await assertFitsBothSizes(ui.page);
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.screenshot(ui.page, 'runbooks-editor');
    });

    it('edits it into version 2 and shows what changed, line by line', async () => {
      const text = await bodyBox(ui.page).inputValue();
      await bodyBox(ui.page).fill(text.replace(DISK_LINE_BEFORE, DISK_LINE_AFTER));
      await ui.page.getByLabel('Change note').fill('Grow by half: 20 % lasted two days');
      await ui.page.getByRole('button', { name: 'Save', exact: true }).click();
      await ui.page.getByText('All changes saved').waitFor();
      const v2 = await rb(diskId);
      assert.equal(v2.version, 2);
      assert.ok(v2.body.includes(DISK_LINE_AFTER));

      await ui.page.getByRole('tab', { name: /^History/ }).click();
      const versions = ui.page.getByRole('list', { name: 'Versions' });
      await versions.getByText('Note: Grow by half: 20 % lasted two days').waitFor();
      await versions.getByText('No note').waitFor();
      await ui.page.getByRole('button', { name: 'Changes in version 2' }).click();
      await ui.page.getByRole('heading', { name: 'Changes from version 1 to version 2' }).waitFor();
      const changes = ui.page.getByRole('list', { name: 'Changes from version 1 to version 2' });
      await changes.waitFor();
      await ui.page.getByText('1 line added, 1 line removed.').waitFor();
      const added = changes.locator('li[data-op="+"]');
      const removed = changes.locator('li[data-op="-"]');
      assert.equal(await added.count(), 1);
      assert.equal(await removed.count(), 1);
      // The sign is text, not only the colour: "+" and "-" start the lines.
      assert.match(await added.innerText(), new RegExp(`^\\+\\s*(Added:\\s*)?${escape(DISK_LINE_AFTER)}$`));
      assert.match(
        await removed.innerText(),
        new RegExp(`^-\\s*(Removed:\\s*)?${escape(DISK_LINE_BEFORE)}$`),
      );
      assert.ok(new URL(ui.page.url()).searchParams.get('from') === '1', 'the comparison is in the URL');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'runbooks-diff');
      // Far from the change, unchanged lines fold away and unfold on request.
      assert.equal(await changes.getByText('## Symptoms').count(), 0);
      await changes
        .getByRole('button', { name: /^Show \d+ unchanged lines$/ })
        .first()
        .click();
      await changes.getByText('## Symptoms').waitFor();

      await ui.page.getByRole('button', { name: 'View version 1' }).click();
      const old = ui.page.getByRole('region', { name: 'Version 1', exact: true });
      await old.getByText(DISK_LINE_BEFORE.replace(/^2\. /, '')).waitFor();
      await old.getByRole('button', { name: 'Back to the changes' }).click();
      await ui.page.getByRole('tab', { name: 'Runbook', exact: true }).click();
    });

    it('refuses a save over a newer version and keeps the typed text; a taken title is shown at the title', async () => {
      overviewId = await make({
        title: 'Database service overview',
        service_ids: [fx.db.id],
        owner_team_id: fx.storage.id,
      });
      const v2 = (await rb(diskId)).body;
      const mine = `${v2}\nMine, typed over version 2.\n`;
      await bodyBox(ui.page).fill(mine);
      const theirs = await fx.call('PATCH', `/api/v1/runbooks/${diskId}`, {
        body: `${v2}\nTheirs.\n`,
        note: 'theirs',
        if_version: 2,
      });
      assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
      await ui.page.getByRole('button', { name: 'Save', exact: true }).click();
      const refused = ui.page.getByRole('alert').filter({ hasText: 'Someone else saved this runbook first' });
      await refused.waitFor();
      await refused.getByText(/at version 3 now/).waitFor();
      assert.equal(await bodyBox(ui.page).inputValue(), mine, 'what was typed is kept');
      assert.equal(await ui.page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true);
      assert.equal((await rb(diskId)).body, `${v2}\nTheirs.\n`, 'theirs was not overwritten');
      assert.deepEqual(await seriousViolations(ui.page), [], 'the refusal passes axe');
      await ui.page.getByRole('button', { name: 'Load the latest version' }).click();
      await within(5000, async () => (await bodyBox(ui.page).inputValue()).endsWith('Theirs.\n'));
      await ui.page.getByText('Version 3', { exact: true }).first().waitFor();

      const title = ui.page.getByLabel(/^Title/);
      await title.fill('Database service overview');
      await ui.page.getByRole('button', { name: 'Save', exact: true }).click();
      await within(5000, async () => (await title.getAttribute('aria-invalid')) === 'true');
      await fieldSays(title, 'a runbook titled "Database service overview" already exists');
      await ui.page.getByRole('button', { name: 'Discard changes' }).click();
      assert.equal(await title.inputValue(), DISK_TITLE);
    });

    it('finds runbooks in the library by words, tag, service, owner team and overdue review', async () => {
      contactsId = await make({
        title: 'Who to call for the storage arrays',
        tags: ['people'],
        owner_team_id: fx.storage.id,
      });
      await ui.tocsin.tdb.db
        .updateTable('runbooks')
        .set({ reviewed_at: Date.now() - 100 * 86_400_000 })
        .where('id', '=', diskId)
        .execute();
      await ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runbooks' }).click();
      const list = ui.page.getByRole('list', { name: 'Runbooks', exact: true });
      const card = (title: string) => list.getByRole('listitem').filter({ hasText: title });
      const titles = async () => (await list.getByRole('link').allInnerTexts()).sort();
      const expect = async (want: string[]) => {
        await within(5000, async () => JSON.stringify(await titles()) === JSON.stringify([...want].sort()));
      };
      await expect([DISK_TITLE, 'Database service overview', 'Who to call for the storage arrays']);
      const disk = card(DISK_TITLE);
      await disk.getByText('Review overdue').waitFor();
      await disk.getByText('Version 3').waitFor();
      await disk.getByText('Owner: Storage').waitFor();
      await disk.getByRole('list', { name: 'What it matches' }).getByText('alertname="DiskFull"').waitFor();
      await disk.getByText('instance=~"db-.*"').waitFor();
      await disk.getByText('Service: db').waitFor();
      await disk.getByText('Severity: critical').waitFor();
      await card('Who to call').getByText('Library only').waitFor();
      assert.equal(await card('Database service overview').getByText('Review overdue').count(), 0);

      await ui.page.getByLabel('Search').fill('capacity ticket');
      await urlSays(ui.page, 'q', 'capacity ticket');
      await expect([DISK_TITLE]);
      await ui.page.getByLabel('Search').fill('');
      await expect([DISK_TITLE, 'Database service overview', 'Who to call for the storage arrays']);
      await ui.page.getByLabel('Tag').fill('people');
      await expect(['Who to call for the storage arrays']);
      await ui.page.getByLabel('Tag').fill('');
      // Each filter is a change of the address: the next one starts from it.
      await urlSays(ui.page, 'tag', null);
      await ui.page.getByLabel('Service').selectOption({ label: 'db' });
      await expect([DISK_TITLE, 'Database service overview']);
      await ui.page.getByLabel('Owner team').selectOption({ label: 'Search' });
      await ui.page.getByText('No runbooks match.').waitFor();
      await ui.page.getByLabel('Owner team').selectOption({ label: 'Storage' });
      await expect([DISK_TITLE, 'Database service overview']);
      // click, not check(): the box follows the URL, which changes a moment after the click.
      await ui.page.getByLabel('Review overdue only').click();
      await urlSays(ui.page, 'review_overdue', 'true');
      await expect([DISK_TITLE]);
      await assertFitsBothSizes(ui.page);
      await ui.page.getByLabel('Review overdue only').click();
      await urlSays(ui.page, 'review_overdue', null);
      await ui.page.getByLabel('Service').selectOption({ label: 'Any' });
      await urlSays(ui.page, 'service_id', null);
      await ui.page.getByLabel('Owner team').selectOption({ label: 'Any' });
      await expect([DISK_TITLE, 'Database service overview', 'Who to call for the storage arrays']);
      await ui.screenshot(ui.page, 'runbooks-library');
    });

    it('marks the overdue runbook reviewed', async () => {
      await ui.page
        .getByRole('list', { name: 'Runbooks', exact: true })
        .getByRole('link', { name: DISK_TITLE })
        .click();
      // Read a moment ago, the runbook is still fresh in the page's cache: its review date was
      // moved back in the database behind the app's back, so load the page again.
      await ui.page.getByRole('heading', { level: 1, name: DISK_TITLE }).waitFor();
      await ui.page.reload();
      const review = ui.page.getByRole('region', { name: 'Review', exact: true });
      await review.getByText('Review overdue').waitFor();
      await review.getByRole('button', { name: 'Mark reviewed' }).click();
      await review.getByRole('status').filter({ hasText: 'Marked reviewed.' }).waitFor();
      await review.getByText(/^Last reviewed .* by admin\.$/).waitFor();
      await review.getByText(/^Review due /).waitFor();
      assert.equal(await ui.page.getByText('Review overdue').count(), 0);
      const after = await rb(diskId);
      assert.equal(after.review_overdue, false);
      assert.equal(after.reviewed_by?.name, 'admin');
      assert.equal(after.version, 3, 'a review is not a new version');
    });

    it('lists what has no runbook in the coverage tab', async () => {
      await fx.fire(
        'search',
        { alertname: 'ClusterRed', instance: 'es-1' },
        { summary: 'Search cluster red on es-1' },
      );
      await fx.fire(
        'search',
        { alertname: 'ClusterRed', instance: 'es-2' },
        { summary: 'Search cluster red on es-2' },
      );
      await fx.fire(
        'search',
        { alertname: 'SlowQueries', instance: 'es-1' },
        { summary: 'Search queries slow' },
      );
      await ui.page.goto(`${ui.tocsin.origin}/runbooks`);
      await ui.page.getByRole('tab', { name: 'Coverage' }).click();
      const services = ui.page.getByRole('list', { name: 'Services without a runbook' });
      await services.getByRole('link', { name: 'search', exact: true }).waitFor();
      assert.equal(await services.getByRole('link', { name: 'db', exact: true }).count(), 0);
      const rows = ui.page.getByRole('table', { name: 'Alerts without a runbook' }).getByRole('row');
      await within(5000, async () => (await rows.count()) === 3);
      assert.deepEqual(
        (await rows.nth(1).getByRole('cell').allInnerTexts()).slice(0, 3),
        ['ClusterRed', 'search', '2'],
        'the noisiest first',
      );
      assert.deepEqual((await rows.nth(2).getByRole('cell').allInnerTexts()).slice(0, 3), [
        'SlowQueries',
        'search',
        '1',
      ]);
      await ui.page.getByText('0 of 3 alerts in the last 30 days had a runbook (0 %).').waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.page.getByRole('link', { name: 'Write a runbook for ClusterRed (search)' }).click();
      await ui.page.getByRole('heading', { level: 1, name: 'New runbook' }).waitFor();
      assert.equal(await ui.page.getByLabel(/^Title/).inputValue(), 'ClusterRed');
      // The service is chosen: its pill shows in the Services box.
      await ui.page
        .getByRole('form', { name: 'New runbook' })
        .getByText('search', { exact: true })
        .filter({ visible: true })
        .first()
        .waitFor();
    });

    it("shows the incident's runbooks, the one pages link to first, for alerts sent through Alertmanager", async () => {
      const disk = await fx.fire(
        'db',
        { alertname: 'DiskFull', instance: 'db-1', severity: 'critical' },
        { summary: 'Disk 93 % full on db-1' },
      );
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${disk}`);
      const panel = ui.page.getByRole('region', { name: 'Runbooks', exact: true });
      const items = panel.getByRole('list', { name: 'Runbooks for this incident' }).getByRole('listitem');
      await within(5000, async () => (await items.count()) === 2);
      await items.nth(0).getByRole('link', { name: DISK_TITLE }).waitFor();
      await items.nth(0).getByText('Linked in pages').waitFor();
      await items.nth(1).getByRole('link', { name: 'Database service overview' }).waitFor();
      assert.equal(await items.nth(1).getByText('Linked in pages').count(), 0);
      await assertFitsBothSizes(ui.page);
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.screenshot(ui.page, 'runbooks-incident-panel');

      // The alert brings its own runbook link: it is what pages carry, first and external.
      const latency = await fx.fire(
        'db',
        { alertname: 'ReplicationLag', instance: 'db-2', severity: 'warning' },
        { summary: 'Replication lag on db-2', runbook_url: 'https://wiki.example.com/replication-lag' },
      );
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${latency}`);
      await within(5000, async () => (await items.count()) === 2);
      const own = items.nth(0).getByRole('link', { name: /wiki\.example\.com\/replication-lag/ });
      assert.equal(await own.getAttribute('href'), 'https://wiki.example.com/replication-lag');
      assert.equal(await own.getAttribute('target'), '_blank');
      await items.nth(0).getByText('Linked in pages').waitFor();
      await items.nth(1).getByRole('link', { name: 'Database service overview' }).waitFor();
      await items.nth(1).getByText('best match').waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);

      // Nothing matches the search cluster: the panel says so and offers to write one.
      const red = await fx.fire(
        'search',
        { alertname: 'ClusterRed', instance: 'es-3' },
        { summary: 'Search cluster red on es-3' },
      );
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${red}`);
      await panel.getByText('No runbook matches this incident.').waitFor();
      await panel.getByRole('link', { name: 'Write a runbook' }).click();
      await ui.page.getByRole('heading', { level: 1, name: 'New runbook' }).waitFor();
      assert.equal(new URL(ui.page.url()).searchParams.get('service_id'), fx.search.id);
    });

    it('is read only for a responder of another team, and a refused save says why', async () => {
      const otto = await signedInAs(browser(), DESKTOP, ui.tocsin, fx.otto.email, `/runbooks/${diskId}`);
      try {
        await otto.page.getByRole('heading', { level: 1, name: DISK_TITLE }).waitFor();
        await otto.page.getByText('Only members of Storage and admins change this runbook.').waitFor();
        await otto.page
          .getByRole('region', { name: 'Text', exact: true })
          .getByRole('heading', { name: 'Diagnosis' })
          .waitFor();
        assert.equal(await otto.page.getByRole('textbox').count(), 0);
        assert.equal(await otto.page.getByRole('button', { name: 'Mark reviewed' }).count(), 0);
        assert.equal(await otto.page.getByRole('button', { name: /^Delete/ }).count(), 0);
        await assertFitsBothSizes(otto.page);
      } finally {
        await otto.close();
      }

      const rita = await signedInAs(browser(), DESKTOP, ui.tocsin, fx.rita.email, `/runbooks/${diskId}`);
      try {
        await bodyBox(rita.page).waitFor();
        // Taken off the team while the editor is open: the save is refused, and said so.
        const removed = await fx.call('DELETE', `/api/v1/teams/${fx.storage.id}/members/${fx.rita.id}`);
        assert.equal(removed.status, 204, JSON.stringify(removed.body));
        const typed = `${await bodyBox(rita.page).inputValue()}\nRita's addition.\n`;
        await bodyBox(rita.page).fill(typed);
        await rita.page.getByRole('button', { name: 'Save', exact: true }).click();
        const refused = rita.page.getByRole('alert').filter({ hasText: 'Could not save the runbook' });
        await refused
          .getByText(/only members of the owning team, and admins, may change this runbook/)
          .waitFor();
        assert.equal(await bodyBox(rita.page).inputValue(), typed, 'the typed text is kept');
        assert.deepEqual(await seriousViolations(rita.page), []);
      } finally {
        await rita.close();
      }
    });

    it('deletes a runbook after a confirmation', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/runbooks/${contactsId}`);
      await ui.page.getByRole('button', { name: 'Delete runbook…' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Delete “Who to call for the storage arrays”?' });
      await dialog.getByText('The audit log keeps its last text.', { exact: false }).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the confirmation');
      await dialog.getByRole('button', { name: 'Delete runbook' }).click();
      await ui.page.waitForURL(/\/runbooks$/);
      const list = ui.page.getByRole('list', { name: 'Runbooks', exact: true });
      await list.getByRole('link', { name: DISK_TITLE }).waitFor();
      assert.equal(await list.getByRole('link', { name: 'Who to call for the storage arrays' }).count(), 0);
      assert.equal((await fx.call('GET', `/api/v1/runbooks/${contactsId}`)).status, 404);
      assert.equal((await rb(overviewId)).title, 'Database service overview');
    });
  });
}
