import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DIALECTS, api } from '../harness.ts';
import { adminApi, PASSWORD } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { PHONE, e2eSession, logIn, newContext, seriousViolations, useBrowser } from './browser.ts';

/**
 * People admin in a real browser (issue 17): an admin deactivates someone after a confirmation
 * naming the schedule and policy that stop paging them, and they can no longer log in; an
 * invite link opened in a fresh browser sets a password and logs in; a token created for
 * someone is shown once, revoked, then refused by the API; a team is renamed, and removing a member
 * or deleting it names the policy that pages the team and what it still owns. Axe at desktop and 375 px.
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: people admin [${dialect}]`, () => {
    const admin = adminApi(() => ui.tocsin);
    const people = () => ui.page.getByRole('table', { name: 'People' });
    const row = (name: string) => people().getByRole('row').filter({ hasText: name });

    const ui = e2eSession(browser, dialect, {
      path: '/users',
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'People' }).waitFor();
    });

    it('deactivates someone after saying what changes; they cannot log in; reactivation restores it', async () => {
      const erin = await admin.created<{ id: string }>('/api/v1/users', {
        name: 'Erin Example',
        email: 'erin@example.com',
        role: 'responder',
        password: PASSWORD,
      });
      const team = await admin.created<{ id: string }>('/api/v1/teams', { name: 'Storage' });
      await admin.created(`/api/v1/teams/${team.id}/members`, { user_id: erin.id });
      await admin.created('/api/v1/schedules', {
        name: 'Storage primary',
        team_id: team.id,
        time_zone: 'UTC',
        layers: [
          {
            start_date: '2024-01-01',
            handoff_time: '09:00',
            shift_length: 1,
            shift_unit: 'days',
            participants: [erin.id],
          },
        ],
      });
      await admin.created('/api/v1/escalation-policies', {
        name: 'Storage escalation',
        levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: erin.id }] }],
      });
      await ui.page.reload();
      await row('Erin Example').getByText('active', { exact: true }).waitFor();

      await row('Erin Example').getByRole('button', { name: 'Deactivate Erin Example' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Deactivate Erin Example?' });
      await dialog
        .getByText(
          'Erin Example is on schedule “Storage primary” and in policy “Storage escalation” and on team “Storage”; they will not be paged.',
          { exact: false },
        )
        .waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the confirmation is axe clean');
      await dialog.getByRole('button', { name: 'Deactivate Erin Example' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row('Erin Example').getByText('deactivated', { exact: true }).waitFor();
      const got = await admin.call<{ status: string }>('GET', `/api/v1/users/${erin.id}`);
      assert.equal(got.body.status, 'deactivated');

      const other = await newContext(browser(), PHONE);
      try {
        const p = await other.newPage();
        await logIn(p, ui.tocsin.origin, 'erin@example.com', PASSWORD, '/now');
        await p
          .getByRole('alert')
          .getByText(/deactivated/)
          .waitFor();
        assert.ok(p.url().includes('/login'), 'still on the login page');
      } finally {
        await other.close();
      }

      await row('Erin Example').getByRole('button', { name: 'Reactivate Erin Example' }).click();
      await ui.page
        .getByRole('dialog', { name: 'Reactivate Erin Example?' })
        .getByRole('button', { name: 'Reactivate Erin Example' })
        .click();
      await row('Erin Example').getByText('active', { exact: true }).waitFor();
      const login = await api(ui.tocsin.app, 'POST', '/api/v1/auth/login', {
        token: null,
        body: { email: 'erin@example.com', password: PASSWORD },
      });
      assert.equal(login.status, 200, 'reactivated: login works');
    });

    it('invites someone; the link opened in a fresh browser sets a password and logs in', async () => {
      const form = ui.page.getByRole('form', { name: 'Invite a person' });
      await form.getByLabel('Name').fill('Ivy Invited');
      await form.getByLabel('Email').fill('ivy@example.com');
      await form.getByLabel('Role').selectOption('viewer');
      await form.getByRole('button', { name: 'Create invite link' }).click();
      const link = (await form.getByLabel('Invite link', { exact: true }).textContent()) ?? '';
      assert.match(link, /\/invite\/inv_/);
      await row('Ivy Invited').getByText('invited', { exact: true }).waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'users');
      await ui.page.reload();
      await ui.page.getByRole('heading', { name: 'People' }).waitFor();
      assert.equal(await ui.page.getByLabel('Invite link', { exact: true }).count(), 0, 'shown once');

      const fresh = await newContext(browser(), PHONE);
      try {
        const p = await fresh.newPage();
        await p.goto(`${ui.tocsin.origin}${new URL(link).pathname}`);
        const choose = p.getByRole('form', { name: 'Choose your password' });
        await choose.getByText('Ivy Invited (ivy@example.com)', { exact: false }).waitFor();
        assert.deepEqual(await seriousViolations(p), [], 'the invite page is axe clean at 375 px');
        await choose.getByLabel(/^New password \(at least/).fill('too short');
        await choose.getByLabel('New password again').fill('too short');
        await choose.getByRole('button', { name: 'Set password and log in' }).click();
        await choose.getByText(/^body\.password/).waitFor();
        await choose.getByLabel(/^New password \(at least/).fill(PASSWORD);
        await choose.getByLabel('New password again').fill(PASSWORD);
        await choose.getByRole('button', { name: 'Set password and log in' }).click();
        await p.waitForURL(/\/now$/);
        await p.getByRole('button', { name: 'Log out' }).waitFor();
        await ui.screenshot(p, 'invite-accepted');

        await p.goto(`${ui.tocsin.origin}${new URL(link).pathname}`);
        await p
          .getByRole('alert')
          .getByText(/used already/)
          .waitFor();
      } finally {
        await fresh.close();
      }
      await ui.page.reload();
      await row('Ivy Invited').getByText('active', { exact: true }).waitFor();
    });

    it('gives someone added without a password an invite link, and says they have none', async () => {
      await admin.created('/api/v1/users', {
        name: 'Nora Nopass',
        email: 'nora@example.com',
        role: 'responder',
      });
      await ui.page.reload();
      const nora = row('Nora Nopass');
      await nora.getByText('active', { exact: true }).waitFor();
      await nora.getByText('no password yet').waitFor();
      await nora.getByRole('button', { name: 'New invite link for Nora Nopass' }).click();
      const link = (await ui.page.getByLabel('Invite link', { exact: true }).textContent()) ?? '';
      assert.match(link, /\/invite\/inv_/);
      assert.equal(
        await row('Ivy Invited')
          .getByRole('button', { name: /^New invite link/ })
          .count(),
        0,
        'not for someone with a password',
      );
    });

    it('creates a token for someone, shown once; revoked after asking; the API refuses it', async () => {
      const tokens = ui.page.getByRole('form', { name: 'Create API token' });
      await tokens.getByLabel('Token name').fill('ivy backup script');
      await tokens.getByLabel('Owner').selectOption({ label: 'Ivy Invited (viewer)' });
      await tokens.getByRole('button', { name: 'Create token' }).click();
      const secret = (await tokens.getByLabel('New API token').textContent()) ?? '';
      assert.match(secret, /^tcs_/);
      const me = await api<{ user: { email: string } }>(ui.tocsin.app, 'GET', '/api/v1/auth/me', {
        token: secret,
      });
      assert.equal(me.body.user.email, 'ivy@example.com', 'the token acts as its owner');
      const table = ui.page.getByRole('table', { name: 'API tokens' });
      const tokenRow = table.getByRole('row').filter({ hasText: 'ivy backup script' });
      await tokenRow.getByRole('cell', { name: 'Ivy Invited' }).waitFor();

      await tokenRow.getByRole('button', { name: 'Revoke ivy backup script' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Revoke ivy backup script?' });
      await dialog.getByText(/on behalf of Ivy Invited/).waitFor();
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      await tokenRow.waitFor({ state: 'detached' });
      const refused = await api(ui.tocsin.app, 'GET', '/api/v1/auth/me', { token: secret });
      assert.equal(refused.status, 401, 'the revoked token is refused');
    });

    it('renames a team; removing a member and deleting the team say first what else changes', async () => {
      const teams = await admin.call<{ data: { id: string; name: string }[] }>('GET', '/api/v1/teams');
      const storage = teams.body.data.find((t) => t.name === 'Storage')!;
      await admin.created('/api/v1/escalation-policies', {
        name: 'Storage team escalation',
        levels: [{ delay_minutes: 10, targets: [{ type: 'team', id: storage.id }] }],
      });
      await ui.page.getByRole('link', { name: 'Teams' }).click();
      await ui.page.getByRole('button', { name: /^Storage/ }).click();
      const edit = ui.page.getByRole('form', { name: 'Edit Storage' });
      await edit.getByLabel('Team name').fill('Storage and backups');
      await edit.getByRole('button', { name: 'Save team' }).click();
      await ui.page.getByRole('button', { name: /^Storage and backups/ }).waitFor();
      const renamed = await admin.call<{ name: string }>('GET', `/api/v1/teams/${storage.id}`);
      assert.equal(renamed.body.name, 'Storage and backups');

      const members = ui.page.getByRole('table', { name: 'Members of Storage and backups' });
      await members.getByRole('button', { name: 'Remove Erin Example from Storage and backups' }).click();
      const removal = ui.page.getByRole('dialog', { name: 'Remove Erin Example from Storage and backups?' });
      await removal
        .getByText(
          '“Storage team escalation” pages Storage and backups: Erin Example is no longer paged through it.',
        )
        .waitFor();
      await removal.getByRole('button', { name: 'Remove from team' }).click();
      await ui.page.getByText('Nobody is on this team yet.').waitFor();

      await ui.page.getByRole('button', { name: 'Delete team' }).click();
      const deletion = ui.page.getByRole('dialog', { name: 'Delete Storage and backups?' });
      await deletion.getByText(/It still owns “Storage primary”/).waitFor();
      await deletion.getByText(/“Storage team escalation” page this team/).waitFor();
      assert.deepEqual(await seriousViolations(ui.page), [], 'the confirmation is axe clean');
      await deletion.getByRole('button', { name: 'Delete team' }).click();
      await deletion
        .getByRole('alert')
        .getByText(/still owns schedules: Storage primary/)
        .waitFor();
      assert.equal(
        (await admin.call('GET', `/api/v1/teams/${storage.id}`)).status,
        200,
        'refused: still there',
      );
    });
  });
}
