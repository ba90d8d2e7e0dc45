import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { DIALECTS } from '../harness.ts';
import { adminApi, PASSWORD, signedInAs } from './admin-api.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { DESKTOP, e2eSession, useBrowser } from './browser.ts';

/**
 * Escalation policies in a real browser (issue 17): a two-level policy built in the editor,
 * its levels reordered with the keyboard-friendly buttons, saved, and the API agrees; each
 * level previews who it would page now; a 400 shows by its field with the form kept; deleting
 * a policy in use shows the services; a responder who does not manage the team sees no edit
 * controls; axe at desktop and 375 px.
 */
const browser = useBrowser();

interface PolicyBody {
  name: string;
  levels: { delay_minutes: number; targets: { type: string; id: string }[] }[];
}

for (const dialect of DIALECTS) {
  describe(`web UI: escalation policies [${dialect}]`, () => {
    const ids = { team: '', alice: '', bob: '', schedule: '', policy: '' };
    const admin = adminApi(() => ui.tocsin);
    const level = (n: number) => ui.page.getByRole('group', { name: `Level ${n}`, exact: true });

    const ui = e2eSession(browser, dialect, {
      path: '/escalation-policies',
      setUp: async () => {
        ids.team = (await admin.created('/api/v1/teams', { name: 'Ops' })).id;
        for (const [key, name] of [
          ['alice', 'Alice Adams'],
          ['bob', 'Bob Baker'],
        ] as const) {
          ids[key] = (
            await admin.created('/api/v1/users', {
              name,
              email: `${key}@example.com`,
              role: 'responder',
              password: PASSWORD,
            })
          ).id;
          await admin.created(`/api/v1/teams/${ids.team}/members`, { user_id: ids[key] });
        }
        // Bob alone on a daily rotation that began two weeks ago: on call now, whatever the hour.
        ids.schedule = (
          await admin.created('/api/v1/schedules', {
            name: 'Ops primary',
            team_id: ids.team,
            time_zone: 'UTC',
            layers: [
              {
                name: 'Primary',
                start_date: DateTime.utc().minus({ weeks: 2 }).toISODate(),
                handoff_time: '08:00',
                shift_length: 1,
                shift_unit: 'days',
                participants: [ids.bob],
              },
            ],
          })
        ).id;
      },
    });
    before(async () => {
      await ui.page.getByRole('heading', { name: 'Escalation policies' }).waitFor();
    });

    it('builds a two-level policy, reorders it, saves, and the API agrees', async () => {
      await ui.page.getByRole('link', { name: 'New policy' }).click();
      await ui.page.getByRole('heading', { name: 'New escalation policy' }).waitFor();
      await ui.page.getByLabel(/^Name/).fill('Checkout primary');
      await ui.page.getByLabel('Owning team').selectOption({ label: 'Ops' });
      await level(1)
        .getByLabel('User for level 1 target 1')
        .selectOption({ label: 'Alice Adams (alice@example.com)' });
      await level(1)
        .getByLabel(/^Minutes before/)
        .fill('5');
      await level(1).getByText('Fires at once: pages Alice Adams').waitFor();

      await ui.page.getByRole('button', { name: 'Add level' }).click();
      await level(2).getByLabel('Type of level 2 target 1').selectOption('schedule');
      await level(2).getByLabel('Schedule for level 2 target 1').selectOption({ label: 'Ops primary' });
      await level(2)
        .getByLabel(/^Minutes before/)
        .fill('10');
      // The preview resolves the schedule to whoever is on call now (GET /api/v1/oncall).
      await level(2).getByText('Fires after 5 min: pages Bob Baker').waitFor();

      const up = ui.page.getByRole('button', { name: 'Move up level 2' });
      await up.focus();
      await ui.page.keyboard.press('Enter');
      await level(1).getByText('Fires at once: pages Bob Baker').waitFor();
      await level(2).getByText('Fires after 10 min: pages Alice Adams').waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'policy-editor');

      await ui.page.getByRole('button', { name: 'Save policy' }).click();
      await ui.page.getByRole('button', { name: 'Edit policy' }).waitFor();
      await ui.page.getByRole('heading', { name: 'Checkout primary' }).waitFor();
      ids.policy = new URL(ui.page.url()).pathname.split('/').at(-1)!;
      const saved = await admin.call<PolicyBody>('GET', `/api/v1/escalation-policies/${ids.policy}`);
      assert.equal(saved.status, 200);
      assert.deepEqual(
        saved.body.levels.map((l) => [l.delay_minutes, l.targets]),
        [
          [10, [{ type: 'schedule', id: ids.schedule }]],
          [5, [{ type: 'user', id: ids.alice }]],
        ],
      );
      await ui.page.getByRole('listitem', { name: 'Level 2' }).getByText('after 10 min').waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'policy');
    });

    it('shows a 400 by its field and keeps what was typed', async () => {
      await ui.page.getByRole('button', { name: 'Edit policy' }).click();
      const delay = level(1).getByLabel(/^Minutes before/);
      await delay.fill('5000');
      await ui.page.getByRole('button', { name: 'Save policy' }).click();
      await level(1)
        .getByText(/body\.levels\.0\.delay_minutes must be <= 1440/)
        .waitFor();
      assert.equal(await delay.getAttribute('aria-invalid'), 'true');
      assert.equal(await delay.inputValue(), '5000', 'typed text kept');
      const kept = await admin.call<PolicyBody>('GET', `/api/v1/escalation-policies/${ids.policy}`);
      assert.equal(kept.body.levels[0]!.delay_minutes, 10, 'nothing saved');
      await ui.page.getByRole('button', { name: 'Cancel' }).click();
      await ui.page.getByRole('button', { name: 'Edit policy' }).waitFor();
    });

    it('deleting a policy that services use shows those services', async () => {
      await admin.created('/api/v1/services', {
        name: 'checkout',
        team_id: ids.team,
        escalation_policy_id: ids.policy,
      });
      await ui.page.reload();
      await ui.page.getByRole('button', { name: 'Delete policy' }).click();
      await ui.page.getByRole('button', { name: 'Yes, delete' }).click();
      const alert = ui.page.getByRole('alert').filter({ hasText: 'Could not delete the policy' });
      await alert.getByText('still used by services: checkout').waitFor();
      await alert
        .getByRole('list', { name: 'Services using this policy' })
        .getByRole('link', { name: 'checkout' })
        .waitFor();
      const still = await admin.call('GET', `/api/v1/escalation-policies/${ids.policy}`);
      assert.equal(still.status, 200, 'the policy is kept');
      await assertFitsBothSizes(ui.page);
    });

    it('a responder who does not manage the team sees no edit controls', async () => {
      const alice = await signedInAs(
        browser(),
        DESKTOP,
        ui.tocsin,
        'alice@example.com',
        `/escalation-policies/${ids.policy}`,
      );
      try {
        await alice.page.getByRole('heading', { name: 'Checkout primary' }).waitFor();
        await alice.page.getByRole('listitem', { name: 'Level 1' }).waitFor();
        for (const name of ['Edit policy', 'Delete policy'])
          assert.equal(await alice.page.getByRole('button', { name }).count(), 0, name);
        await alice.page.getByRole('link', { name: 'All escalation policies' }).click();
        await alice.page.getByRole('link', { name: 'Checkout primary' }).waitFor();
        assert.equal(await alice.page.getByRole('link', { name: 'New policy' }).count(), 0);
      } finally {
        await alice.close();
      }
    });
  });
}
