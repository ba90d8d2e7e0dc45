import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { OnCallEntryView, Page, PolicyTargetType, ScheduleView, UserView } from '../../types.ts';
import { useTeams } from '../SchedulesPage.tsx';

/**
 * What a policy's targets can name (people, schedules, teams) and who is on call on each
 * schedule now. One request each: an install has hundreds of these at most. The keys follow
 * live.tsx, so on-call changes arrive by themselves.
 */
export function usePeople(enabled = true) {
  return useQuery({
    queryKey: ['people', 'users'],
    queryFn: () => api<Page<UserView>>('GET', '/users?limit=500'),
    staleTime: 60_000,
    enabled,
  });
}

/** The people a picker may offer: deactivated ones are never paged, so choosing them is refused. */
export function choosable(users: UserView[] | undefined): UserView[] {
  return (users ?? []).filter((u) => u.status !== 'deactivated');
}

export function useDirectory() {
  const users = usePeople();
  const teams = useTeams();
  const schedules = useQuery({
    queryKey: ['schedules', 'all'],
    queryFn: () => api<Page<ScheduleView>>('GET', '/schedules?limit=500'),
    staleTime: 60_000,
  });
  const oncall = useQuery({
    queryKey: ['oncall', 'now'],
    queryFn: () => api<{ data: OnCallEntryView[] }>('GET', '/oncall?limit=500'),
  });
  // A deactivated person is never paged: shown (a policy may still name them) but not choosable.
  const gone = new Set((users.data?.data ?? []).filter((u) => u.status === 'deactivated').map((u) => u.id));
  const options: Record<PolicyTargetType, { value: string; label: string; disabled?: boolean }[]> = {
    user:
      users.data?.data.map((u) =>
        gone.has(u.id)
          ? { value: u.id, label: `${u.name} (${u.email}, deactivated)`, disabled: true }
          : { value: u.id, label: `${u.name} (${u.email})` },
      ) ?? [],
    team: teams.data?.data.map((t) => ({ value: t.id, label: t.name })) ?? [],
    schedule: schedules.data?.data.map((s) => ({ value: s.id, label: s.name })) ?? [],
    schedule_round_robin: schedules.data?.data.map((s) => ({ value: s.id, label: s.name })) ?? [],
  };
  const nameOf = (type: PolicyTargetType, id: string) =>
    options[type].find((o) => o.value === id)?.label ?? id;
  const onCall = (scheduleId: string) =>
    (oncall.data?.data ?? [])
      .filter((e) => e.schedule_id === scheduleId && e.user_name !== null)
      .filter((e) => e.user_id === null || !gone.has(e.user_id))
      .map((e) => e.user_name!);
  const isDeactivated = (id: string) => gone.has(id);
  return { options, nameOf, onCall, isDeactivated, teams, loading: users.isPending || schedules.isPending };
}

export type Directory = ReturnType<typeof useDirectory>;

export const TARGET_TYPES: { value: PolicyTargetType; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'schedule', label: 'Schedule (whoever is on call)' },
  { value: 'schedule_round_robin', label: 'Schedule, round robin' },
  { value: 'team', label: 'Team (every member)' },
];

/**
 * Who a target pages if the level fired now: a schedule's on-call people come from
 * GET /api/v1/oncall; a team pages every member, which the preview does not list.
 */
export function pagedNow(dir: Directory, type: PolicyTargetType, id: string): string {
  if (id === '') return 'nobody chosen';
  switch (type) {
    case 'user': {
      const name = dir.nameOf('user', id).replace(/ \(.*\)$/, '');
      return dir.isDeactivated(id) ? `nobody (${name} is deactivated)` : name;
    }
    case 'team':
      return `every member of ${dir.nameOf('team', id)}`;
    case 'schedule':
    case 'schedule_round_robin': {
      const people = dir.onCall(id);
      if (people.length === 0) return `nobody (gap in ${dir.nameOf('schedule', id)})`;
      return type === 'schedule' ? people.join(', ') : `one of ${people.join(', ')} in turn`;
    }
  }
}
