import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { adminApi, PASSWORD, signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, e2eSession, useBrowser } from './browser.ts';

/**
 * Teams and people in a real browser (issue 17): an admin creates a team and a person (a bad
 * email shows the API's 400 by the field), changes the person's role, makes them the team's
 * manager and removes someone, and the API agrees each time; a viewer sees no edit controls;
 * axe at desktop and 375 px.
 */
const browser = useBrowser();

interface UserBody {
  id: string;
  name: string;
  email: string;
  role: string;
}

for (const dialect of DIALECTS) {
  describe(`web UI: teams and people [${dialect}]`, () => {
    const admin = adminApi(() => ui.tocsin);
    const userByEmail = async (email: string) => {
      const res = await admin.call<{ data: UserBody[] }>(
        'GET',
        `/api/v1/users?q=${encodeURIComponent(email)}`,
      );
      return res.body.data.find((u) => u.email === email);
    };
    const people = () => ui.page.getByRole('table', { name: 'People' });

    const ui = e2eSession(browser, dialect, {
      path: '/users',
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'People' }).waitFor();
    });

    it('adds a person; a bad email shows the API’s message by the field', async () => {
      const form = ui.page.getByRole('form', { name: 'Add a person' });
      await form.getByLabel('Name').fill('Carol Chen');
      await form.getByLabel('Email').fill('carol at example');
      await form.getByLabel('Role').selectOption('responder');
      await form.getByLabel(/^First password/).fill(PASSWORD);
      await form.getByRole('button', { name: 'Add person' }).click();
      await form.getByText(/^body\.email must match pattern/).waitFor();
      const email = form.getByLabel('Email');
      assert.equal(await email.getAttribute('aria-invalid'), 'true');
      assert.equal(await form.getByLabel('Name').inputValue(), 'Carol Chen', 'typed text kept');

      await email.fill('carol@example.com');
      await form.getByRole('button', { name: 'Add person' }).click();
      await people().getByRole('cell', { name: 'carol@example.com' }).waitFor();
      assert.equal(await form.getByLabel('Name').inputValue(), '', 'the form is cleared after a save');
      const carol = await userByEmail('carol@example.com');
      assert.equal(carol?.name, 'Carol Chen');
      assert.equal(carol?.role, 'responder');
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'people');
    });

    it('changes a person’s role after saying what it means, and the API agrees', async () => {
      await people().getByLabel('Role of Carol Chen').selectOption('viewer');
      const confirm = ui.page.getByRole('dialog', { name: 'Make Carol Chen viewer?' });
      await confirm.getByText(/As viewer they can only read/).waitFor();
      assert.equal((await userByEmail('carol@example.com'))?.role, 'responder', 'not before confirming');
      await confirm.getByRole('button', { name: 'Change role' }).click();
      for (let i = 0; i < 50 && (await userByEmail('carol@example.com'))?.role !== 'viewer'; i++)
        await ui.page.waitForTimeout(100);
      assert.equal((await userByEmail('carol@example.com'))?.role, 'viewer');
      const mine = people().getByRole('row').filter({ hasText: ui.tocsin.admin.email }).getByRole('combobox');
      assert.equal(await mine.isDisabled(), true, 'your own role is not changed here');
    });

    it('removes someone else’s contact method only after saying it is their last', async () => {
      const carol = (await userByEmail('carol@example.com'))!;
      await admin.created(`/api/v1/users/${carol.id}/contact-methods`, {
        type: 'email',
        address: 'carol@example.com',
      });
      await ui.page.goto(`${ui.tocsin.origin}/users/${carol.id}`);
      const methods = ui.page.getByRole('list', { name: 'Contact methods' });
      await methods.getByRole('button', { name: /^Remove / }).click();
      const confirm = ui.page.getByRole('dialog', { name: /^Remove .*\?$/ });
      await confirm
        .getByText(/It is the last contact method: Tocsin will have no way to reach Carol Chen/)
        .waitFor();
      const count = async () =>
        (await admin.call<{ contact_methods: unknown[] }>('GET', `/api/v1/users/${carol.id}`)).body
          .contact_methods.length;
      assert.equal(await count(), 1, 'nothing removed before confirming');
      await confirm.getByRole('button', { name: 'Yes, remove' }).click();
      await confirm.waitFor({ state: 'hidden' });
      for (let i = 0; i < 50 && (await count()) !== 0; i++) await ui.page.waitForTimeout(100);
      assert.equal(await count(), 0);
      await ui.page.goto(`${ui.tocsin.origin}/users`);
      await ui.page.getByRole('heading', { name: 'People' }).waitFor();
    });

    it('removes a person after asking', async () => {
      const dave = await admin.created<UserBody>('/api/v1/users', {
        name: 'Dave Doe',
        email: 'dave@example.com',
      });
      await ui.page.reload();
      await people().getByRole('button', { name: 'Remove Dave Doe' }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Remove Dave Doe?' });
      await confirm.getByText(/team memberships go too/).waitFor();
      await confirm.getByRole('button', { name: 'Yes, remove' }).click();
      await people().getByRole('cell', { name: 'dave@example.com' }).waitFor({ state: 'detached' });
      assert.equal((await admin.call('GET', `/api/v1/users/${dave.id}`)).status, 404);
    });

    it('creates a team and makes the person its manager, and the API agrees', async () => {
      await ui.page.getByRole('link', { name: 'Teams' }).click();
      await ui.page.getByRole('heading', { name: 'Teams' }).waitFor();
      const create = ui.page.getByRole('form', { name: 'Create a team' });
      await create.getByLabel('Team name').fill('Payments');
      await create.getByRole('button', { name: 'Create team' }).click();
      // The new team opens: nobody on it yet.
      await ui.page.getByText('Nobody is on this team yet.').waitFor();
      const teams = await admin.call<{ data: { id: string; name: string }[] }>('GET', '/api/v1/teams');
      const team = teams.body.data.find((t) => t.name === 'Payments');
      assert.ok(team, 'the API has the team');

      const add = ui.page.getByRole('form', { name: 'Add a member to Payments' });
      await add.getByLabel('Person').selectOption({ label: 'Carol Chen (carol@example.com)' });
      await add.getByLabel('Team role').selectOption('manager');
      await add.getByRole('button', { name: 'Add member' }).click();
      const members = ui.page.getByRole('table', { name: 'Members of Payments' });
      await members.getByRole('cell', { name: 'Carol Chen', exact: true }).waitFor();
      const api = await admin.call<{ data: { name: string; role: string }[] }>(
        'GET',
        `/api/v1/teams/${team.id}/members`,
      );
      assert.deepEqual(
        api.body.data.map((m) => [m.name, m.role]),
        [['Carol Chen', 'manager']],
      );
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'teams');
    });

    it('a viewer sees no edit controls on the people and teams pages', async () => {
      const carol = await signedInAs(browser(), DESKTOP, ui.tocsin, 'carol@example.com', '/users');
      try {
        const p = carol.page;
        await p.getByRole('table', { name: 'People' }).getByRole('cell', { name: 'Carol Chen' }).waitFor();
        assert.equal(await p.getByRole('form', { name: 'Add a person' }).count(), 0);
        assert.equal(await p.getByLabel(/^Role of/).count(), 0);
        assert.equal(await p.getByRole('button', { name: /^Remove/ }).count(), 0);

        await p.getByRole('link', { name: 'Teams' }).click();
        await p.getByRole('button', { name: /Payments/ }).click();
        await p
          .getByRole('table', { name: 'Members of Payments' })
          .getByRole('cell', { name: 'manager' })
          .waitFor();
        assert.equal(await p.getByRole('form', { name: /^Add a member/ }).count(), 0);
        assert.equal(await p.getByRole('form', { name: 'Create a team' }).count(), 0);
        assert.equal(await p.getByLabel(/^Team role of/).count(), 0);
        assert.equal(await p.getByRole('button', { name: /^Remove/ }).count(), 0);
        await assertFitsBothSizes(p);
      } finally {
        await carol.close();
      }
    });
  });
}
