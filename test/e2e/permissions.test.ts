import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import { adminApi, PASSWORD, signedInAs } from './admin-api.ts';
import { DESKTOP, logIn, newContext, useBrowser, useTocsin } from './browser.ts';

/**
 * Issue 17's test "a viewer and a responder see only what they may change; an admin's change
 * shows in the audit viewer and the chain verifies". Every setup page is opened as a viewer, as a
 * responder on the team, as a responder who manages it and as the admin: the controls that change
 * something are shown exactly to those the API lets use them, and the admin's nav entries to
 * admins only. Then the admin renames an incident role in the UI and finds the change in the
 * audit log under their own name, and the chain verifies. (settings.test.ts covers a responder
 * opening the audit, configuration and severities pages; policies.test.ts a non-manager on a
 * policy: this covers every page at once.)
 */
const browser = useBrowser();

type Who = 'viewer' | 'responder' | 'manager' | 'admin';

/**
 * A button, link or field name that changes something. Navigation and filters are not here, nor
 * your own calendar feed (every role may make one).
 */
const MUTATING =
  /^(New |Create (?!my )|Add |Edit |Delete |Remove |Save |Send |Apply|Show plan|Verify chain|Download|Yes)/;
const ADMIN_NAV = [
  'Severities',
  'Incident roles',
  'Notification throttle',
  'Runbook secrets',
  'Audit log',
  'Configuration',
];

interface SetupPage {
  path: string;
  /** Shown to everyone once the page has loaded what decides its controls. */
  loaded: (p: Page) => Locator;
  /** Controls shown to those in `may`; an address that is theirs only says so to the others. */
  controls: ((p: Page) => Locator)[];
  may: Who[];
  /** Controls every responder on the team may use too (their own time off, a swap, a test alert). */
  members?: string[];
  /** Controls the team's managers may use too (the service's error budget policy). */
  managers?: string[];
  /** Who else may find fields to fill in (a manager: the budget policy form). */
  fields?: Who[];
}

const heading = (name: string) => (p: Page) => p.getByRole('heading', { level: 1, name, exact: true });
const button = (name: string | RegExp) => (p: Page) => p.getByRole('button', { name });
const link = (name: string) => (p: Page) => p.getByRole('link', { name, exact: true });

for (const dialect of DIALECTS) {
  describe(`web UI: who may change what [${dialect}]`, () => {
    const admin = adminApi(() => ui.tocsin);
    const emails: Record<Exclude<Who, 'admin'>, string> = {
      viewer: `vera-${dialect}@example.com`,
      responder: `remy-${dialect}@example.com`,
      manager: `mona-${dialect}@example.com`,
    };
    let pages: SetupPage[] = [];

    const ui = useTocsin(dialect);
    before(async () => {
      const team = await admin.created('/api/v1/teams', { name: 'Payments' });
      const ids: Record<string, string> = {};
      for (const [who, role] of [
        ['viewer', 'viewer'],
        ['responder', 'responder'],
        ['manager', 'responder'],
      ] as const) {
        const user = await admin.created('/api/v1/users', {
          name: `${who[0]!.toUpperCase()}${who.slice(1)} person`,
          email: emails[who],
          role,
          password: PASSWORD,
        });
        ids[who] = user.id;
      }
      await admin.created(`/api/v1/teams/${team.id}/members`, { user_id: ids.responder });
      await admin.created(`/api/v1/teams/${team.id}/members`, { user_id: ids.manager, role: 'manager' });
      const schedule = await admin.created('/api/v1/schedules', {
        name: 'Payments primary',
        team_id: team.id,
        time_zone: 'UTC',
        layers: [
          {
            name: 'Primary',
            start_date: DateTime.utc().minus({ weeks: 1 }).toISODate(),
            handoff_time: '08:00',
            shift_length: 1,
            shift_unit: 'weeks',
            participants: [ids.responder, ids.manager],
          },
        ],
      });
      const policy = await admin.created('/api/v1/escalation-policies', {
        name: 'Payments paging',
        team_id: team.id,
        levels: [{ delay_minutes: 10, targets: [{ type: 'schedule', id: schedule.id }] }],
      });
      const service = await admin.created('/api/v1/services', {
        name: 'Checkout',
        team_id: team.id,
        escalation_policy_id: policy.id,
      });
      // Its members may send it a test alert (it pages, like declaring an incident on it).
      await admin.created(`/api/v1/services/${service.id}/integrations`, { name: 'pd', type: 'events-v2' });
      const refusedOr = (allowed: (p: Page) => Locator) => (p: Page) =>
        allowed(p).or(p.getByRole('alert').filter({ hasText: /Not yours to change|Only an admin/ }));
      pages = [
        { path: '/services', loaded: heading('Services'), controls: [button('New service')], may: ['admin'] },
        {
          path: `/services/${service.id}`,
          loaded: heading('Checkout'),
          controls: [button('New integration'), button('Save settings')],
          may: ['admin'],
          // Members write the service's SLOs; its managers set its error budget policy.
          members: ['Send a test alert', 'New SLO'],
          managers: ['Save budget policy'],
          fields: ['manager'],
        },
        {
          path: '/escalation-policies',
          loaded: link('Payments paging'),
          controls: [link('New policy')],
          may: ['admin'],
        },
        {
          path: `/escalation-policies/${policy.id}`,
          loaded: heading('Payments paging'),
          controls: [button('Edit policy'), button('Delete policy')],
          may: ['admin', 'manager'],
        },
        { path: '/teams', loaded: button(/^Payments/), controls: [button('Create team')], may: ['admin'] },
        {
          path: '/users',
          loaded: heading('People'),
          controls: [button('Add person'), button('Remove Viewer person')],
          may: ['admin'],
        },
        {
          path: '/schedules',
          loaded: link('Payments primary'),
          controls: [link('New schedule')],
          may: ['admin', 'manager'],
        },
        {
          path: `/schedules/${schedule.id}`,
          loaded: heading('Payments primary'),
          controls: [link('Edit schedule'), button('Add a temporary schedule')],
          may: ['admin', 'manager'],
          members: ['Add time off', 'Offer a swap'],
        },
        {
          path: `/schedules/${schedule.id}/edit`,
          loaded: refusedOr(button('Save schedule')),
          controls: [button('Save schedule')],
          may: ['admin', 'manager'],
        },
        {
          path: '/schedules/new',
          loaded: refusedOr(button('Create schedule')),
          controls: [button('Create schedule')],
          may: ['admin', 'manager'],
        },
        ...[
          ['/settings/audit', 'Verify chain'],
          ['/settings/config', 'Show plan'],
          ['/settings/severities', 'Save SEV1'],
          ['/settings/roles', 'Add role'],
          ['/settings/throttle', 'Look again'],
          ['/settings/runbook-secrets', 'Add secret'],
        ].map(([path, name]) => ({
          path: path!,
          loaded: refusedOr(button(name!)),
          controls: [button(name!)],
          may: ['admin'] as Who[],
        })),
      ];
    });

    async function visitAll(page: Page, who: Who) {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Now', exact: true }).waitFor();
      for (const name of ADMIN_NAV) {
        const entries = await nav.getByRole('link', { name, exact: true }).count();
        assert.equal(entries, who === 'admin' ? 1 : 0, `${who}: nav entry ${name}`);
      }
      for (const p of pages) {
        await page.goto(`${ui.tocsin.origin}${p.path}`);
        await p.loaded(page).first().waitFor();
        if (p.may.includes(who)) {
          for (const control of p.controls) await control(page).first().waitFor();
          continue;
        }
        // What decides a control (who I am, my team role) may still be loading: give it time to
        // show up wrongly before counting.
        await page.waitForTimeout(400);
        for (const control of p.controls) {
          const shown = control(page);
          assert.equal(await shown.count(), 0, `${who} on ${p.path}: ${shown.toString()}`);
        }
        const main = page.getByRole('main');
        const offered = [
          ...(await main.getByRole('button', { name: MUTATING }).allInnerTexts()),
          ...(await main.getByRole('link', { name: MUTATING }).allInnerTexts()),
        ];
        const theirs =
          who === 'viewer' ? [] : [...(p.members ?? []), ...(who === 'manager' ? (p.managers ?? []) : [])];
        assert.deepEqual(
          offered.filter((name) => !theirs.includes(name)),
          [],
          `${who} on ${p.path} is offered what they may not do`,
        );
        // Role pickers (People, Teams) and forms: nothing to fill in.
        const fields = await main
          .locator('input:enabled:not([type=radio]), textarea:enabled, select:enabled')
          .count();
        if (!(p.fields ?? []).includes(who)) {
          assert.equal(fields, 0, `${who} on ${p.path}: no field they could fill in`);
        }
      }
    }

    for (const who of ['viewer', 'responder', 'manager'] as const) {
      it(`shows a ${who} only what they may change`, async () => {
        const signed = await signedInAs(browser(), DESKTOP, ui.tocsin, emails[who], '/now');
        try {
          await visitAll(signed.page, who);
        } finally {
          await signed.close();
        }
      });
    }

    it('shows an admin every control; their change is in the audit log as theirs and the chain verifies', async () => {
      const context = await newContext(browser(), DESKTOP);
      try {
        const page = await context.newPage();
        await logIn(page, ui.tocsin.origin, ui.tocsin.admin.email, ui.tocsin.admin.password, '/now');
        await visitAll(page, 'admin');

        await page.goto(`${ui.tocsin.origin}/settings/roles`);
        await page.getByRole('button', { name: 'Edit Scribe' }).click();
        const dialog = page.getByRole('dialog', { name: 'Edit Scribe' });
        await dialog.getByLabel('Name').fill('Note taker');
        await dialog.getByRole('button', { name: 'Save role' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page.getByRole('table', { name: 'Incident roles' }).getByText('Note taker').waitFor();

        const me = await admin.call<{ user: { name: string } }>('GET', '/api/v1/auth/me');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
        const filters = page.getByRole('search', { name: 'Filter the audit log' });
        await filters.getByLabel('Action').fill('incident_role.update');
        await filters.getByRole('button', { name: 'Filter' }).click();
        await page.waitForURL(/action=incident_role.update/);
        const entry = page
          .getByRole('list', { name: 'Audit entries' })
          .getByRole('listitem', { name: `incident_role.update by ${me.body.user.name}` });
        await entry.getByText('on incident_role scribe').waitFor();
        await entry.getByRole('button', { name: 'Show changes' }).click();
        await entry.getByText('"name": "Note taker"').waitFor();
        await entry.getByText('"name": "Scribe"').waitFor();

        await page.getByRole('button', { name: 'Verify chain' }).click();
        await page.getByRole('status').filter({ hasText: 'Chain intact' }).waitFor();
      } finally {
        await context.close();
      }
    });
  });
}
