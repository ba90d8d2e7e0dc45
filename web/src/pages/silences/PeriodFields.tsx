import { Group, NumberInput, TextInput } from '@mantine/core';
import { DateTime } from 'luxon';
import { errorFor, type FieldError } from '../../form-errors.ts';

/**
 * When a silence or maintenance window runs: a start (empty: now) in the browser's time zone and
 * a length in hours, which the API takes as `starts_at` and `duration_minutes`.
 */
export interface PeriodDraft {
  /** A datetime-local value (`2030-01-01T09:30`), or '' for now. */
  starts: string;
  hours: number | string;
}

const LOCAL = "yyyy-MM-dd'T'HH:mm";

export function newPeriod(hours = 2): PeriodDraft {
  return { starts: '', hours };
}

/** An existing period as the fields show it. */
export function periodOf(p: { starts_at: string; ends_at: string }): PeriodDraft {
  const start = DateTime.fromISO(p.starts_at);
  const hours = DateTime.fromISO(p.ends_at).diff(start, 'hours').hours;
  return { starts: start.toFormat(LOCAL), hours: Math.round(hours * 100) / 100 };
}

/**
 * The period fields of a create (`initial` undefined) or an update: an update sends only what
 * changed, so an active period keeps the start it already had (the API refuses to move it).
 */
export function periodBody(
  d: PeriodDraft,
  initial?: PeriodDraft,
): { starts_at?: string; duration_minutes?: number } {
  const startChanged = initial === undefined ? d.starts !== '' : d.starts !== initial.starts;
  const lengthChanged = initial === undefined || d.hours !== initial.hours || startChanged;
  return {
    ...(startChanged && d.starts !== ''
      ? { starts_at: DateTime.fromISO(d.starts).toUTC().toISO() ?? d.starts }
      : {}),
    ...(lengthChanged && typeof d.hours === 'number' ? { duration_minutes: Math.round(d.hours * 60) } : {}),
  };
}

export function PeriodFields({
  value,
  onChange,
  err,
  startLocked = false,
}: {
  value: PeriodDraft;
  onChange: (d: PeriodDraft) => void;
  err: FieldError | undefined;
  /** An active period has started: its start cannot move. */
  startLocked?: boolean;
}) {
  return (
    <Group align="start" wrap="wrap">
      <TextInput
        type="datetime-local"
        label="Starts"
        description={startLocked ? 'Already started' : 'Empty: now'}
        value={value.starts}
        disabled={startLocked}
        onChange={(e) => onChange({ ...value, starts: e.currentTarget.value })}
        error={errorFor(err, 'starts_at')}
      />
      <NumberInput
        label="Duration (hours)"
        description="From the start"
        value={value.hours}
        onChange={(hours) => onChange({ ...value, hours })}
        decimalScale={2}
        min={0}
        error={errorFor(err, 'duration_minutes') ?? errorFor(err, 'ends_at')}
        maw={200}
      />
    </Group>
  );
}
