import assert from 'node:assert/strict';
import { api } from '../harness.ts';
import type { E2eTocsin } from './browser.ts';

/** API calls as the first-start admin, for what the on-call browser tests set up outside the browser. */
export function adminCalls(tocsin: () => E2eTocsin) {
  const asAdmin = <T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, body?: unknown) =>
    api<T>(tocsin().app, method, url, {
      token: tocsin().admin.token,
      ...(body === undefined ? {} : { body }),
    });
  const created = async <T = { id: string }>(url: string, body: unknown) => {
    const res = await asAdmin<T>('POST', url, body);
    assert.equal(res.status, 201, `${url}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { asAdmin, created };
}

/** A team of responders (first-name@example.com); answers its id and each person's id by name. */
export async function teamOfResponders(
  created: ReturnType<typeof adminCalls>['created'],
  name: string,
  people: string[],
): Promise<{ teamId: string; users: Map<string, string> }> {
  const team = await created('/api/v1/teams', { name });
  const users = new Map<string, string>();
  for (const person of people) {
    const user = await created('/api/v1/users', {
      name: person,
      email: `${person.split(' ')[0]!.toLowerCase()}@example.com`,
      role: 'responder',
    });
    users.set(person, user.id);
    await created(`/api/v1/teams/${team.id}/members`, { user_id: user.id });
  }
  return { teamId: team.id, users };
}
