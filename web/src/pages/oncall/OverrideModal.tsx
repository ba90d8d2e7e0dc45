import { Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { errorFor, type FieldError } from '../../form-errors.ts';
import type { OverrideView, ShiftView, TeamMemberView } from '../../types.ts';
import { useScheduleChange } from './schedule-change.ts';

export const LOCAL = "yyyy-MM-dd'T'HH:mm";
const FIELDS = ['user_id', 'start', 'end'];

/**
 * Override a picked shift: its start and end prefilled (editable, in the schedule's zone), the
 * replacement chosen among the team, sent as POST /api/v1/schedules/:id/overrides.
 */
export function OverrideModal({
  scheduleId,
  zone,
  shift,
  members,
  defaultUserId,
  onClose,
}: {
  scheduleId: string;
  zone: string;
  shift: ShiftView;
  members: TeamMemberView[];
  defaultUserId: string;
  onClose: () => void;
}) {
  const local = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat(LOCAL);
  const [start, setStart] = useState(local(shift.start));
  const [end, setEnd] = useState(local(shift.end));
  const others = members.filter((m) => m.user_id !== shift.user_id && !m.deactivated);
  const [userId, setUserId] = useState(
    others.some((m) => m.user_id === defaultUserId) ? defaultUserId : (others[0]?.user_id ?? ''),
  );
  const {
    change: create,
    err,
    submit,
  } = useScheduleChange(
    () =>
      api<OverrideView>('POST', `/schedules/${encodeURIComponent(scheduleId)}/overrides`, {
        user_id: userId,
        start: toIso(start, zone),
        end: toIso(end, zone),
      }),
    onClose,
  );

  return (
    <Modal opened onClose={onClose} title="Override a shift" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            Replace {shift.user_name ?? 'a deleted user'} for this shift, or part of it. Times are in {zone}.
          </Text>
          <NativeSelect
            label="Replacement"
            value={userId}
            onChange={(e) => setUserId(e.currentTarget.value)}
            data={others.map((m) => ({ value: m.user_id, label: m.name }))}
            error={errorFor(err, 'user_id')}
          />
          <PeriodFields start={start} end={end} onStart={setStart} onEnd={setEnd} err={err} />
          <FormActions
            submit="Create override"
            pending={create.isPending}
            error={create.error}
            fieldError={err}
            fields={FIELDS}
            what="override"
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** A datetime-local value read in the schedule's zone; what is not a time goes as typed for the API to name. */
export function toIso(value: string, zone: string): string {
  const t = DateTime.fromISO(value, { zone });
  return t.isValid ? t.toUTC().toISO() : value;
}

/** A period's start and end as datetime-local fields (in the schedule's zone), a 400 at the one it names. */
export function PeriodFields({
  start,
  end,
  onStart,
  onEnd,
  err,
}: {
  start: string;
  end: string;
  onStart: (v: string) => void;
  onEnd: (v: string) => void;
  err: FieldError | undefined;
}) {
  return (
    <>
      <TextInput
        type="datetime-local"
        label="Start"
        value={start}
        onChange={(e) => onStart(e.currentTarget.value)}
        error={errorFor(err, 'start')}
      />
      <TextInput
        type="datetime-local"
        label="End"
        value={end}
        onChange={(e) => onEnd(e.currentTarget.value)}
        error={errorFor(err, 'end')}
      />
    </>
  );
}
