import { Alert, Box, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DateTime, Interval } from 'luxon';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { PreviewInput, PreviewShiftsView } from '../../types.ts';
import { Calendar, type CalendarData } from './Calendar.tsx';
import { daysOf, personColors, span } from './calendar-model.ts';

/** How far the preview looks ahead: this week and the next ones. */
export const PREVIEW_WEEKS = 2;

/** The preview's period: from the start of this week (in `zone`) for PREVIEW_WEEKS weeks. */
export function previewWeeks(zone: string): DateTime[][] {
  const now = DateTime.now().setZone(zone);
  return Array.from({ length: PREVIEW_WEEKS }, (_, i) => daysOf('week', now.plus({ weeks: i })));
}

/**
 * The final calendar the schedule would have with the layers as they stand in the editor, before
 * saving: POST /api/v1/schedules/preview, which computes it the way saving would. It follows the
 * editor a moment after typing stops; gaps are listed above the calendar as well as drawn.
 */
export function EditorPreview({
  body,
  zone,
  names,
  layerNames,
  narrow,
  onError,
  onData,
}: {
  body: Omit<PreviewInput, 'from' | 'to'>;
  zone: string;
  names: Map<string, string>;
  layerNames: Map<string, string>;
  narrow: boolean;
  onError: (e: Error | null) => void;
  /** The shifts shown, for what the editor says a change does (deleting a layer). */
  onData: (d: PreviewShiftsView | undefined) => void;
}) {
  const weeks = previewWeeks(zone);
  // From now (taken once, so the query stays put): before now, saving changes nothing.
  const [from] = useState(() => DateTime.now().startOf('minute').toUTC().toISO());
  const to = weeks.at(-1)!.at(-1)!.plus({ days: 1 }).toUTC().toISO()!;
  const [settled] = useDebouncedValue(body, 400);
  const preview = useQuery({
    queryKey: ['schedules', 'preview', settled, from, to],
    queryFn: () => api<PreviewShiftsView>('POST', '/schedules/preview', { ...settled, from, to }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  // The editor shows a 400 at the field it names, as it would after a failed save.
  useEffect(() => onError(preview.error), [preview.error, onError]);
  useEffect(() => onData(preview.data), [preview.data, onData]);
  const shifts = preview.data?.data ?? [];
  const data: CalendarData = {
    shifts,
    gaps: preview.data?.gaps ?? [],
    timeOff: [],
    colors: personColors(shifts.map((s) => s.user_id)),
    names,
    layerNames,
    onPick: undefined,
  };
  const gaps = (preview.data?.gaps ?? []).map((g) =>
    span(
      Interval.fromDateTimes(
        DateTime.fromISO(g.start, { zone }),
        DateTime.fromISO(g.end, { zone }),
      ) as Interval<true>,
    ),
  );

  return (
    <Stack gap="sm" component="section" aria-labelledby="preview-title">
      <Title order={2} size="h3" id="preview-title">
        Preview: the next {PREVIEW_WEEKS} weeks, not saved yet
      </Title>
      {preview.isError && (
        <Alert color="red" title="No preview until this is fixed">
          {preview.error.message}
        </Alert>
      )}
      {preview.data && (
        <Box aria-live="polite">
          {gaps.length === 0 ? (
            <Text size="sm">No gaps: someone is on call all the time.</Text>
          ) : (
            <Text size="sm" c="red.8" fw={600}>
              {gaps.length} {gaps.length === 1 ? 'gap' : 'gaps'} with nobody on call:{' '}
              {gaps.slice(0, 3).join('; ')}
              {gaps.length > 3 && '; …'}
            </Text>
          )}
        </Box>
      )}
      {preview.data &&
        weeks.map((days) => (
          <Box key={days[0]!.toISODate()} aria-label={`Week of ${days[0]!.toFormat('d LLLL')}`} role="group">
            <Calendar view="week" days={days} month={days[0]!.month} narrow={narrow} data={data} />
          </Box>
        ))}
    </Stack>
  );
}
