import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, PHONE, e2eSession, useBrowser } from './browser.ts';
import { type IncidentFixture, incidentFixture } from './incident-fixture.ts';
import { seedInsights } from './insights-fixture.ts';

/**
 * The insights (SPEC §6) in a real browser, on incidents whose times are known
 * (insights-fixture.ts): each report shows the figures worked out from them, its charts draw
 * (an <svg> inside an image described in words, the same numbers in a table), a report's CSV
 * downloads, the filters narrow it, and axe and 375 px pass on every report. Then the incident
 * page asks "actionable or noise?" when resolving and lets a responder change the answer. One
 * browser for the file, one server per database.
 */
const browser = useBrowser();

/** The row of `table` whose header cell is `name`, as its cells' texts. */
async function row(table: Locator, name: string): Promise<string[]> {
  const r = table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader', { name, exact: true }) });
  await r.waitFor();
  return (await r.getByRole('cell').allInnerTexts()).map((t) => t.trim());
}

async function chartDrawn(page: Page, name: RegExp): Promise<string> {
  const chart = page.getByRole('img', { name });
  await chart.locator('svg.recharts-surface').first().waitFor();
  assert.ok((await chart.locator('.recharts-bar-rectangle').count()) > 0, 'bars are drawn');
  return (await chart.getAttribute('aria-label')) ?? '';
}

/** The report's CSV, fetched the way the link is followed: with the session cookie. */
async function csv(page: Page): Promise<string> {
  const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  assert.match(href ?? '', /^\/api\/v1\/insights\/[a-z-]+\?.*format=csv/);
  return page.evaluate(async (url) => (await fetch(url)).text(), href!);
}

for (const dialect of DIALECTS) {
  describe(`web UI: insights [${dialect}]`, () => {
    let fx: IncidentFixture;

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        fx = await incidentFixture(ui.tocsin);
        await seedInsights(fx, ui.tocsin);
      },
    });
    const card = (label: string | RegExp) => ui.page.getByRole('group', { name: label });
    const report = (name: string) => ui.page.getByRole('link', { name, exact: true });
    const filter = (label: string) => ui.page.getByRole('group', { name: 'Filters' }).getByLabel(label);

    it('shows response times with their trend, and per service, team and severity', async () => {
      await ui.logIn('/');
      await ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
      await ui.page.getByRole('heading', { level: 1, name: 'Insights' }).waitFor();
      await ui.page.getByText('3 incidents in the period (1 in the one before').waitFor();
      const mtta = card(/^MTTA/);
      await mtta.getByText('3 min 20 s', { exact: true }).waitFor();
      await mtta.getByText('6 min 40 s faster').waitFor();
      await mtta.getByText('median 4 min 30 s').waitFor();
      await card(/^MTTD/).getByText('2 min 20 s', { exact: true }).waitFor(); // (180 + 180 + 60) / 3
      await card(/^MTTR/).getByText('33 min 20 s', { exact: true }).waitFor(); // (45 + 45 + 10) / 3 min

      const table = ui.page.getByRole('table', { name: 'Response times by service' });
      assert.deepEqual(await row(table, 'checkout'), [
        '2',
        '3 min',
        '4 min 30 s',
        '20 min',
        '45 min',
        '45 min',
      ]);
      assert.deepEqual(await row(table, 'search'), ['1', '1 min', '1 min', '5 min', '10 min', '10 min']);
      await ui.page
        .getByRole('radiogroup', { name: 'Group by' })
        .locator('label', { hasText: 'Team' })
        .click();
      const teams = ui.page.getByRole('table', { name: 'Response times by team' });
      assert.equal((await row(teams, 'Payments'))[0], '2');
      assert.equal((await row(teams, 'Discovery'))[0], '1');
      assert.match(await csv(ui.page), /Payments/);
      await ui.page.screenshot({ path: '/tmp/insights-response.png', fullPage: true });
      await assertFitsBothSizes(ui.page);

      // The filters narrow every figure: the SEV2 alone.
      await filter('Severity').selectOption('SEV2');
      await ui.page.getByText('1 incident in the period').waitFor();
      await mtta.getByText('1 min', { exact: true }).waitFor();
      assert.match(ui.page.url(), /severity=SEV2/);
      await filter('Severity').selectOption('');
      await filter('Team').selectOption({ label: 'Discovery' });
      await ui.page.getByText('1 incident in the period').waitFor();
      await filter('Team').selectOption('');
      // A period before any incident.
      await filter('From').fill('2020-01-01');
      await filter('To (included)').fill('2020-01-31');
      await ui.page.getByText('0 incidents in the period').waitFor();
      await mtta.getByText('no data', { exact: true }).waitFor();
      await ui.page.goto(`${ui.tocsin.origin}/insights`);
    });

    it('shows incidents per week by severity and each service with its MTBF', async () => {
      await report('Frequency').click();
      await ui.page.getByText('3 incidents in', { exact: false }).waitFor();
      const summary = await chartDrawn(ui.page, /^Incidents per week by severity/);
      assert.match(summary, /3 in all/);
      const weeks = ui.page.getByRole('table', { name: 'Incidents per week by severity' });
      const totals = await weeks.locator('tbody tr td:last-child').allInnerTexts();
      assert.equal(
        totals.reduce((n, t) => n + Number(t), 0),
        3,
      );
      const services = ui.page.getByRole('table', { name: /mean time between failures/ });
      assert.deepEqual(await row(services, 'checkout'), ['2', '2 d']);
      assert.deepEqual(await row(services, 'search'), ['1', 'fewer than 2 incidents']);
      assert.match(await csv(ui.page), /,3,2,1,0,0\r?\n/);
      await ui.page.screenshot({ path: '/tmp/insights-frequency.png', fullPage: true });
      await assertFitsBothSizes(ui.page);
    });

    it('shows pages per person, flags the one woken too often, and pages per week', async () => {
      await report('On-call health').click();
      const people = ui.page.getByRole('table', { name: 'Pages per person' });
      const ada = people.getByRole('row').filter({ hasText: 'Ada Lovelace' });
      await ada.waitFor();
      assert.equal(await ada.getAttribute('data-flagged'), 'true');
      await ada.getByText('Flagged').waitFor();
      // pages, business, after, sleep, weekend, nights
      assert.deepEqual((await ada.getByRole('cell').allInnerTexts()).slice(0, 3), ['10', '0', '0']);
      assert.equal((await ada.getByRole('cell').allInnerTexts())[3], '10');
      assert.equal((await ada.getByRole('cell').allInnerTexts())[5], '10');
      const bob = people.getByRole('row').filter({ hasText: 'Bob Dylan' });
      assert.equal(await bob.getAttribute('data-flagged'), null);
      assert.deepEqual((await bob.getByRole('cell').allInnerTexts()).slice(0, 2), ['2', '2']);
      await ui.page.getByText('Flagged: Ada Lovelace.').waitFor();
      await card('Pages').getByText('12', { exact: true }).waitFor();
      const summary = await chartDrawn(ui.page, /^Pages per week by the part of the day/);
      assert.match(summary, /sleep hours/);
      const weekly = ui.page.getByRole('table', { name: 'Pages per week by the part of the day' });
      const sleep = await weekly.locator('tbody tr td:nth-child(4)').allInnerTexts();
      assert.equal(
        sleep.reduce((n, t) => n + Number(t), 0),
        10,
      );
      // The team filter: Payments has Ada and Bob, Discovery nobody.
      await filter('Team').selectOption({ label: 'Discovery' });
      await ui.page.getByText('Nobody was paged in the period.').waitFor();
      await filter('Team').selectOption('');
      await ada.waitFor();
      assert.match(await csv(ui.page), /Ada Lovelace/);
      await ui.page.screenshot({ path: '/tmp/insights-oncall.png', fullPage: true });
      await ui.page.setViewportSize(PHONE);
      await ui.page.waitForTimeout(500);
      await ui.page.screenshot({ path: '/tmp/insights-oncall-phone.png', fullPage: true });
      await assertFitsBothSizes(ui.page);
    });

    it('shows the accuracy of the alerts and the noisiest first', async () => {
      await report('Alert quality').click();
      const accuracy = card('Accuracy');
      await accuracy.getByText('33 %', { exact: true }).waitFor();
      await accuracy.getByText('1 actionable, 2 noise of 3 incidents').waitFor();
      await card('Pages').getByText('7', { exact: true }).waitFor();
      const services = ui.page.getByRole('table', { name: 'Accuracy by service' });
      assert.deepEqual((await row(services, 'checkout')).slice(0, 5), ['2', '2', '1', '1', '50 %']);
      assert.deepEqual((await row(services, 'search')).slice(0, 5), ['1', '1', '0', '1', '0 %']);
      const alerts = ui.page.getByRole('table', { name: /^Alerts ranked/ });
      const ranked = await alerts.locator('tbody tr').all();
      assert.equal(ranked.length, 3);
      // The most pages first: a checkout alert (3 pages), the search one (1 page) last.
      assert.match(await ranked[0]!.innerText(), /checkout/);
      assert.match(await ranked[2]!.innerText(), /search/);
      assert.match(await csv(ui.page), /checkout/);
      await ui.page.screenshot({ path: '/tmp/insights-alert-quality.png', fullPage: true });
      await assertFitsBothSizes(ui.page);
    });

    it('shows postmortem completion, action items closed by their due date and the first update', async () => {
      await report('Process health').click();
      const pm = card('Postmortem completion');
      await pm.getByText('0 %', { exact: true }).waitFor();
      await pm.getByText('0 published of 3 required').waitFor();
      const items = card('Closed by due date');
      await items.getByText('50 %', { exact: true }).waitFor();
      await items.getByText('1 of 2 due in the period').waitFor();
      await card('Open and overdue').getByText('1', { exact: true }).waitFor();
      const first = card('Time to first update');
      await first.getByText('6 min', { exact: true }).waitFor();
      await first.getByText(/1 of 3 incidents had one/).waitFor();
      assert.ok((await csv(ui.page)).length > 0);
      await ui.page.screenshot({ path: '/tmp/insights-process.png', fullPage: true });
      await assertFitsBothSizes(ui.page);
    });

    it('asks "actionable or noise?" when resolving, and changes the answer afterwards', async () => {
      const ref = await fx.trigger('Disk almost full on db-2');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${ref}`);
      const question = ui.page.getByRole('radiogroup', { name: 'Was this actionable or noise?' });
      await question.getByRole('radio', { name: 'Noise' }).check();
      await ui.page.setViewportSize(PHONE);
      await ui.page.waitForTimeout(500); // the navigation's slide-out transition
      await ui.page.screenshot({ path: '/tmp/insights-resolve-phone.png', fullPage: false });
      await ui.page.setViewportSize(DESKTOP);
      await assertFitsBothSizes(ui.page);
      await ui.page.getByRole('button', { name: 'Resolve', exact: true }).click();
      const panel = ui.page.getByRole('region', { name: 'Classification' });
      await panel.getByText('Classified as noise by admin.').waitFor();
      const get = () =>
        fx.asAdmin<{ status: string; classification: string | null }>('GET', `/api/v1/incidents/${ref}`);
      assert.deepEqual(
        { status: (await get()).body.status, classification: (await get()).body.classification },
        { status: 'resolved', classification: 'noise' },
      );
      await assertFitsBothSizes(ui.page);
      // Checked once the API has it: the page shows the incident as the server has it.
      await panel.getByRole('radio', { name: 'Actionable' }).click();
      await panel.getByText('Classified as actionable by admin.').waitFor();
      assert.equal((await get()).body.classification, 'actionable');
      await ui.page
        .getByRole('list', { name: 'Timeline' })
        .locator('li[data-kind="classified"]')
        .first()
        .waitFor();
      await ui.page.screenshot({ path: '/tmp/insights-incident.png', fullPage: false });

      // Resolving without an answer sends none.
      const other = await fx.trigger('Disk almost full on db-3');
      await ui.page.goto(`${ui.tocsin.origin}/incidents/${other}`);
      await ui.page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await panel.getByText('Not classified yet.').waitFor();
      const res = await fx.asAdmin<{ classification: string | null }>('GET', `/api/v1/incidents/${other}`);
      assert.equal(res.body.classification, null);
    });
  });
}
