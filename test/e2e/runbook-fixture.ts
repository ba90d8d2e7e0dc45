import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { api } from '../harness.ts';
import { adminApi, PASSWORD } from './admin-api.ts';
import type { E2eTocsin } from './browser.ts';
import { within } from './incident-fixture.ts';

/**
 * What the runbook browser test sets up through the public API: a Storage team owning the `db`
 * service and a Search team owning `search`, each service with an Alertmanager integration
 * (alerts go in as Prometheus sends them), a responder on Storage and one who is not, and the
 * text of a runbook as a team would write it, so the screenshots show a real one; and the
 * editor's controls as the tests find them.
 */
export interface RunbookFixture {
  storage: { id: string };
  db: { id: string };
  search: { id: string };
  rita: { id: string; email: string };
  otto: { id: string; email: string };
  /** Sends one alert to the service's Alertmanager endpoint; answers its incident's INC-number. */
  fire(
    service: 'db' | 'search',
    labels: Record<string, string>,
    annotations: Record<string, string>,
  ): Promise<string>;
  call: ReturnType<typeof adminApi>['call'];
}

export async function runbookFixture(tocsin: () => E2eTocsin): Promise<RunbookFixture> {
  const { call, created } = adminApi(tocsin);
  const storage = await created('/api/v1/teams', { name: 'Storage' });
  const searchTeam = await created('/api/v1/teams', { name: 'Search' });
  const db = await created('/api/v1/services', { name: 'db', team_id: storage.id });
  const search = await created('/api/v1/services', { name: 'search', team_id: searchTeam.id });
  const keys = {
    db: (
      await created<{ key: string }>(`/api/v1/services/${db.id}/integrations`, {
        name: 'prometheus',
        type: 'alertmanager',
      })
    ).key,
    search: (
      await created<{ key: string }>(`/api/v1/services/${search.id}/integrations`, {
        name: 'prometheus',
        type: 'alertmanager',
      })
    ).key,
  };
  const person = async (name: string, email: string) => {
    const u = await created('/api/v1/users', { name, email, role: 'responder', password: PASSWORD });
    return { id: u.id, email };
  };
  const rita = await person('Rita Ramos', 'rita@example.com');
  const otto = await person('Otto Olsen', 'otto@example.com');
  await created(`/api/v1/teams/${storage.id}/members`, { user_id: rita.id });
  await created(`/api/v1/teams/${searchTeam.id}/members`, { user_id: otto.id });
  return {
    storage,
    db,
    search,
    rita,
    otto,
    call,
    async fire(service, labels, annotations) {
      const res = await api(tocsin().app, 'POST', `/integrations/${keys[service]}/api/v2/alerts`, {
        token: null,
        body: [{ labels, annotations }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const list = await call<{ data: { ref: string; title: string }[] }>(
        'GET',
        '/api/v1/incidents?limit=50',
      );
      const found = list.body.data.find((i) => i.title === annotations.summary);
      assert.ok(found, `an incident for ${annotations.summary}`);
      return found.ref;
    },
  };
}

export const DISK_TITLE = 'Disk almost full on a database host';

/** The disk runbook's text as the test types it (version 1). */
export const DISK_TEXT = `## Symptoms

\`DiskFull\` fires when a database volume is over 90 % full. Writes fail at 100 %.

## Impact

Checkout and search writes fail once PostgreSQL cannot extend a file. <script>window.pwned = 1</script>

## Diagnosis

1. Open the **Storage** dashboard and find the volume.
2. Run \`df -h /var/lib/postgresql\` on the host.
3. Check the growth rate over the last 6 hours.

## Resolution

1. Remove old WAL archives: \`pgbackrest expire\`.
2. If it keeps growing, grow the volume by 20 %.

## Escalation

Page the Storage team lead when the volume is over 97 %.

## Prevention

Alert at 80 % with a 24 h forecast.
`;

/** The line version 2 changes, and what it becomes. */
export const DISK_LINE_BEFORE = '2. If it keeps growing, grow the volume by 20 %.';
export const DISK_LINE_AFTER = '2. If it keeps growing, grow the volume by 50 % and open a capacity ticket.';

/** A runbook as the tests read it back from the API. */
export interface Rb {
  id: string;
  title: string;
  version: number;
  body: string;
  review_overdue: boolean;
  reviewed_by: { name: string } | null;
  matchers: { name: string; op: string; value: string }[];
  severities: string[];
  services: { id: string }[];
  tags: string[];
  owner_team: { id: string } | null;
}

export const bodyBox = (page: Page) => page.getByRole('textbox', { name: 'Runbook text (Markdown)' });
/** The page's address has come to say `key=value` (null: no `key`): the filter it follows is set. */
export const urlSays = (page: Page, key: string, value: string | null) =>
  within(5000, () => Promise.resolve(new URL(page.url()).searchParams.get(key) === value));
/** The editor's n-th matcher row (1-based), by its label. */
export const matcher = (page: Page, n: number) => page.getByLabel(`Matcher ${n}`, { exact: true });

export function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
