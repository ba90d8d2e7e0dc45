import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { BudgetPolicyView, ReleaseGateView, SloAlertView, SloView } from '../../web/src/types.ts';
import { budgetText, burnText, minutesText } from '../../web/src/pages/slos/model.ts';
import { DIALECTS } from '../harness.ts';
import { signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, e2eSession, seriousViolations, useBrowser } from './browser.ts';
import { fieldSays, within } from './incident-fixture.ts';
import { urlSays } from './runbook-fixture.ts';
import { BAD_QUERY, BAD_QUERY_ERROR, type SloFixture, sloFixture } from './slo-fixture.ts';

/**
 * The SLO web UI (issue 23) in a real browser: an SLO written through the form (the API's 400 on
 * an objective of 100 % shown at the objective), counts pushed through the API for the last
 * three days making the budget drop, the SLO page showing the API's figures (budget left, minutes
 * of full outage, burn rates) and drawing the burn; a Prometheus SLO whose query Prometheus
 * refuses (the refusal at the query), its rule file downloaded, edited (a short window longer
 * than the long one refused at its row); a spent budget firing the burn-rate alerts, with their
 * incidents in the alert history, and the list's filters; the service page's release gate
 * blocked by the policy's minimum and by the spent budget, a 400 shown at the override's reason,
 * and releases let through by an override; read only for a responder of another team; deleted
 * after a confirmation. axe and 375 px on every page. One browser for the file, one server per
 * database.
 */
const browser = useBrowser();
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The hours (before the current one) that get counts, and the ones with the incident. */
const HOURS = 69;
const BURST = new Set([40, 39, 38, 37, 36]);
/** Per hour: 1,000 events, 1 bad (0.1 %), 40 bad in the burst (4 %: four times the 1 % budget). */
const errorsIn = (h: number) => (BURST.has(h) ? 40 : 1);
const ERRORS = [...Array(HOURS).keys()].map((i) => errorsIn(i + 1)).reduce((a, b) => a + b, 0);
/** The budget left after those counts on a 99 % objective: 1 - (errors / events) / 1 %. */
const EXPECTED_LEFT = 1 - ERRORS / (HOURS * 1000) / 0.01;

for (const dialect of DIALECTS) {
  describe(`web UI: SLOs [${dialect}]`, () => {
    let fx: SloFixture;
    let availId = '';
    let promId = '';

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        fx = await sloFixture(() => ui.tocsin);
      },
    });
    after(() => fx?.close());
    const slo = async (id: string) => (await fx.call<SloView>('GET', `/api/v1/slos/${id}`)).body;
    const figure = (page: Page, label: string) => page.locator(`[data-figure="${label}"]`);
    const budgetShown = (scope: Page | Locator) => scope.locator('[data-budget]').first();

    it('creates an SLO through the form; the 400 on an objective of 100 % shows at the objective', async () => {
      await ui.logIn('/slos');
      await ui.page.getByRole('heading', { level: 1, name: 'SLOs' }).waitFor();
      await ui.page.getByText('No SLOs yet.').waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.page.getByRole('link', { name: 'New SLO' }).click();
      await ui.page.getByRole('heading', { level: 1, name: 'New SLO' }).waitFor();
      const form = ui.page.getByRole('form', { name: 'New SLO' });

      // The burn-rate alerts start from the API's defaults.
      const table = form.getByRole('table', { name: 'Burn-rate alerts' });
      const rows = table.locator('tbody tr');
      assert.equal(await rows.count(), 3);
      const row = async (n: number) => [
        await form.getByLabel(`Alert ${n} name`).inputValue(),
        await form.getByLabel(`Alert ${n} long window`).inputValue(),
        await form.getByLabel(`Alert ${n} short window`).inputValue(),
        await form.getByLabel(`Alert ${n} burn rate`).inputValue(),
        await form.getByLabel(`Alert ${n} severity`).inputValue(),
      ];
      assert.deepEqual(await row(1), ['page-fast', '1h', '5m', '14.4', 'critical']);
      assert.deepEqual(await row(2), ['page-slow', '6h', '30m', '6', 'critical']);
      assert.deepEqual(await row(3), ['ticket', '3d', '6h', '1', 'warning']);

      await form.getByLabel(/^Service/).selectOption({ label: 'checkout' });
      await form.getByLabel(/^Name/).fill('Availability');
      await form.getByLabel(/^Description/).fill('Checkout requests answered without a 5xx.');
      const objective = form.getByRole('textbox', { name: /^Objective/ });
      await objective.fill('100');
      await form.getByLabel('Window', { exact: true }).selectOption({ label: '7 days' });
      // Rows come and go: the ticket rule removed, then written again in a new row.
      await form.getByRole('button', { name: 'Remove alert 3 (ticket)' }).click();
      assert.equal(await rows.count(), 2);
      await form.getByRole('button', { name: 'Add an alert' }).click();
      assert.equal(await rows.count(), 3);
      await form.getByLabel('Alert 3 name').fill('ticket');
      await form.getByLabel('Alert 3 long window').selectOption({ label: '3 days' });
      await form.getByLabel('Alert 3 short window').selectOption({ label: '6 hours' });
      await form.getByLabel('Alert 3 burn rate').fill('1');
      await form.getByLabel('Alert 3 severity').selectOption('warning');

      await form.getByRole('button', { name: 'Create SLO' }).click();
      await within(5000, async () => (await objective.getAttribute('aria-invalid')) === 'true');
      await fieldSays(objective, 'body.objective');
      assert.equal(
        await form.getByLabel(/^Name/).getAttribute('aria-invalid'),
        null,
        'only the field it names',
      );
      assert.equal(await form.getByLabel(/^Name/).inputValue(), 'Availability', 'the typed text is kept');
      assert.equal(new URL(ui.page.url()).pathname, '/slos/new');
      await assertFitsBothSizes(ui.page);

      await objective.fill('99');
      await form.getByRole('button', { name: 'Create SLO' }).click();
      await ui.page.waitForURL(/\/slos\/slo_[^/]+$/);
      availId = new URL(ui.page.url()).pathname.split('/').pop()!;
      await ui.page.getByRole('heading', { level: 1, name: 'Availability' }).waitFor();
      const saved = await slo(availId);
      assert.equal(saved.objective, 0.99, 'entered as a percentage, sent as a fraction');
      assert.equal(saved.window_days, 7);
      assert.equal(saved.service_id, fx.checkout.id);
      assert.equal(saved.description, 'Checkout requests answered without a 5xx.');
      assert.deepEqual(saved.sli, { kind: 'events' });
      assert.deepEqual(
        saved.alerts.map((a) => [a.name, a.long_window, a.short_window, a.burn_rate, a.severity]),
        [
          ['page-fast', '1h', '5m', 14.4, 'critical'],
          ['page-slow', '6h', '30m', 6, 'critical'],
          ['ticket', '3d', '6h', 1, 'warning'],
        ],
      );

      // Nothing counted yet: said in words.
      const status = ui.page.getByRole('region', { name: 'Status' });
      await status.getByText('No data', { exact: true }).waitFor();
      await ui.page.getByText('Error budget left: no traffic').waitFor();
      const curl = ui.page.getByLabel('Send counts with curl');
      assert.match(await curl.inputValue(), new RegExp(`/api/v1/slos/${availId}/events'`));
      assert.match(await curl.inputValue(), /Authorization: Bearer \$TOCSIN_TOKEN/);
      assert.equal(await ui.page.getByRole('link', { name: 'Prometheus rules' }).count(), 0);
      await assertFitsBothSizes(ui.page);
    });

    it("spends budget with counts pushed for the last three days: the page shows the API's figures and draws the burn", async () => {
      const hour = Math.floor(Date.now() / HOUR) * HOUR;
      await fx.push(
        availId,
        [...Array(HOURS).keys()].map((i) => {
          const h = i + 1;
          return {
            at: new Date(hour - h * HOUR + 30 * MINUTE).toISOString(),
            good: 1000 - errorsIn(h),
            total: 1000,
          };
        }),
      );
      await fx.evaluate(availId);
      const s = await slo(availId);
      assert.equal(s.status, 'ok', JSON.stringify(s));
      assert.equal(s.budget.total, HOURS * 1000);
      assert.ok(
        Math.abs(s.budget.remaining! - EXPECTED_LEFT) < 1e-4,
        `${s.budget.remaining} ≈ ${EXPECTED_LEFT}`,
      );

      await ui.page.reload();
      await ui.page.getByRole('heading', { level: 1, name: 'Availability' }).waitFor();
      const status = ui.page.getByRole('region', { name: 'Status' });
      await status.getByText('OK', { exact: true }).waitFor();
      const budget = ui.page.getByRole('region', { name: 'Error budget' });
      await within(
        5000,
        async () => (await budgetShown(budget).innerText()) === budgetText(s.budget.remaining!),
      );
      assert.equal(budgetText(s.budget.remaining!), `${(EXPECTED_LEFT * 100).toFixed(1)} %`);
      assert.equal(
        await figure(ui.page, 'Full outage left').innerText(),
        minutesText(s.budget.remaining_minutes!),
      );
      assert.equal(await figure(ui.page, 'Events in the window').innerText(), '68,736 good of 69,000');
      assert.equal(
        await figure(ui.page, 'Budget over the window').innerText(),
        `${minutesText(s.budget.allowed_minutes)} of full outage (1 % of events)`,
      );
      const burn = ui.page.getByRole('table', { name: 'Burn rates' });
      for (const [w, words] of [
        ['1h', '1 hour'],
        ['3d', '3 days'],
      ] as const) {
        const cells = await burn
          .getByRole('row', { name: new RegExp(`^${words}`) })
          .getByRole('cell')
          .allInnerTexts();
        assert.equal(cells[0], burnText(s.burn_rates[w] ?? null), `burn over ${w}`);
      }
      assert.equal(
        await burn
          .getByRole('row', { name: /^5 minutes/ })
          .getByRole('cell')
          .first()
          .innerText(),
        'no traffic',
      );

      // The chart: its caption says what it shows; the budget line and the hourly bars are drawn.
      const chart = ui.page.getByRole('region', { name: 'Burn over the window' });
      const caption = chart.locator('[data-chart-caption]');
      await caption.getByText(/68,736 of 69,000 events were good/).waitFor();
      assert.match(await caption.innerText(), /peaked at 4\.00× at /);
      const line = chart.locator('[data-chart="budget"] path.recharts-area-curve');
      await line.first().waitFor();
      assert.ok(((await line.first().getAttribute('d')) ?? '').length > 50, 'the budget line is drawn');
      assert.ok(
        (await chart.locator('[data-chart="burn"] .recharts-bar-rectangle').count()) >= 5,
        'the hourly bars',
      );
      assert.match(
        (await chart.getByRole('img').first().getAttribute('aria-label')) ?? '',
        /^Error budget left/,
      );
      await assertFitsBothSizes(ui.page);
      // Tall enough for the figures and both charts in one picture.
      await ui.page.setViewportSize({ width: DESKTOP.width, height: 1240 });
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.screenshot(ui.page, 'slo-page');
      await ui.page.setViewportSize(DESKTOP);
    });

    it('a Prometheus SLO: the query Prometheus refuses is shown at it, and its rule file downloads', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/slos/new`);
      const form = ui.page.getByRole('form', { name: 'New SLO' });
      await form.getByLabel(/^Service/).selectOption({ label: 'search' });
      await form.getByLabel(/^Name/).fill('API success rate');
      await form.getByRole('textbox', { name: /^Objective/ }).fill('99.5');
      await form.getByRole('radio', { name: /^Prometheus/ }).check();
      await form.getByText('Each query returns the number of events in the minute').waitFor();
      await form.getByLabel(/^Prometheus URL/).fill(fx.prometheus);
      const good = form.getByLabel(/^Good events query/);
      await good.fill(BAD_QUERY);
      await form.getByLabel(/^Total events query/).fill('sum(increase(http_requests_total[1m]))');
      await form.getByRole('button', { name: 'Create SLO' }).click();
      await within(5000, async () => (await good.getAttribute('aria-invalid')) === 'true');
      await fieldSays(good, `body.sli.good_query: Prometheus says: ${BAD_QUERY_ERROR}`);
      assert.equal(await form.getByLabel(/^Total events query/).getAttribute('aria-invalid'), null);
      await assertFitsBothSizes(ui.page);

      await good.fill('sum(increase(http_requests_total{code!~"5.."}[1m]))');
      await form.getByRole('button', { name: 'Create SLO' }).click();
      await ui.page.waitForURL(/\/slos\/slo_[^/]+$/);
      promId = new URL(ui.page.url()).pathname.split('/').pop()!;
      await ui.page.getByRole('heading', { level: 1, name: 'API success rate' }).waitFor();
      const saved = await slo(promId);
      assert.equal(saved.objective, 0.995);
      assert.deepEqual(saved.sli, {
        kind: 'prometheus',
        prometheus_url: fx.prometheus,
        good_query: 'sum(increase(http_requests_total{code!~"5.."}[1m]))',
        error_query: null,
        total_query: 'sum(increase(http_requests_total[1m]))',
      });
      assert.equal(await ui.page.getByLabel('Send counts with curl').count(), 0, 'no counts to push');

      const rules = ui.page.getByRole('link', { name: 'Prometheus rules' });
      const href = await rules.getAttribute('href');
      assert.equal(href, `/api/v1/slos/${promId}/prometheus-rules`);
      assert.equal(await rules.getAttribute('download'), 'search-api-success-rate.rules.yaml');
      // Fetched as the link does, with the session cookie.
      const file = await ui.page.evaluate(async (url) => {
        const res = await fetch(url);
        return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
      }, href);
      assert.equal(file.status, 200);
      assert.match(file.type ?? '', /yaml/);
      assert.match(file.text, /groups:/);
      assert.match(file.text, /http_requests_total/);
      await assertFitsBothSizes(ui.page);
    });

    it('edits an SLO; a short window as long as the long one is refused at its row', async () => {
      await ui.page.getByRole('link', { name: 'Edit', exact: true }).click();
      await ui.page.getByRole('heading', { level: 1, name: 'Edit API success rate' }).waitFor();
      const form = ui.page.getByRole('form', { name: 'Edit SLO' });
      assert.equal(await form.getByLabel(/^Service/).inputValue(), 'search', 'the service is fixed');
      assert.equal(await form.getByRole('textbox', { name: /^Objective/ }).inputValue(), '99.5');
      assert.equal(
        await form.getByLabel(/^Good events query/).inputValue(),
        'sum(increase(http_requests_total{code!~"5.."}[1m]))',
      );
      const short = form.getByLabel('Alert 1 short window');
      await short.selectOption({ label: '1 hour' });
      await form.getByRole('textbox', { name: /^Objective/ }).fill('99');
      await form.getByRole('button', { name: 'Save SLO' }).click();
      await within(5000, async () => (await short.getAttribute('aria-invalid')) === 'true');
      await fieldSays(short, 'body.alerts.0.short_window: must be shorter than long_window (1h)');
      assert.equal(
        await form.getByLabel('Alert 2 short window').getAttribute('aria-invalid'),
        null,
        'only its row',
      );
      assert.equal((await slo(promId)).objective, 0.995, 'nothing saved');
      await assertFitsBothSizes(ui.page);

      await short.selectOption({ label: '5 minutes' });
      await form.getByRole('button', { name: 'Save SLO' }).click();
      await ui.page.waitForURL(new RegExp(`/slos/${promId}$`));
      await ui.page.getByText('99 % of events good over 30 days', { exact: false }).waitFor();
      const saved = await slo(promId);
      assert.equal(saved.objective, 0.99);
      assert.equal(saved.alerts[0]?.short_window, '5m');
    });

    it('a spent budget fires the burn-rate alerts: the page, its alert history and the list say so', async () => {
      await fx.push(availId, [{ at: new Date(Date.now() - 2 * MINUTE).toISOString(), good: 0, total: 3000 }]);
      await fx.evaluate(availId);
      await fx.evaluate(promId);
      const s = await slo(availId);
      assert.equal(s.status, 'burning', JSON.stringify(s));
      assert.ok(s.budget.remaining! < 0, 'overspent');
      assert.deepEqual(s.firing.map((f) => f.alert).sort(), ['page-fast', 'page-slow', 'ticket']);

      await ui.page.goto(`${ui.tocsin.origin}/slos/${availId}`);
      const status = ui.page.getByRole('region', { name: 'Status' });
      await status.getByText('Burning', { exact: true }).waitFor();
      await status.getByText(s.status_reason!).waitFor();
      await status.getByRole('link', { name: 'page-fast' }).waitFor();
      const budget = ui.page.getByRole('region', { name: 'Error budget' });
      await budget.getByText(`${budgetText(s.budget.remaining!)} (overspent)`).waitFor();
      assert.equal(await figure(ui.page, 'Full outage left').innerText(), 'none');
      assert.match(await figure(ui.page, 'Budget runs out').innerText(), /^already spent/);

      const alerts = (await fx.call<{ data: SloAlertView[] }>('GET', `/api/v1/slos/${availId}/alerts`)).body
        .data;
      assert.equal(alerts.length, 3);
      const history = ui.page.getByRole('table', { name: 'Alerts of this SLO' });
      for (const a of alerts) {
        assert.ok(a.incident_ref !== null, `${a.rule} opened an incident`);
        const row = history.getByRole('row', { name: new RegExp(`^${a.rule}\\b`) });
        await row.getByText(a.status, { exact: true }).waitFor();
        const link = row.getByRole('link', { name: a.incident_ref });
        assert.equal(await link.getAttribute('href'), `/incidents/${a.incident_ref}`);
      }
      await assertFitsBothSizes(ui.page);

      // The incident link opens the incident.
      const fast = alerts.find((a) => a.rule === 'page-fast')!;
      await history.getByRole('link', { name: fast.incident_ref! }).click();
      await ui.page.waitForURL(new RegExp(`/incidents/${fast.incident_ref}$`));
      await ui.page.getByRole('heading', { level: 1 }).filter({ hasText: 'Availability' }).first().waitFor();

      // The list: each SLO's budget and status in words, and its filters.
      await ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SLOs' }).click();
      // Off the navigation: the hovered current page's link is the theme's, not this page's.
      await ui.page.mouse.move(600, 300);
      const list = ui.page.getByRole('list', { name: 'SLOs', exact: true });
      const names = async () => (await list.getByRole('link').allInnerTexts()).sort();
      const expect = async (want: string[]) => {
        await within(5000, async () => JSON.stringify(await names()) === JSON.stringify([...want].sort()));
      };
      await expect(['API success rate', 'Availability']);
      const avail = list.getByRole('listitem', { name: 'Availability' });
      await avail.getByText('Burning', { exact: true }).waitFor();
      assert.equal(await budgetShown(avail).innerText(), `${budgetText(s.budget.remaining!)} (overspent)`);
      await avail.getByText(`Burn rate (1 hour): ${burnText(s.burn_rates['1h'] ?? null)}`).waitFor();
      await avail.getByText('checkout · 99 % over 7 days').waitFor();
      const p = await slo(promId);
      const prom = list.getByRole('listitem', { name: 'API success rate' });
      assert.equal(p.status, 'ok', JSON.stringify(p));
      await prom.getByText('OK', { exact: true }).waitFor();
      assert.equal(await budgetShown(prom).innerText(), budgetText(p.budget.remaining!));
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'slo-list');

      await ui.page.getByLabel('Status').selectOption({ label: 'Burning' });
      await urlSays(ui.page, 'status', 'burning');
      await expect(['Availability']);
      await ui.page.getByLabel('Status').selectOption({ label: 'Any' });
      await urlSays(ui.page, 'status', null);
      await ui.page.getByLabel('Service').selectOption({ label: 'search' });
      await expect(['API success rate']);
      await ui.page.getByLabel('Service').selectOption({ label: 'Any' });
      await urlSays(ui.page, 'service_id', null);
      await ui.page.getByLabel('Search').fill('availab');
      await urlSays(ui.page, 'q', 'availab');
      await expect(['Availability']);
      await ui.page.getByLabel('Search').fill('nothing like it');
      await ui.page.getByText('No SLOs match.').waitFor();
      await ui.page.getByLabel('Search').fill('');
      await expect(['API success rate', 'Availability']);
    });

    it("the service page: the release gate blocks on the policy's minimum and on a spent budget; an override lets releases through", async () => {
      await ui.page.goto(`${ui.tocsin.origin}/services/${fx.checkout.id}`);
      const section = ui.page.getByRole('region', { name: 'SLOs', exact: true });
      await section
        .getByRole('list', { name: 'SLOs of this service' })
        .getByRole('link', { name: 'Availability' })
        .waitFor();
      const s = await slo(availId);
      await budgetShown(section.getByRole('listitem', { name: 'Availability' })).waitFor();
      assert.equal(
        await budgetShown(section.getByRole('listitem', { name: 'Availability' })).innerText(),
        `${budgetText(s.budget.remaining!)} (overspent)`,
      );
      const gate = section.locator('[data-gate]');
      const api = async () =>
        (await fx.call<ReleaseGateView>('GET', `/api/v1/services/${fx.checkout.id}/release-gate`)).body;
      const blocked = await api();
      assert.equal(blocked.allow, false);
      await section.getByText(`Releases blocked: ${blocked.reason}`).waitFor();
      assert.match(blocked.reason, /^Availability: the error budget is spent \(-\d+(\.\d+)?% left\)$/);
      assert.equal(await gate.getAttribute('data-gate'), 'blocked');
      await assertFitsBothSizes(ui.page);
      // The section's heading just under the page's header (56 px).
      await ui.page.evaluate(
        `window.scrollTo(0, document.getElementById('service-slos').getBoundingClientRect().top + window.scrollY - 72)`,
      );
      await ui.screenshot(ui.page, 'slo-service-gate');

      // The policy: its minimum saved as a fraction; the gate follows.
      const policy = ui.page.getByRole('form', { name: 'Budget policy' });
      assert.equal(await policy.getByLabel('Block releases when an error budget is spent').isChecked(), true);
      await policy.getByLabel(/^Minimum error budget left/).fill('5');
      await policy.getByRole('button', { name: 'Save budget policy' }).click();
      await policy.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const saved = (
        await fx.call<BudgetPolicyView>('GET', `/api/v1/services/${fx.checkout.id}/budget-policy`)
      ).body;
      assert.equal(saved.min_budget_remaining, 0.05);
      const withMin = await api();
      await section.getByText(`Releases blocked: ${withMin.reason}`).waitFor();
      assert.match(withMin.reason, /policy minimum 5%/);

      // An override needs a reason: the 400 shows at the reason.
      const tomorrow = new Date(Date.now() + 24 * HOUR);
      const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * MINUTE)
        .toISOString()
        .slice(0, 16);
      await policy.getByLabel(/^Allow releases until/).fill(local);
      await policy.getByRole('button', { name: 'Save budget policy' }).click();
      const reason = policy.getByLabel(/^Reason/);
      await within(5000, async () => (await reason.getAttribute('aria-invalid')) === 'true');
      await fieldSays(reason, 'body.override_reason: say why releases may go out while the budget is spent');
      assert.deepEqual(await seriousViolations(ui.page), []);
      await reason.fill('Hotfix for the payment timeouts');
      await policy.getByRole('button', { name: 'Save budget policy' }).click();
      await section.getByText('Releases allowed', { exact: true }).waitFor();
      const allowed = await api();
      assert.equal(allowed.allow, true);
      assert.ok(allowed.override_until !== null);
      assert.match(allowed.reason, /Hotfix for the payment timeouts/);
      await section.getByText(/^Overridden until /).waitFor();
      await assertFitsBothSizes(ui.page);

      // Cleared: blocked again.
      await policy.getByRole('button', { name: 'Clear the override' }).click();
      await policy.getByRole('button', { name: 'Save budget policy' }).click();
      await section.getByText(/^Releases blocked: /).waitFor();
      assert.equal((await api()).allow, false);
    });

    it('is read only for a responder of another team', async () => {
      const otto = await signedInAs(browser(), DESKTOP, ui.tocsin, fx.otto.email, `/slos/${availId}`);
      try {
        await otto.page.getByRole('heading', { level: 1, name: 'Availability' }).waitFor();
        await otto.page.getByRole('region', { name: 'Error budget' }).waitFor();
        assert.equal(await otto.page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
        assert.equal(await otto.page.getByRole('button', { name: /^Delete/ }).count(), 0);
        await assertFitsBothSizes(otto.page);
        await otto.page.goto(`${ui.tocsin.origin}/services/${fx.checkout.id}`);
        const policy = otto.page.getByRole('form', { name: 'Budget policy' });
        await policy
          .getByText(/^Only admins and the managers of the service.s team change its budget policy\.$/)
          .waitFor();
        assert.equal(
          await policy.getByLabel('Block releases when an error budget is spent').isDisabled(),
          true,
        );
        assert.equal(await otto.page.getByRole('link', { name: 'New SLO' }).count(), 0);
        assert.deepEqual(await seriousViolations(otto.page), []);
      } finally {
        await otto.close();
      }
    });

    it('deletes an SLO after a confirmation', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/slos/${availId}`);
      await ui.page.getByRole('button', { name: 'Delete…' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Delete “Availability”?' });
      await dialog.getByText('release gate no longer counts it', { exact: false }).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the confirmation');
      await dialog.getByRole('button', { name: 'Delete SLO' }).click();
      await ui.page.waitForURL(/\/slos$/);
      const list = ui.page.getByRole('list', { name: 'SLOs', exact: true });
      await list.getByRole('link', { name: 'API success rate' }).waitFor();
      assert.equal(await list.getByRole('link', { name: 'Availability' }).count(), 0);
      assert.equal((await fx.call('GET', `/api/v1/slos/${availId}`)).status, 404);
    });
  });
}
