import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { DIALECTS } from '../harness.ts';
import { PHONE, e2eSession, seriousViolations, useBrowser } from './browser.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { adminApi } from './admin-api.ts';
import { dailyRotation } from './oncall-fixture.ts';

/**
 * The on-call pages in a real browser (issue 16): schedules with who is on call now, a rotation
 * of three people in the calendar with its weekly gap and time off, an override made by clicking
 * a shift (the API's shifts then carry it), and the person's calendar feed URL. axe-core on
 * each page, desktop and phone.
 */
const browser = useBrowser();

const ZONE = 'Europe/Paris';
const PEOPLE = ['Alice Archer', 'Bob Baker', 'Carol Chen'];

interface ShiftBody {
  user_id: string;
  user_name: string | null;
  start: string;
  end: string;
  source: string;
}

for (const dialect of DIALECTS) {
  describe(`web UI: on-call in the browser [${dialect}]`, () => {
    let scheduleId: string;
    const users = new Map<string, string>();
    // Next week, Monday to Monday in the schedule's zone: all of it after the schedule was made
    // (shifts exist from then on, history is not rewritten), one click from where the calendar opens.
    const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
    const week = { from: monday.toUTC().toISO()!, to: monday.plus({ weeks: 1 }).toUTC().toISO()! };
    const { call: asAdmin, created } = adminApi(() => ui.tocsin);
    const weekShifts = async () =>
      (
        await asAdmin<{ data: ShiftBody[]; gaps: unknown[] }>(
          'GET',
          `/api/v1/schedules/${scheduleId}/shifts?from=${encodeURIComponent(week.from)}&to=${encodeURIComponent(week.to)}`,
        )
      ).body;

    const ui = e2eSession(browser, dialect, {
      path: '/schedules',
      setUp: async () => {
        // Daily handoffs at 08:00 between three people, and nobody from Sunday noon to Monday.
        const rota = await dailyRotation(created, {
          team: 'Platform',
          name: 'Platform primary',
          people: PEOPLE,
          zone: ZONE,
          start: monday.minus({ weeks: 2 }).toISODate()!,
          restrictions: [{ type: 'weekly', start_day: 'mon', start: '00:00', end_day: 'sun', end: '12:00' }],
        });
        for (const [name, id] of rota.users) users.set(name, id);
        scheduleId = rota.scheduleId;
        await created('/api/v1/time-off', {
          user_id: users.get('Bob Baker'),
          start: monday.plus({ days: 3, hours: 9 }).toUTC().toISO(),
          end: monday.plus({ days: 3, hours: 17 }).toUTC().toISO(),
          reason: 'dentist',
        });
      },
    });

    it('lists schedules with their team and who is on call now, and makes my feed URL', async () => {
      const item = ui.page.getByRole('list', { name: 'Schedules' }).getByRole('listitem');
      await item.getByRole('link', { name: 'Platform primary' }).waitFor();
      await item.getByText(/Platform · Europe\/Paris/).waitFor();
      const now = await asAdmin<{ data: { user_name: string | null }[] }>(
        'GET',
        `/api/v1/oncall?schedule_id=${scheduleId}`,
      );
      const who = now.body.data[0]?.user_name ?? null;
      await item.getByText(who === null ? 'nobody' : who).waitFor();

      await ui.page.getByRole('button', { name: 'Create my feed URL' }).click();
      const field = ui.page.getByRole('textbox', { name: 'Feed URL' });
      await field.waitFor();
      const url = await field.inputValue();
      assert.match(url, /\/api\/v1\/users\/[^/]+\/ical\?token=/);
      await ui.page.getByRole('button', { name: 'Copy' }).waitFor();
      const feed = await fetch(url.replace(/^https?:\/\/[^/]+/, ui.tocsin.origin));
      assert.equal(feed.status, 200);
      assert.match(await feed.text(), /BEGIN:VCALENDAR/);
      await assertFitsBothSizes(ui.page);
      await ui.screenshot(ui.page, 'schedules-desktop');
    });

    it('shows the rotation, its gap and time off in the week, and overrides a picked shift', async () => {
      await ui.page.getByRole('link', { name: 'Platform primary' }).click();
      await ui.page.getByRole('heading', { name: 'Platform primary' }).waitFor();
      await ui.page.getByRole('button', { name: 'Next week' }).click();
      const range = `${monday.toFormat('d LLL')} – ${monday.plus({ days: 6 }).toFormat('d LLL yyyy')}`;
      await ui.page.getByRole('heading', { name: range }).waitFor();
      for (const name of PEOPLE) {
        await ui.page
          .getByRole('button', { name: new RegExp(`: ${name} on call \\(Primary\\)`) })
          .first()
          .waitFor();
      }
      await ui.page
        .getByRole('note', { name: /^Gap, nobody on call, Sun/ })
        .first()
        .waitFor();
      await ui.page.getByRole('note', { name: /^Bob Baker on time off/ }).waitFor();
      await ui.page.getByRole('list', { name: 'People' }).getByText('Carol Chen').waitFor();
      await assertFitsBothSizes(ui.page);

      // Alice's shift on Tuesday, given to Carol.
      const before = await weekShifts();
      const tuesday = ui.page.getByRole('group', { name: monday.plus({ days: 1 }).toFormat('cccc d LLLL') });
      await tuesday
        .getByRole('button', { name: /: (Alice Archer|Bob Baker|Carol Chen) on call/ })
        .first()
        .click();
      const dialog = ui.page.getByRole('dialog', { name: 'Override a shift' });
      await dialog.waitFor();
      const start = DateTime.fromISO(await dialog.getByLabel('Start').inputValue(), { zone: ZONE });
      const end = DateTime.fromISO(await dialog.getByLabel('End').inputValue(), { zone: ZONE });
      const picked = before.data.find((s) => Date.parse(s.start) === start.toMillis());
      assert.ok(picked, 'the form holds the start of a shift of the schedule');
      assert.equal(Date.parse(picked.end), end.toMillis(), 'and its end');
      const replacement =
        PEOPLE.find((n) => users.get(n) !== picked.user_id && n !== 'Bob Baker') ?? 'Bob Baker';
      assert.deepEqual(await seriousViolations(ui.page), []);
      await dialog.getByLabel('Replacement').selectOption({ label: replacement });
      await dialog.getByRole('button', { name: 'Create override' }).click();
      await dialog.waitFor({ state: 'detached' });
      await ui.page
        .getByRole('button', { name: new RegExp(`: ${replacement} on call \\(override\\)`) })
        .first()
        .waitFor();

      const after = await weekShifts();
      const override = after.data.find((s) => s.source === 'override');
      assert.ok(override, JSON.stringify(after.data));
      assert.equal(override.user_id, users.get(replacement));
      assert.equal(Date.parse(override.start), start.toMillis());
      assert.equal(Date.parse(override.end), end.toMillis());
      await ui.page.mouse.move(0, 0);
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.screenshot(ui.page, 'calendar');
    });

    it('refuses a bad override with the API message at the field', async () => {
      await ui.page
        .getByRole('button', { name: /on call \(Primary\)/ })
        .first()
        .click();
      const dialog = ui.page.getByRole('dialog', { name: 'Override a shift' });
      const end = dialog.getByLabel('End');
      await end.fill(await dialog.getByLabel('Start').inputValue());
      await dialog.getByRole('button', { name: 'Create override' }).click();
      await dialog.getByText(/^end: /).waitFor();
      assert.equal(await end.getAttribute('aria-invalid'), 'true');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    });

    it('opens on the day view on a phone, and switches to month', async () => {
      await ui.page.setViewportSize(PHONE);
      await ui.page.goto(`${ui.tocsin.origin}/schedules/${scheduleId}`);
      await ui.page
        .getByRole('heading', { name: DateTime.now().setZone(ZONE).toFormat('cccc d LLLL yyyy') })
        .waitFor();
      // Today's blocks: a shift (a button, to override it), a gap (a note: nothing to override), or
      // nothing. Which one depends on the hour the test runs (the restriction ends Sunday noon).
      await ui.page
        .getByRole('button', { name: /on call/ })
        .or(ui.page.getByRole('note', { name: /^Gap, nobody on call/ }))
        .or(ui.page.getByText('Nothing scheduled'))
        .first()
        .waitFor();
      await assertFitsBothSizes(ui.page);
      await ui.page.setViewportSize(PHONE);
      await ui.screenshot(ui.page, 'calendar-phone');
      await ui.page.getByText('Month', { exact: true }).click();
      await ui.page
        .getByRole('heading', { name: DateTime.now().setZone(ZONE).toFormat('LLLL yyyy') })
        .waitFor();
      await assertFitsBothSizes(ui.page);
    });
  });
}
