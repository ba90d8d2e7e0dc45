import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { DIALECTS } from '../harness.ts';
import { e2eSession, screenshot, useBrowser } from './browser.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { adminApi } from './admin-api.ts';
import { teamOfResponders } from './oncall-fixture.ts';

/**
 * The schedule editor, part 2 (issue 17): an edit is saved in one request, all of it or nothing;
 * deleting a layer asks first and says who loses how many shifts; participants reorder by drag;
 * time off, swaps and temporary schedules are added and removed from the schedule's page.
 */
const browser = useBrowser();

const ZONE = 'Europe/Paris';
const PEOPLE = ['Alice Archer', 'Bob Baker', 'Carol Chen'];

interface LayerBody {
  id: string;
  name: string;
  handoff_time: string;
  participants: { user_id: string; name: string }[];
}
interface ScheduleBody {
  layers: LayerBody[];
}
interface PreviewBody {
  data: { source_id: string; user_name: string }[];
}

for (const dialect of DIALECTS) {
  describe(`web UI: schedule saves, layer deletes, drag, time off and swaps [${dialect}]`, () => {
    let scheduleId: string;
    let lastPreview: PreviewBody | undefined;
    const users = new Map<string, string>();
    const { call: asAdmin, created } = adminApi(() => ui.tocsin);
    const schedule = async () => (await asAdmin<ScheduleBody>('GET', `/api/v1/schedules/${scheduleId}`)).body;

    const ui = e2eSession(browser, dialect, {
      setUp: async () => {
        const team = await teamOfResponders(created, 'Support', PEOPLE);
        for (const [name, id] of team.users) users.set(name, id);
        const start = DateTime.now().setZone(ZONE).minus({ weeks: 2 }).toISODate();
        const made = await created('/api/v1/schedules', {
          name: 'Support rota',
          team_id: team.teamId,
          time_zone: ZONE,
          layers: [
            {
              name: 'Primary',
              start_date: start,
              handoff_time: '08:00',
              shift_length: 1,
              shift_unit: 'days',
              participants: [...users.values()],
            },
            {
              name: 'Nights',
              start_date: start,
              handoff_time: '20:00',
              shift_length: 1,
              shift_unit: 'days',
              restrictions: [{ type: 'daily', start: '20:00', end: '08:00' }],
              participants: [users.get('Alice Archer'), users.get('Bob Baker')],
            },
          ],
        });
        scheduleId = made.id;
      },
    });
    before(async () => {
      ui.page.on('response', (r) => {
        if (r.url().endsWith('/api/v1/schedules/preview') && r.status() === 200)
          // A body is gone once the page navigates away: that preview no longer matters.
          r.json().then(
            (b: PreviewBody) => (lastPreview = b),
            () => undefined,
          );
      });
      await ui.logIn(`/schedules/${scheduleId}/edit`);
    });

    it('refuses the whole save when one layer is wrong, changing nothing and keeping the form', async () => {
      const before = await schedule();
      await ui.page.getByLabel('Handoff time').first().fill('10:00');
      // The preview does not check names; saving does, after the first layer's change would have saved.
      await ui.page.getByLabel('Layer name').nth(1).fill('Primary');
      const refused = ui.page.waitForResponse((r) => r.request().method() === 'PUT');
      await ui.page.getByRole('button', { name: 'Save schedule' }).click();
      assert.equal((await refused).status(), 409);
      await ui.page.getByRole('alert').filter({ hasText: 'already has a layer named "Primary"' }).waitFor();
      assert.match(ui.page.url(), /\/edit$/);
      assert.equal(await ui.page.getByLabel('Handoff time').first().inputValue(), '10:00');
      assert.deepEqual(await schedule(), before, 'nothing saved, not even the first layer');
      await ui.page.getByLabel('Layer name').nth(1).fill('Nights');
    });

    it('asks before deleting a layer and says who loses how many shifts', async () => {
      const nights = (await schedule()).layers[1]!;
      await ui.page.getByText(/No gaps|gaps? with nobody on call/).waitFor();
      await ui.page.waitForTimeout(600);
      const lost = (lastPreview?.data ?? []).filter((s) => s.source_id === nights.id);
      assert.ok(lost.length > 0, 'the preview has night shifts');
      const who = [...new Set(lost.map((s) => s.user_name))].sort();
      assert.deepEqual(who, ['Alice Archer', 'Bob Baker']);

      await ui.page.getByRole('button', { name: 'Delete layer' }).nth(1).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Delete the layer Nights?' });
      const said = await dialog.getByText(/ lose \d+ shifts? in the next 2 weeks\./).textContent();
      assert.equal(said, `Alice Archer and Bob Baker lose ${lost.length} shifts in the next 2 weeks.`);
      await assertFitsBothSizes(ui.page);
      if (dialect === 'sqlite') await screenshot(ui.page, 'schedule-layer-delete');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.equal(await ui.page.getByLabel('Layer name').count(), 2, 'Cancel keeps the layer');

      await ui.page.getByRole('button', { name: 'Delete layer' }).nth(1).click();
      await dialog.getByRole('button', { name: 'Delete layer' }).click();
      assert.equal(await ui.page.getByLabel('Layer name').count(), 1);
      await ui.page.getByRole('button', { name: 'Save schedule' }).click();
      await ui.page.waitForURL(new RegExp(`/schedules/${scheduleId}$`));
      const saved = await schedule();
      assert.deepEqual(
        saved.layers.map((l) => [l.name, l.handoff_time]),
        [['Primary', '10:00']],
        'the handoff change and the delete saved together',
      );
      const audit = await asAdmin<{ data: { action: string }[] }>(
        'GET',
        `/api/v1/audit?target_type=schedule&target_id=${scheduleId}`,
      );
      assert.deepEqual(
        audit.body.data.map((e) => e.action),
        ['schedule.replace', 'schedule.create'],
        'one audit record for the whole save',
      );
    });

    it('reorders participants by dragging, numbered in order', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/schedules/${scheduleId}/edit`);
      await ui.page.getByText('3. Carol Chen').waitFor();
      const order = ui.page.getByRole('list', { name: 'Participants, in rotation order' }).first();
      await order
        .locator('li', { hasText: 'Carol Chen' })
        .dragTo(order.locator('li', { hasText: 'Alice Archer' }));
      await ui.page.getByText('1. Carol Chen').waitFor();
      await ui.page.getByText('2. Alice Archer').waitFor();
      await ui.page.getByText('3. Bob Baker').waitFor();
      // The keyboard way still works alongside.
      await ui.page
        .getByRole('group', { name: 'Primary' })
        .getByRole('button', { name: 'Move Bob Baker up' })
        .click();
      await ui.page.getByText('2. Bob Baker').waitFor();
      await ui.page.getByRole('button', { name: 'Save schedule' }).click();
      await ui.page.waitForURL(new RegExp(`/schedules/${scheduleId}$`));
      assert.deepEqual(
        (await schedule()).layers[0]!.participants.map((p) => p.name),
        ['Carol Chen', 'Bob Baker', 'Alice Archer'],
      );
    });

    it('adds and deletes time off, a swap and a temporary schedule, from the schedule page', async () => {
      const bob = users.get('Bob Baker')!;
      const tomorrow = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 1 });
      await ui.page.goto(`${ui.tocsin.origin}/schedules/${scheduleId}?view=day&date=${tomorrow.toISODate()}`);
      await ui.page.getByRole('button', { name: 'Add time off' }).click();
      const modal = ui.page.getByRole('dialog', { name: 'Add time off' });
      await modal.getByLabel('Whose time off').selectOption({ label: 'Bob Baker' });
      await modal.getByLabel('Reason').fill('Dentist');
      await modal.getByRole('button', { name: 'Add time off' }).click();
      await ui.page
        .getByRole('list', { name: 'Time off' })
        .getByText(/Bob Baker: .*\(Dentist\)/)
        .waitFor();
      // The calendar above shows it: the day from 09:00 is Bob's time off.
      await ui.page.locator('[aria-label^="Bob Baker on time off"]').first().waitFor();
      const off = await asAdmin<{ data: { id: string; reason: string }[] }>(
        'GET',
        `/api/v1/time-off?user_id=${bob}`,
      );
      assert.deepEqual(
        off.body.data.map((t) => t.reason),
        ['Dentist'],
      );
      await assertFitsBothSizes(ui.page);
      if (dialect === 'sqlite') {
        await ui.page
          .getByRole('heading', { name: 'Time off, swaps and temporary schedules' })
          .scrollIntoViewIfNeeded();
        await screenshot(ui.page, 'schedule-plans');
      }

      await ui.page.getByRole('button', { name: /^Delete time off of Bob Baker/ }).click();
      const confirm = ui.page.getByRole('dialog', { name: 'Delete this time off?' });
      await confirm.getByText(/Bob Baker is back in every rotation/).waitFor();
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await ui.page.getByRole('list', { name: 'Time off' }).waitFor({ state: 'detached' });
      const none = await asAdmin<{ data: unknown[] }>('GET', `/api/v1/time-off?user_id=${bob}`);
      assert.equal(none.body.data.length, 0);

      await ui.page.getByRole('button', { name: 'Offer a swap' }).click();
      const swap = ui.page.getByRole('dialog', { name: 'Offer a swap' });
      await swap.getByLabel('Whose shifts').selectOption({ label: 'Alice Archer' });
      await swap.getByLabel('Offer to').selectOption({ label: 'Bob Baker' });
      await swap.getByLabel('End').fill(tomorrow.plus({ days: 4 }).toFormat("yyyy-MM-dd'T'HH:mm"));
      await swap.getByRole('button', { name: 'Offer swap' }).click();
      await ui.page
        .getByRole('list', { name: 'Pending swaps' })
        .getByText(/Alice Archer offers .* to Bob Baker/)
        .waitFor();
      await ui.page.getByRole('button', { name: 'Withdraw' }).click();
      const withdraw = ui.page.getByRole('dialog', { name: 'Withdraw this swap?' });
      await withdraw.getByText(/Alice Archer keeps their shifts/).waitFor();
      await withdraw.getByRole('button', { name: 'Withdraw swap' }).click();
      await ui.page.getByRole('list', { name: 'Pending swaps' }).waitFor({ state: 'detached' });
      const swaps = await asAdmin<{ data: { status: string }[] }>(
        'GET',
        `/api/v1/schedules/${scheduleId}/swaps`,
      );
      assert.deepEqual(
        swaps.body.data.map((s) => s.status),
        ['cancelled'],
      );

      await ui.page.getByRole('button', { name: 'Add a temporary schedule' }).click();
      const plan = ui.page.getByRole('dialog', { name: 'Add a temporary schedule' });
      await plan.getByLabel('Who is on call').selectOption({ label: 'Carol Chen' });
      await plan.getByLabel('Name').fill('Offsite');
      await plan.getByRole('button', { name: 'Add temporary schedule' }).click();
      await ui.page
        .getByRole('list', { name: 'Temporary schedules' })
        .getByText(/^Offsite: .*Carol Chen$/)
        .waitFor();
      // The calendar above has it: tomorrow from 09:00 is Carol's, from the plan.
      await ui.page.locator('[aria-label*="Carol Chen on call (temporary schedule)"]').first().waitFor();
      await ui.page.getByRole('button', { name: 'Delete temporary schedule Offsite' }).click();
      const drop = ui.page.getByRole('dialog', { name: 'Delete this temporary schedule?' });
      await drop.getByText(/the layers decide who is on call again/).waitFor();
      await drop.getByRole('button', { name: 'Delete' }).click();
      await ui.page.getByRole('list', { name: 'Temporary schedules' }).waitFor({ state: 'detached' });
      const plans = await asAdmin<{ data: unknown[] }>(
        'GET',
        `/api/v1/schedules/${scheduleId}/temporary-schedules`,
      );
      assert.equal(plans.body.data.length, 0);
    });
  });
}
