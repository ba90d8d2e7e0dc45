import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import { e2eSession, seriousViolations, useBrowser } from './browser.ts';
import { assertFitsBothSizes } from './both-sizes.ts';
import { adminApi } from './admin-api.ts';
import { dailyRotation } from './oncall-fixture.ts';

/**
 * The schedule editor in a real browser (issue 17): a rotation edited in the form shows its
 * calendar before saving (POST /api/v1/schedules/preview), and once saved the schedule's shifts
 * (GET /api/v1/schedules/:id/shifts) and its calendar page are exactly that preview. A 400 shows
 * at the field it names; axe-core at desktop and 375 px.
 */
const browser = useBrowser();

const ZONE = 'Europe/Paris';
const PEOPLE = ['Alice Archer', 'Bob Baker', 'Carol Chen'];

interface ShiftBody {
  user_id: string;
  user_name: string;
  start: string;
  end: string;
  source: string;
  source_id: string;
}

/** The shifts from `from` on, cut there: the part of a preview no later save moment can change. */
const since = (list: ShiftBody[], from: string) =>
  list
    .filter((s) => Date.parse(s.end) > Date.parse(from))
    .map((s) => ({
      user_id: s.user_id,
      start: new Date(Math.max(Date.parse(s.start), Date.parse(from))).toISOString(),
      end: s.end,
      source: s.source,
      source_id: s.source_id,
    }));

/**
 * What the calendar says of each of these shifts in the week from `monday`: one line per day a
 * shift touches, its whole span in the schedule's zone (Calendar.tsx, describe()).
 */
function labelsOf(list: ShiftBody[], monday: DateTime): string[] {
  const labels: string[] = [];
  const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
  const fmt = (t: DateTime) => t.toFormat('ccc d LLL HH:mm');
  for (let day = monday; day < monday.plus({ weeks: 1 }); day = day.plus({ days: 1 }))
    for (const s of list)
      if (at(s.start) < day.plus({ days: 1 }) && at(s.end) > day)
        labels.push(`${s.user_name} on call (Primary), ${fmt(at(s.start))} – ${fmt(at(s.end))}`);
  return labels.sort();
}

/** What a calendar says of each shift in a week, as read aloud (both calendars use the same words). */
async function shiftsSaid(page: Page, scope: string): Promise<string[]> {
  const labels: string[] = [];
  for (const el of await page.locator(`${scope} [aria-label*=" on call ("]`).all())
    labels.push((await el.getAttribute('aria-label')) ?? '');
  return labels.map((l) => l.replace(/^.*?: (.* on call .*)\. Override this shift$/, '$1')).sort();
}

for (const dialect of DIALECTS) {
  describe(`web UI: the schedule editor [${dialect}]`, () => {
    let scheduleId: string;
    const users = new Map<string, string>();
    const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
    const { call: asAdmin, created } = adminApi(() => ui.tocsin);

    const ui = e2eSession(browser, dialect, {
      path: () => `/schedules/${scheduleId}`,
      setUp: async () => {
        const rota = await dailyRotation(created, {
          team: 'Support',
          name: 'Support primary',
          people: PEOPLE,
          zone: ZONE,
          start: monday.minus({ weeks: 2 }).toISODate()!,
        });
        for (const [name, id] of rota.users) users.set(name, id);
        scheduleId = rota.scheduleId;
      },
    });

    it('shows a 400 at the field it names and keeps what was typed', async () => {
      await ui.page.getByRole('link', { name: 'Edit schedule' }).click();
      const date = ui.page.getByLabel('First handoff date');
      await date.fill('');
      // The preview checks as saving would: its 400 names layers.0.start_date.
      await ui.page
        .getByText(/body\.layers\.0\.start_date must match pattern/)
        .first()
        .waitFor();
      assert.equal(await date.getAttribute('aria-invalid'), 'true');
      const refused = ui.page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/v1/schedules/${scheduleId}`),
      );
      await ui.page.getByRole('button', { name: 'Save schedule' }).click();
      // The save's own 400 (PUT /schedules/:id names body.layers.0.start_date) lands at the same field.
      assert.equal((await refused).status(), 400);
      await ui.page
        .getByText(/body\.layers\.0\.start_date must match pattern/)
        .first()
        .waitFor();
      assert.equal(await date.getAttribute('aria-invalid'), 'true');
      assert.match(ui.page.url(), /\/edit$/, 'still editing');
      assert.equal(await ui.page.getByLabel('Layer name').inputValue(), 'Primary');
      await date.fill(monday.minus({ weeks: 2 }).toISODate()!);
      await ui.page.getByText(/No gaps|gaps? with nobody on call/).waitFor();
      assert.notEqual(await date.getAttribute('aria-invalid'), 'true');
    });

    it('previews an edited rotation before saving, exactly as the saved schedule computes', async () => {
      const wanted = [users.get('Carol Chen'), users.get('Alice Archer'), users.get('Bob Baker')];
      // Waited for from before the first change: the preview follows the form a moment after it.
      const settled = ui.page.waitForResponse((r) => {
        if (!r.url().endsWith('/api/v1/schedules/preview')) return false;
        const layer = (r.request().postDataJSON() as { layers: Record<string, unknown>[] }).layers[0]!;
        const restriction = (layer.restrictions as { end?: string }[])[0];
        return (
          layer.shift_unit === 'weeks' &&
          layer.handoff_time === '10:00' &&
          JSON.stringify(layer.participants) === JSON.stringify(wanted) &&
          restriction?.end === '20:00'
        );
      });
      // Awaited below; a step failing before then must not leave it rejecting unobserved.
      settled.catch(() => undefined);
      await ui.page.getByLabel('Rotation type').selectOption('weekly');
      await ui.page.getByLabel('Handoff time').fill('10:00');
      await ui.page.getByRole('button', { name: 'Move Carol Chen up' }).click();
      await ui.page.getByRole('button', { name: 'Move Carol Chen up' }).click();
      await ui.page.getByRole('button', { name: 'Add restriction' }).click();
      await ui.page.getByLabel('Restriction 1', { exact: true }).selectOption('weekly');
      await ui.page.getByLabel('From', { exact: true }).fill('08:00');
      await ui.page.getByLabel('To', { exact: true }).fill('20:00');
      const response = await settled;
      const preview = (await response.json()) as {
        from: string;
        to: string;
        data: ShiftBody[];
        gaps: unknown[];
      };
      assert.ok(
        preview.data.length > 0 && preview.gaps.length > 0,
        'Monday 08:00 to Friday 20:00 only: the weekend is a gap',
      );
      const nextWeek = `[aria-label="Week of ${monday.toFormat('d LLLL')}"]`;
      await ui.page.locator(`${nextWeek} [aria-label*=" on call (Primary)"]`).first().waitFor();
      await ui.page.getByText(/\d+ gaps with nobody on call/).waitFor();
      const shown = await shiftsSaid(ui.page, nextWeek);
      assert.ok(shown.length > 0);
      await assertFitsBothSizes(ui.page);
      if (dialect === 'sqlite') {
        await ui.page.evaluate('window.scrollTo(0, 0)');
        await ui.screenshot(ui.page, 'schedule-editor');
      }

      await ui.page.getByRole('button', { name: 'Save schedule' }).click();
      await ui.page.waitForURL(new RegExp(`/schedules/${scheduleId}$`));
      const saved = await asAdmin<{ data: ShiftBody[]; gaps: unknown[] }>(
        'GET',
        `/api/v1/schedules/${scheduleId}/shifts?from=${encodeURIComponent(preview.from)}&to=${encodeURIComponent(preview.to)}`,
      );
      assert.equal(saved.status, 200);
      // From tomorrow on, clear of the seconds between previewing and saving (the change applies from the save).
      const tomorrow = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 1 }).toUTC().toISO()!;
      assert.deepEqual(since(saved.body.data, tomorrow), since(preview.data, tomorrow));
      // And what the page said before saving is, word for word, what the API now has for that week.
      assert.deepEqual(
        shown,
        labelsOf(saved.body.data, monday),
        'the preview read on the page is the saved shifts',
      );

      await ui.page.goto(`${ui.tocsin.origin}/schedules/${scheduleId}?view=week&date=${monday.toISODate()}`);
      await ui.page.locator('main [aria-label*=" on call (Primary)"]').first().waitFor();
      assert.deepEqual(await shiftsSaid(ui.page, 'main'), shown, 'the calendar is the preview');
    });

    it('creates a schedule with its first layer, previewed before it exists', async () => {
      await ui.page.goto(`${ui.tocsin.origin}/schedules/new`);
      await ui.page.getByRole('textbox', { name: /^Name/ }).fill('Support secondary');
      await ui.page.getByLabel('Time zone').fill(ZONE);
      await ui.page.getByLabel('Person to add').selectOption({ label: 'Bob Baker' });
      await ui.page.getByRole('button', { name: 'Add to rotation' }).click();
      await ui.page.getByText('1. Bob Baker').waitFor();
      await ui.page.locator('[aria-label*="Bob Baker on call (Layer 1)"]').first().waitFor();
      assert.deepEqual(await seriousViolations(ui.page), []);
      await ui.page.getByRole('button', { name: 'Create schedule' }).click();
      await ui.page.waitForURL(/\/schedules\/sch_[0-9A-Z]+$/);
      const id = ui.page.url().split('/').at(-1)!;
      const made = await asAdmin<{
        name: string;
        time_zone: string;
        layers: { participants: { name: string }[] }[];
      }>('GET', `/api/v1/schedules/${id}`);
      assert.equal(made.body.name, 'Support secondary');
      assert.equal(made.body.time_zone, ZONE);
      assert.deepEqual(
        made.body.layers.map((l) => l.participants.map((p) => p.name)),
        [['Bob Baker']],
      );
    });
  });
}
