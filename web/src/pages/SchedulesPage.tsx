import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { Pager } from '../components/Pager.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { useManagedTeams } from '../team-access.tsx';
import type { OnCallEntryView, Page, ScheduleView, TeamView } from '../types.ts';
import { FeedCard } from './oncall/FeedCard.tsx';

/** Team names by id, shared by the schedule pages (there are few teams: one request). */
export function useTeams() {
  return useQuery({
    queryKey: ['schedules', 'teams'],
    queryFn: () => api<Page<TeamView>>('GET', '/teams?limit=500'),
    staleTime: 60_000,
  });
}

/**
 * Every schedule with its team and who is on call on it now (GET /api/v1/oncall, kept current
 * by the live stream's on-call events), and the person's own calendar feed.
 */
export function SchedulesPage() {
  const [params, setParams] = useSearchParams();
  const cursors = params.getAll('after');
  const cursor = cursors.at(-1);
  const schedules = useQuery({
    queryKey: ['schedules', 'list', cursor ?? null],
    queryFn: () =>
      api<Page<ScheduleView>>(
        'GET',
        `/schedules?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  });
  const teams = useTeams();
  const oncall = useQuery({
    queryKey: ['oncall', 'now'],
    queryFn: () => api<{ data: OnCallEntryView[] }>('GET', '/oncall?limit=500'),
  });
  // Schedules are made for a team its manager (or an admin) runs.
  const managed = useManagedTeams();
  const teamName = new Map(teams.data?.data.map((t) => [t.id, t.name]));
  const onCallOf = (id: string) => oncall.data?.data.filter((e) => e.schedule_id === id) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>On-call</Title>
        {(managed === 'all' || (managed?.length ?? 0) > 0) && (
          <Button component={Link} to="/schedules/new">
            New schedule
          </Button>
        )}
      </Group>
      <QueryState query={schedules} what="the schedules" />
      {schedules.data && schedules.data.data.length === 0 && <Text>No schedules yet.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Schedules">
        {schedules.data?.data.map((s) => (
          <Paper key={s.id} component="li" withBorder p="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0}>
                <Anchor component={Link} to={`/schedules/${s.id}`} fw={600}>
                  {s.name}
                </Anchor>
                <Text size="sm" c="gray.7">
                  {teamName.get(s.team_id) ?? 'Team'} · {s.time_zone}
                </Text>
              </Stack>
              <OnCallNow entries={onCallOf(s.id)} loading={oncall.isPending} />
            </Group>
          </Paper>
        ))}
      </Stack>
      <Pager
        cursors={cursors}
        nextCursor={schedules.data?.next_cursor ?? null}
        onChange={(c) => setParams(new URLSearchParams(c.map((a) => ['after', a])))}
      />
      <FeedCard />
    </Stack>
  );
}

function OnCallNow({ entries, loading }: { entries: OnCallEntryView[]; loading: boolean }) {
  if (loading) return null;
  const people = entries.filter((e) => e.user_id !== null);
  return (
    <Text size="sm">
      On call now:{' '}
      {people.length === 0 ? (
        <Text span c="red.8" fw={600} size="sm">
          nobody
        </Text>
      ) : (
        <b>{people.map((e) => e.user_name ?? 'deleted user').join(', ')}</b>
      )}
    </Text>
  );
}
