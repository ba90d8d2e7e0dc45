import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime, Interval } from 'luxon';
import { type ReactNode, useState } from 'react';
import { api } from '../../api.ts';
import type { Page, SwapView, TeamMemberView, TemporaryView, TimeOffView } from '../../types.ts';
import { span } from './calendar-model.ts';
import { ConfirmModal } from './ConfirmModal.tsx';
import { type PlanKind, PlanModal } from './PlanModal.tsx';
import { reloadOnCall } from './schedule-change.ts';

/** How far ahead the lists look. */
const AHEAD_DAYS = 90;

type Doomed =
  | { kind: 'time-off'; item: TimeOffView }
  | { kind: 'temporary'; item: TemporaryView }
  | { kind: 'swap'; item: SwapView };

/**
 * Below a schedule's calendar: the time off of its team, its temporary schedules and its pending
 * swaps, with what can be added (modals) and removed (after a confirmation saying what changes).
 * Every change refetches the calendar above, which then shows its result.
 */
export function Plans({
  scheduleId,
  zone,
  members,
  names,
  me,
  admin,
  canEdit,
  manages,
}: {
  scheduleId: string;
  zone: string;
  members: TeamMemberView[];
  names: Map<string, string>;
  me: string;
  admin: boolean;
  canEdit: boolean;
  /** Temporary schedules replace the whole schedule for a while: admins and team managers only. */
  manages: boolean;
}) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState<PlanKind | undefined>();
  const [doomed, setDoomed] = useState<Doomed | undefined>();
  const [from] = useState(() => DateTime.now().startOf('minute').toUTC());
  const to = from.plus({ days: AHEAD_DAYS });
  const base = `/schedules/${encodeURIComponent(scheduleId)}`;
  const team = new Set(members.map((m) => m.user_id));
  const timeOff = useQuery({
    queryKey: ['schedules', scheduleId, 'time-off', 'ahead'],
    queryFn: () =>
      api<Page<TimeOffView>>(
        'GET',
        `/time-off?limit=500&from=${encodeURIComponent(from.toISO())}&to=${encodeURIComponent(to.toISO())}`,
      ),
  });
  const temporary = useQuery({
    queryKey: ['schedules', scheduleId, 'temporary'],
    queryFn: () => api<Page<TemporaryView>>('GET', `${base}/temporary-schedules?limit=100`),
  });
  const swaps = useQuery({
    queryKey: ['schedules', scheduleId, 'swaps', 'pending'],
    queryFn: () => api<Page<SwapView>>('GET', `${base}/swaps?status=pending&limit=100`),
  });
  const act = useMutation({
    mutationFn: ({ method, path }: { method: 'POST' | 'DELETE'; path: string }) => api(method, path),
    onSuccess: async () => {
      setDoomed(undefined);
      await reloadOnCall(queryClient);
    },
  });
  const who = (id: string | null) => (id === null ? 'anyone on the team' : (names.get(id) ?? id));
  const when = (t: { start: string; end: string }) =>
    span(
      Interval.fromDateTimes(
        DateTime.fromISO(t.start, { zone }),
        DateTime.fromISO(t.end, { zone }),
      ) as Interval<true>,
    );
  const away = (timeOff.data?.data ?? []).filter((t) => team.has(t.user_id));
  const plans = (temporary.data?.data ?? []).filter((t) => Date.parse(t.end) > from.toMillis());
  const pending = swaps.data?.data ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="plans-title">
      <Title order={2} size="h3" id="plans-title">
        Time off, swaps and temporary schedules
      </Title>
      {canEdit && (
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => setAdding('time-off')}>
            Add time off
          </Button>
          <Button variant="default" size="xs" onClick={() => setAdding('swap')}>
            Offer a swap
          </Button>
          {manages && (
            <Button variant="default" size="xs" onClick={() => setAdding('temporary')}>
              Add a temporary schedule
            </Button>
          )}
        </Group>
      )}
      {act.error && !doomed && (
        <Text c="red.8" size="sm" role="alert">
          {act.error.message}
        </Text>
      )}
      <PlanList title={`Time off in the next ${AHEAD_DAYS} days`} label="Time off" items={away}>
        {(t) => (
          <>
            <Text size="sm">
              {who(t.user_id)}: {when(t)}
              {t.reason && ` (${t.reason})`}
            </Text>
            {canEdit && (admin || t.user_id === me) && (
              <RemoveButton
                label={`Delete time off of ${who(t.user_id)} ${when(t)}`}
                onClick={() => setDoomed({ kind: 'time-off', item: t })}
              >
                Delete
              </RemoveButton>
            )}
          </>
        )}
      </PlanList>
      <PlanList title="Pending swaps" label="Pending swaps" items={pending}>
        {(s) => (
          <>
            <Text size="sm">
              {who(s.requester_id)} offers {when(s)} to {who(s.to_user_id)}
              {s.note && ` (${s.note})`}
            </Text>
            {canEdit && s.requester_id !== me && (s.to_user_id === null || s.to_user_id === me) && (
              <Button
                size="compact-xs"
                onClick={() => act.mutate({ method: 'POST', path: `${base}/swaps/${s.id}/accept` })}
              >
                Accept
              </Button>
            )}
            {canEdit && s.to_user_id === me && (
              <Button
                variant="default"
                size="compact-xs"
                onClick={() => act.mutate({ method: 'POST', path: `${base}/swaps/${s.id}/decline` })}
              >
                Decline
              </Button>
            )}
            {canEdit && (s.requester_id === me || admin) && (
              <RemoveButton onClick={() => setDoomed({ kind: 'swap', item: s })}>Withdraw</RemoveButton>
            )}
          </>
        )}
      </PlanList>
      <PlanList title="Temporary schedules" label="Temporary schedules" items={plans}>
        {(t) => (
          <>
            <Text size="sm">
              {t.name}: {when(t)}, {[...new Set(t.shifts.map((x) => x.user_name ?? x.user_id))].join(', ')}
            </Text>
            {manages && (
              <RemoveButton
                label={`Delete temporary schedule ${t.name}`}
                onClick={() => setDoomed({ kind: 'temporary', item: t })}
              >
                Delete
              </RemoveButton>
            )}
          </>
        )}
      </PlanList>
      {adding && (
        <PlanModal
          kind={adding}
          scheduleId={scheduleId}
          zone={zone}
          members={members}
          me={me}
          admin={admin}
          onClose={() => setAdding(undefined)}
        />
      )}
      {doomed && (
        <ConfirmModal
          title={
            doomed.kind === 'time-off'
              ? 'Delete this time off?'
              : doomed.kind === 'swap'
                ? 'Withdraw this swap?'
                : 'Delete this temporary schedule?'
          }
          confirm={doomed.kind === 'swap' ? 'Withdraw swap' : 'Delete'}
          pending={act.isPending}
          error={act.error}
          onConfirm={() =>
            act.mutate(
              doomed.kind === 'time-off'
                ? { method: 'DELETE', path: `/time-off/${doomed.item.id}` }
                : doomed.kind === 'swap'
                  ? { method: 'POST', path: `${base}/swaps/${doomed.item.id}/cancel` }
                  : { method: 'DELETE', path: `${base}/temporary-schedules/${doomed.item.id}` },
            )
          }
          onClose={() => {
            setDoomed(undefined);
            act.reset();
          }}
        >
          <Text size="sm">{consequence(doomed, who, when)}</Text>
        </ConfirmModal>
      )}
    </Stack>
  );
}

/** What removing it changes, said in the confirmation. */
function consequence(
  d: Doomed,
  who: (id: string | null) => string,
  when: (t: { start: string; end: string }) => string,
): string {
  if (d.kind === 'time-off')
    return `${who(d.item.user_id)} is back in every rotation for ${when(d.item)}: the shifts others cover for that time, on every schedule, return to them.`;
  if (d.kind === 'swap')
    return `Nobody can accept it any more; ${who(d.item.requester_id)} keeps their shifts for ${when(d.item)}.`;
  return `For ${when(d.item)} the layers decide who is on call again instead of this plan.`;
}

/** The small red button that asks to remove an item (the confirmation follows). */
function RemoveButton({
  label,
  onClick,
  children,
}: {
  label?: string;
  onClick: () => void;
  children: string;
}) {
  return (
    <Button variant="subtle" size="compact-xs" color="red" aria-label={label} onClick={onClick}>
      {children}
    </Button>
  );
}

/** One kind of plan: its heading, then a line per item (its text and buttons), or "None.". */
function PlanList<T extends { id: string }>({
  title,
  label,
  items,
  children,
}: {
  title: string;
  label: string;
  items: T[];
  children: (item: T) => ReactNode;
}) {
  return (
    <>
      <Title order={3} size="h5">
        {title}
      </Title>
      {items.length === 0 ? (
        <Text size="sm">None.</Text>
      ) : (
        <List size="sm" spacing={4} aria-label={label}>
          {items.map((item) => (
            <List.Item key={item.id}>
              <Group gap="xs" wrap="wrap">
                {children(item)}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
