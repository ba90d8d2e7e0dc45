import { Alert, Anchor, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { useMe } from '../session.tsx';
import type { IncidentView, OnCallEntryView, Page, ShiftsView, TeamView } from '../types.ts';
import { MyActionItems } from './action-items/MyActionItems.tsx';
import { IncidentCard } from './IncidentCard.tsx';

const OPEN = 'status=triggered&status=acknowledged&status=mitigated';
const ORDER: Record<string, number> = { triggered: 0, acknowledged: 1, mitigated: 2 };
/** How far ahead "my next shifts" looks, and how many it lists. */
const SHIFT_DAYS = 14;
const SHIFTS_SHOWN = 5;

/** Triggered first, then acknowledged, then mitigated; newest first within each. */
function byUrgencyOfAction(list: IncidentView[]): IncidentView[] {
  return [...list].sort(
    (a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || b.created_at.localeCompare(a.created_at),
  );
}

const at = (iso: string | null) =>
  iso === null ? '' : DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY);

/**
 * What a responder needs first: am I on call, what is open and mine, what else is open, who is
 * on call everywhere, when am I next. Every query key starts with 'now', so the live stream
 * refreshes the page on any incident or on-call change (live.tsx).
 */
export function NowPage() {
  const me = useMe().data?.user;
  const mine = useQuery({
    queryKey: ['now', 'mine'],
    queryFn: () => api<Page<IncidentView>>('GET', `/incidents?assigned_to=me&${OPEN}&limit=100`),
  });
  const open = useQuery({
    queryKey: ['now', 'open'],
    queryFn: () => api<Page<IncidentView>>('GET', `/incidents?${OPEN}&limit=100`),
  });
  const oncall = useQuery({
    queryKey: ['now', 'oncall'],
    queryFn: () => api<Page<OnCallEntryView>>('GET', '/oncall?limit=500'),
  });
  const teams = useQuery({
    queryKey: ['teams', 'all'],
    queryFn: () => api<Page<TeamView>>('GET', '/teams?limit=500'),
    staleTime: 60_000,
  });
  const schedules = [...new Map((oncall.data?.data ?? []).map((e) => [e.schedule_id, e.schedule_name]))];
  const shifts = useQuery({
    queryKey: ['now', 'shifts', me?.id, schedules],
    enabled: me !== undefined && oncall.data !== undefined,
    queryFn: () => (me === undefined ? Promise.resolve([]) : myNextShifts(me.id, schedules)),
  });

  const mineIds = new Set((mine.data?.data ?? []).map((i) => i.id));
  const others = (open.data?.data ?? []).filter((i) => !mineIds.has(i.id));
  const onCallNow = (oncall.data?.data ?? []).filter((e) => e.user_id !== null && e.user_id === me?.id);
  const teamName = new Map((teams.data?.data ?? []).map((t) => [t.id, t.name]));
  const byTeam = new Map<string, OnCallEntryView[]>();
  for (const e of oncall.data?.data ?? []) byTeam.set(e.team_id, [...(byTeam.get(e.team_id) ?? []), e]);
  const failed = [mine, open, oncall, shifts].find((q) => q.isError)?.error;

  return (
    <Stack>
      <Title order={1}>Now</Title>
      {onCallNow.length > 0 && (
        <Alert color="blue" variant="filled" role="status" title="You are on call now">
          {onCallNow.map((e) => `${e.schedule_name} until ${at(e.shift_end)}`).join('; ')}
        </Alert>
      )}
      {failed && (
        <Alert color="red" role="alert" title="Could not load everything">
          {failed.message}
        </Alert>
      )}
      <IncidentSection
        title="My open incidents"
        query={mine}
        list={byUrgencyOfAction(mine.data?.data ?? [])}
        more={{ label: 'All open incidents assigned to me', to: `/incidents?assigned_to=me&${OPEN}` }}
      >
        Nothing open is assigned to you.
      </IncidentSection>
      <IncidentSection
        title="Other open incidents"
        query={open}
        list={byUrgencyOfAction(others)}
        more={{ label: 'All open incidents', to: `/incidents?${OPEN}` }}
      >
        No other incident is open.
      </IncidentSection>
      <MyActionItems />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <Title order={2} size="h3">
            On call now
          </Title>
          {oncall.isPending && <Loader size="sm" aria-label="Loading who is on call" />}
          {oncall.data?.data.length === 0 && <Text>No schedules yet.</Text>}
          {[...byTeam].map(([teamId, entries]) => (
            <Paper key={teamId} withBorder p="sm">
              <Title order={3} size="h5" mb={4}>
                {teamName.get(teamId) ?? 'Team'}
              </Title>
              <Table layout="fixed" aria-label={`On call now, ${teamName.get(teamId) ?? 'team'}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Schedule</Table.Th>
                    <Table.Th>On call</Table.Th>
                    <Table.Th>Until</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((e) => (
                    <Table.Tr key={e.schedule_id}>
                      <Table.Td>{e.schedule_name}</Table.Td>
                      <Table.Td>
                        {e.user_name ?? (
                          <Text span c="red.8" fw={600} size="sm">
                            Nobody (gap)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{at(e.shift_end)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
        </Stack>
        <Stack gap="xs">
          <Title order={2} size="h3">
            My next shifts
          </Title>
          {shifts.isPending && oncall.data !== undefined && (
            <Loader size="sm" aria-label="Loading my shifts" />
          )}
          {shifts.data?.length === 0 && <Text>No shifts for you in the next {SHIFT_DAYS} days.</Text>}
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="My next shifts">
            {shifts.data?.slice(0, SHIFTS_SHOWN).map((s) => (
              <Paper key={`${s.schedule_id}-${s.start}`} component="li" withBorder p="xs">
                <Text fw={600} size="sm">
                  {s.schedule_name}
                </Text>
                <Text size="sm">
                  {at(s.start)} to {at(s.end)}
                </Text>
              </Paper>
            ))}
          </Stack>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function IncidentSection(props: {
  title: string;
  query: { isPending: boolean };
  list: IncidentView[];
  more: { label: string; to: string };
  children: string;
}) {
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {props.title} {props.query.isPending ? '' : `(${props.list.length})`}
        </Title>
        <Anchor component={Link} to={props.more.to} size="sm">
          {props.more.label}
        </Anchor>
      </Group>
      {props.query.isPending && <Loader size="sm" aria-label={`Loading ${props.title.toLowerCase()}`} />}
      {!props.query.isPending && props.list.length === 0 && <Text>{props.children}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={props.title}>
        {props.list.map((i) => (
          <IncidentCard key={i.id} incident={i} />
        ))}
      </Stack>
    </Stack>
  );
}

interface MyShift {
  schedule_id: string;
  schedule_name: string;
  start: string;
  end: string;
}

/** My shifts in the next days, over every schedule (the API computes shifts per schedule). */
async function myNextShifts(userId: string, schedules: [id: string, name: string][]): Promise<MyShift[]> {
  const from = DateTime.utc();
  const range = `from=${encodeURIComponent(from.toISO())}&to=${encodeURIComponent(from.plus({ days: SHIFT_DAYS }).toISO())}`;
  const all = await Promise.all(
    schedules.map(async ([id, name]) => {
      const s = await api<ShiftsView>('GET', `/schedules/${id}/shifts?${range}`);
      return s.data
        .filter((x) => x.user_id === userId)
        .map((x) => ({ ...x, schedule_id: id, schedule_name: name }));
    }),
  );
  return all.flat().sort((a, b) => a.start.localeCompare(b.start));
}
