import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { adminApi } from './admin-api.ts';
import type { E2eTocsin } from './browser.ts';

/**
 * What the incident page's browser tests set up through the public API: a service with an
 * Events v2 integration, incidents opened by real events, and people with a login.
 */
export interface IncidentFixture {
  /** Sends a trigger event; answers the new incident's INC-number. */
  trigger(summary: string, extra?: Record<string, unknown>): Promise<string>;
  user(
    name: string,
    role: 'admin' | 'responder' | 'viewer',
  ): Promise<{ id: string; email: string; password: string }>;
  asAdmin<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

export async function incidentFixture(tocsin: E2eTocsin): Promise<IncidentFixture> {
  const { call: asAdmin } = adminApi(() => tocsin);
  const team = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' });
  const service = await asAdmin<{ id: string }>('POST', '/api/v1/services', {
    name: 'checkout',
    team_id: team.body.id,
  });
  assert.equal(service.status, 201, JSON.stringify(service.body));
  const int = await asAdmin<{ key: string }>('POST', `/api/v1/services/${service.body.id}/integrations`, {
    name: 'pagerduty',
    type: 'events-v2',
  });
  assert.equal(int.status, 201, JSON.stringify(int.body));
  let n = 0;
  return {
    asAdmin,
    async trigger(summary, extra = {}) {
      const sent = await fetch(`${tocsin.origin}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: int.body.key,
          event_action: 'trigger',
          dedup_key: `e2e-${++n}`,
          payload: { summary, source: 'db-1', severity: 'critical', ...extra },
        }),
      });
      assert.equal(sent.status, 202);
      const list = await asAdmin<{ data: { ref: string; title: string }[] }>(
        'GET',
        '/api/v1/incidents?limit=5',
      );
      const found = list.body.data.find((i) => i.title === summary);
      assert.ok(found, `an incident for ${summary}`);
      return found.ref;
    },
    async user(name, role) {
      const email = `${name.split(' ')[0]!.toLowerCase()}@example.com`;
      const password = `${name} password 123`;
      const made = await asAdmin<{ id: string }>('POST', '/api/v1/users', { name, email, role, password });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      // Responders act on the incidents of their teams.
      const member = await asAdmin('POST', `/api/v1/teams/${team.body.id}/members`, {
        user_id: made.body.id,
      });
      assert.equal(member.status, 201, JSON.stringify(member.body));
      return { id: made.body.id, email, password };
    },
  };
}

/** The kinds of the timeline entries on the page, oldest first (the page lists newest first). */
export async function timelineKinds(page: Page): Promise<string[]> {
  const items = await page.getByRole('list', { name: 'Timeline' }).locator('li[data-kind]').all();
  const kinds = await Promise.all(items.map(async (li) => (await li.getAttribute('data-kind')) ?? ''));
  return kinds.reverse();
}

/** Polls `check` (a page state) until it holds or `ms` pass; answers how long it took. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) assert.fail(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

/** The element a field's error is attached to (aria-describedby) holds `text`. */
export async function fieldSays(field: Locator, text: string): Promise<void> {
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id !== '');
  const described = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).innerText()));
  assert.ok(
    described.some((t) => t.includes(text)),
    `${JSON.stringify(described)} says ${text}`,
  );
}
