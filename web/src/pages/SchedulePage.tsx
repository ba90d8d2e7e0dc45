import { Anchor, Box, Button, Group, SegmentedControl, Stack, Text, Title, em } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { useMe } from '../session.tsx';
import { useManagesTeam } from '../team-access.tsx';
import type { Page, ScheduleView, ShiftsView, ShiftView, TeamMemberView, TimeOffView } from '../types.ts';
import { Calendar, type CalendarData } from './oncall/Calendar.tsx';
import { daysOf, personColors, type View, VIEWS } from './oncall/calendar-model.ts';
import { Legend } from './oncall/Legend.tsx';
import { OverrideModal } from './oncall/OverrideModal.tsx';
import { Plans } from './oncall/Plans.tsx';
import { useTeams } from './SchedulesPage.tsx';

/**
 * A schedule's calendar: the final shifts (GET /api/v1/schedules/:id/shifts, after layers,
 * overrides, time off and temporary schedules) for a day, week or month in the schedule's time
 * zone, with gaps and time off. A phone starts on the day view. The view and date are in the
 * URL. Clicking a shift overrides it.
 */
export function SchedulePage() {
  const id = useParams().id ?? '';
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // Read at once (not after a first render at desktop width), so a phone never loads a week first.
  const narrow =
    useMediaQuery(`(max-width: ${em(767.98)})`, undefined, { getInitialValueInEffect: false }) ?? false;
  const view: View = VIEWS.find((v) => v === params.get('view')) ?? (narrow ? 'day' : 'week');
  const [picked, setPicked] = useState<ShiftView | undefined>();

  const schedule = useQuery({
    queryKey: ['schedules', id],
    queryFn: () => api<ScheduleView>('GET', `/schedules/${encodeURIComponent(id)}`),
  });
  const zone = schedule.data?.time_zone ?? 'UTC';
  const fromUrl = DateTime.fromISO(params.get('date') ?? '', { zone });
  const date = fromUrl.isValid ? fromUrl : DateTime.now().setZone(zone);
  const days = daysOf(view, date);
  const from = days[0]!.toUTC().toISO()!;
  const to = days.at(-1)!.plus({ days: 1 }).toUTC().toISO()!;

  const shifts = useQuery({
    queryKey: ['schedules', id, 'shifts', from, to],
    queryFn: () =>
      api<ShiftsView>(
        'GET',
        `/schedules/${encodeURIComponent(id)}/shifts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ),
    enabled: schedule.isSuccess,
    placeholderData: keepPreviousData,
  });
  const timeOff = useQuery({
    queryKey: ['schedules', id, 'time-off', from, to],
    queryFn: () =>
      api<Page<TimeOffView>>(
        'GET',
        `/time-off?limit=500&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ),
    enabled: schedule.isSuccess,
  });
  const teamId = schedule.data?.team_id;
  const members = useQuery({
    queryKey: ['schedules', 'team', teamId, 'members'],
    queryFn: () =>
      api<Page<TeamMemberView>>('GET', `/teams/${encodeURIComponent(teamId ?? '')}/members?limit=500`),
    enabled: teamId !== undefined,
  });
  const teams = useTeams();
  // Overriding your own shift is any responder's; the layers are the team managers' (and admins').
  const managesIt = useManagesTeam(teamId);

  if (schedule.isError && schedule.error instanceof ApiError && schedule.error.status === 404)
    return (
      <Stack>
        <Title order={1}>Schedule not found</Title>
        <Anchor component={Link} to="/schedules">
          All schedules
        </Anchor>
      </Stack>
    );
  if (!schedule.data) return <QueryState query={schedule} what="the schedule" />;
  const s = schedule.data;

  const names = new Map<string, string>();
  for (const m of members.data?.data ?? []) names.set(m.user_id, m.name);
  for (const l of s.layers) for (const p of l.participants) if (p.name !== null) names.set(p.user_id, p.name);
  for (const sh of shifts.data?.data ?? []) if (sh.user_name !== null) names.set(sh.user_id, sh.user_name);
  const people = new Set([
    ...s.layers.flatMap((l) => l.participants.map((p) => p.user_id)),
    ...(shifts.data?.data ?? []).map((x) => x.user_id),
  ]);
  const data: CalendarData = {
    shifts: shifts.data?.data ?? [],
    gaps: shifts.data?.gaps ?? [],
    timeOff: (timeOff.data?.data ?? []).filter((t) => people.has(t.user_id)),
    colors: personColors(people),
    names,
    layerNames: new Map(s.layers.map((l) => [l.id, l.name])),
    onPick: me.data && me.data.user.role !== 'viewer' ? setPicked : undefined,
  };

  const go = (next: { view?: View; date?: DateTime }) => {
    const p = new URLSearchParams();
    p.set('view', next.view ?? view);
    p.set('date', (next.date ?? date).toISODate()!);
    setParams(p);
  };
  const step = { [view]: 1 };
  const title =
    view === 'day'
      ? date.toFormat('cccc d LLLL yyyy')
      : view === 'week'
        ? `${days[0]!.toFormat('d LLL')} – ${days.at(-1)!.toFormat('d LLL yyyy')}`
        : date.toFormat('LLLL yyyy');

  return (
    <Stack>
      <Anchor component={Link} to="/schedules" size="sm">
        All schedules
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Box>
          <Title order={1}>{s.name}</Title>
          <Text size="sm" c="gray.7">
            {teams.data?.data.find((t) => t.id === s.team_id)?.name ?? 'Team'} · times in {zone}
          </Text>
        </Box>
        {managesIt === true && (
          <Button component={Link} to={`/schedules/${s.id}/edit`} variant="default">
            Edit schedule
          </Button>
        )}
      </Group>
      <Group wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            size="xs"
            aria-label={`Previous ${view}`}
            onClick={() => go({ date: date.minus(step) })}
          >
            ‹
          </Button>
          <Button variant="default" size="xs" onClick={() => go({ date: DateTime.now().setZone(zone) })}>
            Today
          </Button>
          <Button
            variant="default"
            size="xs"
            aria-label={`Next ${view}`}
            onClick={() => go({ date: date.plus(step) })}
          >
            ›
          </Button>
        </Group>
        <Title order={2} size="h4" aria-live="polite">
          {title}
        </Title>
        <SegmentedControl
          ml="auto"
          aria-label="Calendar view"
          value={view}
          onChange={(v) => go({ view: v })}
          data={VIEWS.map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1) }))}
        />
      </Group>
      <Legend data={data} layers={s.layers} />
      <QueryState query={shifts} what="the shifts" />
      {shifts.data && <Calendar view={view} days={days} month={date.month} narrow={narrow} data={data} />}
      <Plans
        scheduleId={s.id}
        zone={zone}
        members={members.data?.data ?? []}
        names={names}
        me={me.data?.user.id ?? ''}
        admin={me.data?.user.role === 'admin'}
        canEdit={data.onPick !== undefined}
        manages={managesIt === true}
      />
      {picked && (
        <OverrideModal
          scheduleId={s.id}
          zone={zone}
          shift={picked}
          members={members.data?.data ?? []}
          defaultUserId={me.data?.user.id ?? ''}
          onClose={() => setPicked(undefined)}
        />
      )}
    </Stack>
  );
}
