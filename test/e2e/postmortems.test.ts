import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { e2eSession, logIn, newContext, seriousViolations, useBrowser } from './browser.ts';
import { type IncidentFixture, incidentFixture, within } from './incident-fixture.ts';
import { FAILOVER_TEXT, resolvedFailover } from './postmortem-fixture.ts';

/**
 * The postmortem web UI (issue 19) in a real browser: started from a resolved SEV1's page, the
 * drafted timeline table re-inserted and rewritten, a section previewed as Markdown (a <script>
 * in it shown as text), saved with its revision, a save over someone else's change refused and
 * explained, reviewers requested, approval by the reviewer in their own browser, published (the
 * incident closes), then found in the library with its filters. axe and 375 px on the editor
 * and the library. One browser for the file, one server per database.
 */
const browser = useBrowser();

interface Pm {
  id: string;
  status: string;
  revision: number;
  sections: { key: string; body: string }[];
}

const section = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
const textarea = (page: Page, title: string) =>
  section(page, title).getByRole('textbox', { name: `${title} (Markdown)` });

for (const dialect of DIALECTS) {
  describe(`web UI: postmortems [${dialect}]`, () => {
    let fx: IncidentFixture;
    let ref = '';
    let ada: { id: string; email: string; password: string };
    let pmId = '';

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        fx = await incidentFixture(ui.tocsin);
        ada = await fx.user('Ada Lovelace', 'responder');
        ref = await resolvedFailover(fx, ui.tocsin);
      },
    });
    const pm = async () => (await fx.asAdmin<Pm>('GET', `/api/v1/postmortems/${pmId}`)).body;

    it('starts the postmortem from the incident page with the template of its severity', async () => {
      await ui.logIn(`/incidents/${ref}`);
      const panel = ui.page.getByRole('region', { name: 'Postmortem' });
      await panel.getByText('Required for SEV1; none yet').waitFor();
      await panel.getByRole('button', { name: 'Start postmortem' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Start the postmortem' });
      await within(5000, async () => (await dialog.getByLabel('Template').inputValue()) !== '');
      await dialog.getByRole('button', { name: 'Start postmortem' }).click();
      await ui.page.waitForURL(/\/postmortems\/[^/]+$/);
      pmId = ui.page.url().split('/').pop()!;
      await ui.page
        .getByRole('heading', { level: 1, name: new RegExp(`^${ref}: Checkout writes failing`) })
        .waitFor();

      // The durations come from the incident's stored times.
      const durations = ui.page.getByLabel('Durations');
      await durations.getByText('3 min').waitFor(); // detect: the alert started 3 min before
      await durations.getByText('4 min').waitFor();
      await durations.getByText('31 min').waitFor();
      await durations.getByText('52 min').waitFor();

      const drafted = await textarea(ui.page, 'Timeline').inputValue();
      assert.match(drafted, /^\| Time \([^)]+\) \| Event \|\n\| --- \| --- \|/);
      assert.match(drafted, /Patroni blocked the failover/);
      await textarea(ui.page, 'Timeline').fill('');
      await section(ui.page, 'Timeline')
        .getByRole('button', { name: 'Re-insert timeline from incident' })
        .click();
      assert.equal(await textarea(ui.page, 'Timeline').inputValue(), drafted, 'the same table again');
      await ui.page.getByRole('button', { name: 'Discard changes' }).click();

      // The incident's own action items are worked on from the editor too.
      const items = ui.page.getByRole('region', { name: /^Action items/ });
      await items.getByRole('button', { name: 'Add action item' }).click();
      const form = ui.page.getByRole('dialog');
      await form.getByLabel(/^Title/).fill('Alert when Patroni cannot fail over');
      await form.getByRole('button', { name: 'Add action item' }).click();
      await items.getByText('Alert when Patroni cannot fail over').waitFor();
      await assertFitsBothSizes(ui.page);
    });

    it('previews Markdown safely, saves with the revision and refuses to overwrite a newer save', async () => {
      const summary = textarea(ui.page, 'Summary');
      await summary.fill('The **primary** failed. <script>window.pwned = 1</script>');
      await section(ui.page, 'Summary').getByRole('tab', { name: 'Preview' }).click();
      const preview = section(ui.page, 'Summary').getByRole('region', { name: 'Preview' });
      await preview.locator('strong', { hasText: 'primary' }).waitFor();
      await preview.getByText('<script>window.pwned = 1</script>').waitFor();
      assert.equal(await preview.locator('script').count(), 0, 'no script element');
      assert.equal(await ui.page.evaluate('window.pwned === undefined'), true);
      await section(ui.page, 'Summary').getByRole('tab', { name: 'Edit' }).click();

      for (const [key, title] of [
        ['summary', 'Summary'],
        ['impact', 'Impact'],
        ['timeline', 'Timeline'],
        ['root_cause', 'Root cause'],
        ['contributing_factors', 'Contributing factors'],
        ['resolution', 'Resolution'],
        ['went_well', 'What went well'],
        ['went_poorly', 'What went poorly'],
        ['lucky', 'Where we got lucky'],
        ['lessons', 'Lessons learned'],
      ] as const) {
        await textarea(ui.page, title).fill(FAILOVER_TEXT[key]!);
      }
      const details = ui.page.getByRole('region', { name: 'Details' });
      await details
        .getByLabel('Title')
        .fill(`${ref}: Checkout down 27 minutes after a stalled database failover`);
      await details.getByLabel('Tags').fill('database');
      await details.getByLabel('Tags').press('Enter');
      await details.getByLabel('Tags').fill('failover');
      await details.getByLabel('Tags').press('Enter');
      const before = (await pm()).revision;
      await ui.page.getByRole('button', { name: 'Save', exact: true }).click();
      await ui.page.getByText('All changes saved').waitFor();
      const saved = await pm();
      assert.equal(saved.revision, before + 1);
      assert.equal(saved.sections.find((s) => s.key === 'root_cause')?.body, FAILOVER_TEXT.root_cause);
      // The blameless check's hint shows beside its section.
      await ui.page
        .getByRole('complementary', { name: 'Review hints for What went poorly' })
        .getByText('Someone forgot', { exact: false })
        .waitFor();

      // Someone else saves while this page has unsaved edits: the save is refused, and said so.
      const theirs = await fx.asAdmin('PATCH', `/api/v1/postmortems/${pmId}`, {
        tags: ['database', 'failover', 'patroni'],
        if_revision: saved.revision,
      });
      assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
      await textarea(ui.page, 'Lessons learned').fill('Mine, typed over an old revision.');
      await ui.page.getByRole('button', { name: 'Save', exact: true }).click();
      await ui.page
        .getByRole('alert')
        .filter({ hasText: 'Someone else saved this postmortem first' })
        .waitFor();
      assert.equal(
        await textarea(ui.page, 'Lessons learned').inputValue(),
        'Mine, typed over an old revision.',
      );
      const after = await pm();
      assert.equal(after.revision, saved.revision + 1, 'only their save went in');
      assert.equal(after.sections.find((s) => s.key === 'lessons')?.body, FAILOVER_TEXT.lessons);
      await ui.page.getByRole('button', { name: 'Load the latest version' }).click();
      await ui.page.getByText('Tags: database, failover, patroni').waitFor();
      assert.equal(await textarea(ui.page, 'Lessons learned').inputValue(), FAILOVER_TEXT.lessons);
    });

    it('goes through review: reviewers asked, approved in their browser, published; the incident closes', async () => {
      const review = ui.page.getByRole('region', { name: 'Review' });
      await review.getByText('Publishing: Send it for review first.').waitFor();
      assert.equal(await review.getByRole('button', { name: 'Publish' }).isDisabled(), true);
      await review.getByLabel('Request reviewers').click();
      await ui.page.getByRole('option', { name: 'Ada Lovelace' }).click();
      await ui.page.keyboard.press('Escape');
      await review.getByRole('button', { name: 'Request review' }).click();
      await review.getByRole('list', { name: 'Reviewers' }).getByText('Ada Lovelace: waiting').waitFor();
      await review.getByRole('button', { name: 'Send for review' }).click();
      await review.getByRole('button', { name: 'Back to draft' }).waitFor();

      // Someone else moves it back to draft: this page's move is refused with the allowed ones.
      const moved = await fx.asAdmin('POST', `/api/v1/postmortems/${pmId}/status`, { status: 'draft' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      await review.getByRole('button', { name: 'Back to draft' }).click();
      const refused = review.getByRole('alert').filter({ hasText: 'it cannot move to draft' });
      await refused.getByText('Allowed moves now: In review').waitFor();
      await review.getByRole('button', { name: 'Send for review' }).click();
      await review.getByRole('button', { name: 'Back to draft' }).waitFor();
      await refused.waitFor({ state: 'detached' });

      const context = await newContext(browser(), { width: 1280, height: 800 });
      try {
        const page = await context.newPage();
        await logIn(page, ui.tocsin.origin, ada.email, ada.password, `/postmortems/${pmId}`);
        const hers = page.getByRole('region', { name: 'Review' });
        await hers.getByText('Publishing: Waiting for approval from Ada Lovelace.').waitFor();
        await hers.getByRole('button', { name: 'Approve' }).click();
        await hers.getByText(/Ada Lovelace: approved/).waitFor();
      } finally {
        await context.close();
      }

      await ui.page.reload();
      await review.getByText(/Ada Lovelace: approved/).waitFor();
      await review.getByRole('button', { name: 'Publish' }).click();
      await review.getByText(/It is final and read-only/).waitFor();
      assert.equal((await pm()).status, 'published');
      const incident = await fx.asAdmin<{ status: string }>('GET', `/api/v1/incidents/${ref}`);
      assert.equal(incident.body.status, 'closed', 'publishing closed the SEV1');
      assert.equal(await ui.page.getByRole('textbox').count(), 0, 'published is read-only');
      await section(ui.page, 'Impact').locator('strong', { hasText: 'Users affected:' }).waitFor();
      await section(ui.page, 'Timeline')
        .getByRole('cell', { name: 'Replica promoted; checkout writes succeed again (mitigated)' })
        .waitFor();
      const md = await fetch(`${ui.tocsin.origin}/api/v1/postmortems/${pmId}.md`, {
        headers: { authorization: `Bearer ${ui.tocsin.admin.token}` },
      });
      assert.match(await md.text(), /Root cause/);
      assert.equal(
        await ui.page.getByRole('link', { name: 'Export Markdown (.md)' }).getAttribute('href'),
        `/api/v1/postmortems/${pmId}.md`,
      );
      await assertFitsBothSizes(ui.page);
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.screenshot(ui.page, 'postmortem-published');
    });

    it('lists it in the library, found by text, service, severity and tag', async () => {
      await ui.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Postmortems' })
        .click();
      const list = ui.page.getByRole('list', { name: 'Postmortems' });
      const link = list.getByRole('link', { name: /stalled database failover/ });
      await link.waitFor();
      await ui.page.getByLabel('Severity').selectOption('SEV2');
      await ui.page.getByText('No postmortems match.').waitFor();
      await ui.page.getByLabel('Severity').selectOption('SEV1');
      await link.waitFor();
      await ui.page.getByLabel('Service').selectOption({ label: 'checkout' });
      await ui.page.getByLabel('Tag').fill('patroni');
      await link.waitFor();
      await ui.page.getByLabel('Search').fill('replica lag');
      await within(5000, () =>
        Promise.resolve(new URL(ui.page.url()).searchParams.get('q') === 'replica lag'),
      );
      await link.waitFor();
      await ui.page.getByLabel('Search').fill('kafka');
      await ui.page.getByText('No postmortems match.').waitFor();
      await ui.page.getByLabel('Search').fill('');
      await link.waitFor();
      await ui.page.locator('label', { hasText: 'Drafts' }).click();
      await ui.page.getByText('No postmortems match.').waitFor();
      await ui.page.locator('label', { hasText: 'Published' }).click();
      await link.waitFor();
      await assertFitsBothSizes(ui.page);
      await link.click();
      await ui.page.getByRole('heading', { level: 1, name: /stalled database failover/ }).waitFor();
    });

    it('lets an admin waive a required postmortem with a reason, which goes on the timeline', async () => {
      const other = await fx.trigger('Search answers slowly after a reindex');
      for (const [method, url, body] of [
        ['PATCH', `/api/v1/incidents/${other}`, { severity: 'SEV1' }],
        ['POST', `/api/v1/incidents/${other}/resolve`, {}],
      ] as const) {
        assert.ok((await fx.asAdmin(method, url, body)).status < 300, url);
      }
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${other}`);
      const panel = ui.page.getByRole('region', { name: 'Postmortem' });
      await panel.getByRole('button', { name: 'Waive…' }).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the incident page with its panel');
      await panel.getByRole('button', { name: 'Waive…' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Waive the postmortem' });
      await dialog.waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the waive modal');
      await dialog.getByRole('button', { name: 'Waive postmortem' }).click();
      // The API's 400 names the field: it shows at the textarea, and the modal stays open.
      await dialog.locator('textarea[aria-invalid="true"]').waitFor();
      await dialog.getByLabel('Reason').fill('Duplicate of INC-1: same failover, covered by its postmortem');
      await dialog.getByRole('button', { name: 'Waive postmortem' }).click();
      await dialog.waitFor({ state: 'detached' });
      await panel.getByText('Waived by admin: Duplicate of INC-1').waitFor();
      assert.equal(await panel.getByRole('button', { name: 'Waive…' }).count(), 0);
      const incident = await fx.asAdmin<{ postmortem_waived_reason: string | null }>(
        'GET',
        `/api/v1/incidents/${other}`,
      );
      assert.match(incident.body.postmortem_waived_reason ?? '', /^Duplicate of INC-1/);
      await ui.page
        .getByRole('list', { name: 'Timeline' })
        .locator('li[data-kind="postmortem_waived"]')
        .waitFor();
    });
  });
}
