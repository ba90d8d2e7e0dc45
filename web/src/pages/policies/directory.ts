import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { OnCallEntryView, Page, PolicyTargetType, ScheduleView, UserView } from '../../types.ts';
import { useTeams } from '../SchedulesPage.tsx';

/**
 * What a policy's targets can name (people, schedules, teams) and who is on call on each
 * schedule now. One request each: an install has hundreds of these at most. The keys follow
 * live.tsx, so on-call changes arrive by themselves.
 */
export function usePeople() {
  return useQuery({
    queryKey: ['people', 'users'],
    queryFn: () => api<Page<UserView>>('GET', '/users?limit=500'),
    staleTime: 60_000,
  });
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
  const options: Record<PolicyTargetType, { value: string; label: string }[]> = {
    user: users.data?.data.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })) ?? [],
    team: teams.data?.data.map((t) => ({ value: t.id, label: t.name })) ?? [],
    schedule: schedules.data?.data.map((s) => ({ value: s.id, label: s.name })) ?? [],
    schedule_round_robin: schedules.data?.data.map((s) => ({ value: s.id, label: s.name })) ?? [],
  };
  const nameOf = (type: PolicyTargetType, id: string) =>
    options[type].find((o) => o.value === id)?.label ?? id;
  const onCall = (scheduleId: string) =>
    (oncall.data?.data ?? [])
      .filter((e) => e.schedule_id === scheduleId && e.user_name !== null)
      .map((e) => e.user_name!);
  return { options, nameOf, onCall, teams, loading: users.isPending || schedules.isPending };
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
    case 'user':
      return dir.nameOf('user', id).replace(/ \(.*\)$/, '');
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
