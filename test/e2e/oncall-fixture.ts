import type { adminApi } from './admin-api.ts';

/** A team of responders (first-name@example.com); answers its id and each person's id by name. */
export async function teamOfResponders(
  created: ReturnType<typeof adminApi>['created'],
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

/**
 * `team` of responders and its schedule `name` in `zone`: one layer handing off daily at 08:00
 * through them in order from `start` (an ISO date), with `restrictions` when given. Answers the
 * schedule's id and each person's id by name.
 */
export async function dailyRotation(
  created: ReturnType<typeof adminApi>['created'],
  opts: {
    team: string;
    name: string;
    people: string[];
    zone: string;
    start: string;
    restrictions?: unknown[];
  },
): Promise<{ scheduleId: string; users: Map<string, string> }> {
  const { teamId, users } = await teamOfResponders(created, opts.team, opts.people);
  const schedule = await created('/api/v1/schedules', {
    name: opts.name,
    team_id: teamId,
    time_zone: opts.zone,
    layers: [
      {
        name: 'Primary',
        start_date: opts.start,
        handoff_time: '08:00',
        shift_length: 1,
        shift_unit: 'days',
        ...(opts.restrictions === undefined ? {} : { restrictions: opts.restrictions }),
        participants: [...users.values()],
      },
    ],
  });
  return { scheduleId: schedule.id, users };
}
