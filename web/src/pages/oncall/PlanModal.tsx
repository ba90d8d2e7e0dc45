import { Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { errorFor } from '../../form-errors.ts';
import type { TeamMemberView } from '../../types.ts';
import { LOCAL, PeriodFields, toIso } from './OverrideModal.tsx';
import { useScheduleChange } from './schedule-change.ts';

export type PlanKind = 'time-off' | 'swap' | 'temporary';

const WORDS = {
  'time-off': {
    title: 'Add time off',
    person: 'Whose time off',
    note: 'Reason',
    submit: 'Add time off',
    what: 'time off',
    says: 'Every layer of every schedule skips them for that time; the next participant covers.',
  },
  swap: {
    title: 'Offer a swap',
    person: 'Whose shifts',
    note: 'Note',
    submit: 'Offer swap',
    what: 'swap',
    says: 'Their shifts in that time go to whoever accepts, as overrides.',
  },
  temporary: {
    title: 'Add a temporary schedule',
    person: 'Who is on call',
    note: 'Name',
    submit: 'Add temporary schedule',
    what: 'temporary schedule',
    says: 'For that time this person replaces what the layers compute (overrides still apply).',
  },
} as const;

/**
 * Records time off (POST /api/v1/time-off), offers a swap of shifts (POST .../swaps) or puts one
 * person on call instead of the layers (POST .../temporary-schedules) for a period, in the
 * schedule's zone. For time off and swaps admins pick whose; others act for themselves, as the
 * API allows.
 */
export function PlanModal({
  kind,
  scheduleId,
  zone,
  members,
  me,
  admin,
  onClose,
}: {
  kind: PlanKind;
  scheduleId: string;
  zone: string;
  members: TeamMemberView[];
  me: string;
  admin: boolean;
  onClose: () => void;
}) {
  const words = WORDS[kind];
  const tomorrow = DateTime.now().setZone(zone).startOf('day').plus({ days: 1 });
  const [start, setStart] = useState(tomorrow.set({ hour: 9 }).toFormat(LOCAL));
  const [end, setEnd] = useState(tomorrow.plus({ days: 1 }).set({ hour: 9 }).toFormat(LOCAL));
  const [userId, setUserId] = useState(me);
  const [toUser, setToUser] = useState('');
  const [note, setNote] = useState('');
  const {
    change: create,
    err,
    submit,
  } = useScheduleChange(
    () =>
      kind === 'time-off'
        ? api('POST', '/time-off', {
            user_id: userId,
            start: toIso(start, zone),
            end: toIso(end, zone),
            ...(note ? { reason: note } : {}),
          })
        : kind === 'swap'
          ? api('POST', `/schedules/${encodeURIComponent(scheduleId)}/swaps`, {
              requester_id: userId,
              ...(toUser ? { to_user_id: toUser } : {}),
              start: toIso(start, zone),
              end: toIso(end, zone),
              ...(note ? { note } : {}),
            })
          : api('POST', `/schedules/${encodeURIComponent(scheduleId)}/temporary-schedules`, {
              ...(note ? { name: note } : {}),
              start: toIso(start, zone),
              end: toIso(end, zone),
              shifts: [{ user_id: userId, start: toIso(start, zone), end: toIso(end, zone) }],
            }),
    onClose,
  );
  const people = members.filter((m) => !m.deactivated).map((m) => ({ value: m.user_id, label: m.name }));
  const noteField = { 'time-off': 'reason', swap: 'note', temporary: 'name' }[kind];
  const personField = { 'time-off': 'user_id', swap: 'requester_id', temporary: 'shifts' }[kind];

  return (
    <Modal opened onClose={onClose} title={words.title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            {words.says} Times are in {zone}.
          </Text>
          {(admin || kind === 'temporary') && (
            <NativeSelect
              label={words.person}
              value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)}
              data={people.some((p) => p.value === me) ? people : [{ value: me, label: 'You' }, ...people]}
              error={errorFor(err, personField)}
            />
          )}
          {kind === 'swap' && (
            <NativeSelect
              label="Offer to"
              value={toUser}
              onChange={(e) => setToUser(e.currentTarget.value)}
              data={[{ value: '', label: 'Anyone on the team' }, ...people.filter((p) => p.value !== userId)]}
              error={errorFor(err, 'to_user_id')}
            />
          )}
          <PeriodFields start={start} end={end} onStart={setStart} onEnd={setEnd} err={err} />
          <TextInput
            label={words.note}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errorFor(err, noteField)}
          />
          <FormActions
            submit={words.submit}
            pending={create.isPending}
            error={create.error}
            fieldError={err}
            fields={[personField, 'to_user_id', 'start', 'end', noteField]}
            what={words.what}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
