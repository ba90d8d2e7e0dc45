import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import { DESKTOP, PHONE, e2eSession, useBrowser } from './browser.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { fieldSays, type IncidentFixture, incidentFixture } from './incident-fixture.ts';

/**
 * Action items in a real browser (issue 19): added on an incident (the API's 400 on the title
 * field), moved through their statuses by a menu, on the team's board and on the Now page as
 * "mine" with the overdue one first and marked; axe and 375 px on the three views.
 */
const browser = useBrowser();

type Item = { id: string; title: string; status: string; priority: string; owner: { id: string } | null };

/** The item's card in `list`: the list item holding its title. */
const card = (list: Locator, title: string) => list.getByRole('listitem').filter({ hasText: title });

for (const dialect of DIALECTS) {
  describe(`web UI: action items [${dialect}]`, () => {
    let fx: IncidentFixture;
    let ref: string;
    let incidentId: string;
    let admin: { id: string; name: string };
    let teamId: string;

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        fx = await incidentFixture(ui.tocsin);
        ref = await fx.trigger('Checkout answers 500');
        incidentId = (await fx.asAdmin<{ id: string }>('GET', `/api/v1/incidents/${ref}`)).body.id;
        admin = (await fx.asAdmin<{ user: { id: string; name: string } }>('GET', '/api/v1/auth/me')).body
          .user;
        const teams = await fx.asAdmin<{ data: { id: string; name: string }[] }>('GET', '/api/v1/teams');
        teamId = teams.body.data.find((t) => t.name === 'Payments')!.id;
        await fx.asAdmin('POST', `/api/v1/teams/${teamId}/members`, { user_id: admin.id });

        // Another team's incident and item: mine, but not on the Payments board.
        const search = await fx.asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: 'Search' });
        const service = await fx.asAdmin<{ id: string }>('POST', '/api/v1/services', {
          name: 'search',
          team_id: search.body.id,
        });
        const other = await fx.asAdmin<{ id: string }>('POST', '/api/v1/incidents', {
          title: 'Search is slow',
          service_ids: [service.body.id],
          severity: 'SEV3',
        });
        const add = async (on: string, title: string) => {
          const res = await fx.asAdmin<Item>('POST', `/api/v1/incidents/${on}/action-items`, {
            title,
            owner_id: admin.id,
          });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          return res.body;
        };
        await add(other.body.id, 'Reindex nightly');
        await add(incidentId, 'Write the checkout runbook');
        // The API refuses a due date in the past; one that has since passed is what overdue is.
        const late = await add(incidentId, 'Rotate the expired certificate');
        await ui.tocsin.tdb.db
          .updateTable('action_items')
          .set({ due_date: '2024-01-15' })
          .where('id', '=', late.id)
          .execute();
      },
    });

    const items = async () =>
      (await fx.asAdmin<{ data: Item[] }>('GET', `/api/v1/incidents/${incidentId}/action-items`)).body.data;

    it('adds an item on the incident, shows the API refusal on its field, and changes its status', async () => {
      await ui.logIn(`/incidents/${ref}`);
      const panel = ui.page.getByRole('region', { name: /^Action items/ });
      const list = panel.getByRole('list', { name: 'Action items' });
      const late = card(list, 'Rotate the expired certificate');
      await late.getByText(/^Overdue: due .*2024/).waitFor();
      assert.equal(await late.getAttribute('data-overdue'), 'true');
      assert.equal(await card(list, 'Write the checkout runbook').getAttribute('data-overdue'), 'false');

      await panel.getByRole('button', { name: 'Add action item' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Add an action item' });
      await dialog.getByRole('button', { name: 'Add action item' }).click();
      await dialog.getByText('body.title must not be empty').waitFor();
      await fieldSays(dialog.getByLabel(/^Title/), 'body.title must not be empty');
      await assertFitsBothSizes(ui.page);

      await dialog.getByLabel(/^Title/).fill('Alert on the checkout error rate');
      await dialog.getByLabel('Description').fill('Page on **5xx above 2%** for 5 minutes.');
      await dialog.getByLabel('Description preview').getByText('5xx above 2%').waitFor();
      await dialog.getByLabel('Owner').click();
      await ui.page.getByRole('option', { name: admin.name }).click();
      await dialog.getByLabel('Due date').fill('2099-03-31');
      await dialog.getByLabel('Priority').selectOption('high');
      await dialog.getByRole('button', { name: 'Add action item' }).click();
      await dialog.waitFor({ state: 'detached' });
      const added = card(list, 'Alert on the checkout error rate');
      await added.getByText('High priority').waitFor();
      await added.getByText(admin.name).waitFor();
      const created = (await items()).find((i) => i.title === 'Alert on the checkout error rate');
      assert.equal(created?.owner?.id, admin.id);
      assert.equal(created?.priority, 'high');

      await added.getByRole('button', { name: /^Status of Alert on the checkout error rate: Open/ }).click();
      await ui.page.getByRole('menuitem', { name: 'In progress' }).click();
      await added.getByRole('button', { name: /: In progress\. Change$/ }).waitFor();
      assert.equal((await items()).find((i) => i.id === created?.id)?.status, 'in_progress');

      // The menu leaves with a transition; axe must not look at it half gone (an empty menu).
      await ui.page.getByRole('menu').waitFor({ state: 'detached' });
      await assertFitsBothSizes(ui.page);
      await list.scrollIntoViewIfNeeded();
      await ui.screenshot(ui.page, 'action-items-incident');
    });

    it("shows the team's board by status, its items linking their incident, and moves one by its menu", async () => {
      await ui.page.goto(`${ui.tocsin.origin}/action-items`);
      await ui.page.getByRole('link', { name: 'Search is slow' }).waitFor();
      await ui.page.getByLabel('Team').selectOption({ label: 'Payments' });
      await ui.page.getByRole('link', { name: 'Search is slow' }).waitFor({ state: 'detached' });
      assert.match(ui.page.url(), new RegExp(`team=${teamId}`));

      const column = (name: string) => ui.page.getByRole('list', { name, exact: true });
      await card(column('In progress'), 'Alert on the checkout error rate').waitFor();
      const late = card(column('Open'), 'Rotate the expired certificate');
      await late.getByText(/^Overdue/).waitFor();
      assert.equal(
        await late.getByRole('link', { name: `${ref}: Checkout answers 500` }).getAttribute('href'),
        `/incidents/${ref}`,
      );

      const runbook = card(column('Open'), 'Write the checkout runbook');
      await runbook.getByRole('button', { name: /^Status of Write the checkout runbook/ }).click();
      await ui.page.getByRole('menuitem', { name: "Won't do" }).click();
      await card(column("Won't do"), 'Write the checkout runbook').waitFor();
      assert.equal(await card(column('Open'), 'Write the checkout runbook').count(), 0);

      // click, not check(): the box follows the URL, which changes a moment after the click.
      await ui.page.getByLabel('Only overdue').click();
      await card(column('In progress'), 'Alert on the checkout error rate').waitFor({ state: 'detached' });
      await late.waitFor();
      await ui.page.getByLabel('Only overdue').click();
      await card(column('In progress'), 'Alert on the checkout error rate').waitFor();

      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'action-items-board');
      await ui.page.setViewportSize(PHONE);
      // The navigation slides away after the resize.
      await ui.page.waitForTimeout(400);
      await ui.screenshot(ui.page, 'action-items-phone');
      await ui.page.setViewportSize(DESKTOP);
    });

    it('lists my open items on the Now page, overdue first, with a link to the board', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/now`);
      const mine = ui.page.getByRole('list', { name: 'My action items' });
      await card(mine, 'Reindex nightly').waitFor();
      const cards = mine.getByRole('listitem');
      const titles: string[] = [];
      for (let n = 0; n < (await cards.count()); n++)
        titles.push((await cards.nth(n).locator('p').first().textContent()) ?? '');
      assert.equal(titles[0], 'Rotate the expired certificate', 'the overdue item comes first');
      assert.deepEqual(
        [...titles].sort(),
        ['Alert on the checkout error rate', 'Reindex nightly', 'Rotate the expired certificate'],
        "won't do is not to do",
      );
      await card(mine, 'Rotate the expired certificate')
        .getByText(/^Overdue/)
        .waitFor();
      assert.equal(
        await ui.page.getByRole('link', { name: 'All my action items' }).getAttribute('href'),
        '/action-items?owner=me',
      );

      await assertFitsBothSizes(ui.page);
      await mine.scrollIntoViewIfNeeded();
      await ui.screenshot(ui.page, 'action-items-now');
    });
  });
}
