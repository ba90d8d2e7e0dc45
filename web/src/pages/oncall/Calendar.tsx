import { Box, Group, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { CSSProperties } from 'react';
import { DateTime } from 'luxon';
import type { ShiftView, TimeOffView } from '../../types.ts';
import { GAP_LOOK, shiftLook, TIME_OFF_LOOK } from './looks.ts';
import { hours, type Segment, segmentsOf, span, type View } from './calendar-model.ts';

export interface CalendarData {
  shifts: ShiftView[];
  gaps: { start: string; end: string }[];
  timeOff: TimeOffView[];
  colors: Map<string, string>;
  names: Map<string, string>;
  layerNames: Map<string, string>;
  /** Set when the person may override: a click on a shift asks for its replacement. */
  onPick: ((shift: ShiftView) => void) | undefined;
}

const HOUR_PX = 18;

/**
 * The final shifts of a schedule as a calendar: day and week as time columns (a phone gets one
 * list per day instead), month as a grid of days. Each person has a colour; overrides are
 * striped, temporary schedules dashed, gaps red and hatched, time off grey beside the shifts.
 */
export function Calendar({
  view,
  days,
  month,
  narrow,
  data,
}: {
  view: View;
  days: DateTime[];
  month: number;
  narrow: boolean;
  data: CalendarData;
}) {
  if (narrow)
    return (
      <Stack gap="sm">
        {days
          .filter((d) => view !== 'month' || d.month === month)
          .map((d) => (
            <Box key={d.toISODate()}>
              <DayHeading day={d} />
              <DayList segments={segmentsOf(d, data.shifts, data.gaps, data.timeOff)} data={data} />
            </Box>
          ))}
      </Stack>
    );
  if (view === 'month')
    return (
      <SimpleGrid cols={7} spacing={2} verticalSpacing={2}>
        {days.map((d) => (
          <Box
            key={d.toISODate()}
            p={4}
            mih={110}
            bd="1px solid gray.3"
            bg={d.month === month ? undefined : 'gray.0'}
            aria-label={d.toFormat('cccc d LLLL')}
            role="group"
          >
            <Text size="xs" fw={700} c={d.month === month ? 'gray.9' : 'gray.7'}>
              {d.toFormat('ccc d')}
            </Text>
            <DayList segments={segmentsOf(d, data.shifts, data.gaps, data.timeOff)} data={data} compact />
          </Box>
        ))}
      </SimpleGrid>
    );
  return (
    <Group gap={2} align="start" wrap="nowrap">
      <Box w={44} pt={28} aria-hidden>
        {Array.from({ length: 24 / 3 }, (_, i) => (
          <Text key={i} size="xs" c="gray.7" h={HOUR_PX * 3}>
            {`${String(i * 3).padStart(2, '0')}:00`}
          </Text>
        ))}
      </Box>
      {days.map((d) => (
        <Box
          key={d.toISODate()}
          style={{ flex: 1, minWidth: 0 }}
          role="group"
          aria-label={d.toFormat('cccc d LLLL')}
        >
          <Box h={28}>
            <DayHeading day={d} />
          </Box>
          <DayColumn segments={segmentsOf(d, data.shifts, data.gaps, data.timeOff)} data={data} />
        </Box>
      ))}
    </Group>
  );
}

function DayHeading({ day }: { day: DateTime }) {
  const today = day.hasSame(DateTime.now().setZone(day.zone), 'day');
  return (
    // One line: a narrow column (the editor's preview) cuts it short rather than overlap the hours.
    <Text size="sm" fw={700} c={today ? 'blue.8' : 'gray.9'} truncate="end">
      {day.toFormat('ccc d LLL')}
      {today && ' (today)'}
    </Text>
  );
}

/** The part of the day a segment covers, as top/height in a column of 24 hours. */
function placement(s: Segment): CSSProperties {
  const dayStart = s.start.startOf('day');
  const top = s.start.diff(dayStart, 'hours').hours;
  const length = s.end.diff(s.start, 'hours').hours;
  return { position: 'absolute', top: top * HOUR_PX, height: Math.max(length * HOUR_PX - 1, 8) };
}

function DayColumn({ segments, data }: { segments: Segment[]; data: CalendarData }) {
  // Time off gets a lane of its own beside the shifts, on the days that have some.
  const timeOffLane = segments.some((s) => s.kind === 'time-off');
  return (
    <Box
      pos="relative"
      h={HOUR_PX * 24}
      bd="1px solid gray.3"
      style={{
        backgroundImage: `repeating-linear-gradient(to bottom, transparent 0 ${HOUR_PX * 3 - 1}px, var(--mantine-color-gray-2) ${HOUR_PX * 3 - 1}px ${HOUR_PX * 3}px)`,
      }}
    >
      {segments.map((s) => {
        const lane: CSSProperties =
          s.kind === 'time-off' ? { right: 0, width: '30%' } : { left: 0, right: timeOffLane ? '31%' : 0 };
        return <Block key={key(s)} s={s} data={data} style={{ ...placement(s), ...lane }} />;
      })}
    </Box>
  );
}

function DayList({
  segments,
  data,
  compact = false,
}: {
  segments: Segment[];
  data: CalendarData;
  compact?: boolean;
}) {
  if (segments.length === 0)
    return (
      <Text size="xs" c="gray.7">
        Nothing scheduled
      </Text>
    );
  return (
    <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {segments.map((s) => (
        <li key={key(s)}>
          <Block s={s} data={data} compact={compact} style={{ display: 'block', width: '100%' }} />
        </li>
      ))}
    </Stack>
  );
}

function key(s: Segment): string {
  return `${s.kind}:${s.shift?.source_id ?? s.timeOff?.id ?? ''}:${s.shift?.user_id ?? ''}:${s.start.toMillis()}`;
}

/** One shift, gap or time off: its colour and pattern say which, its text says the rest. */
function Block({
  s,
  data,
  style,
  compact = false,
}: {
  s: Segment;
  data: CalendarData;
  style: CSSProperties;
  compact?: boolean;
}) {
  const text = describe(s, data);
  const look = appearance(s, data);
  const time = compact ? s.start.toFormat('HH:mm') : hours(s);
  const body = (
    <Text size="xs" c="gray.9" lh={1.25} style={{ overflow: 'hidden' }}>
      <b>{time}</b> {text.short}
    </Text>
  );
  const common: CSSProperties = {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'flex-start',
    ...style,
    ...look,
    padding: '1px 4px',
    borderRadius: 3,
    overflow: 'hidden',
    textAlign: 'left',
  };
  const shift = s.shift;
  if (s.kind === 'shift' && shift !== undefined && data.onPick !== undefined) {
    const pick = data.onPick;
    return (
      <UnstyledButton
        style={common}
        // The name starts with the visible text (speech input users say what they see).
        aria-label={`${time} ${text.short}: ${text.long}. Override this shift`}
        title={text.long}
        onClick={() => pick(shift)}
      >
        {body}
      </UnstyledButton>
    );
  }
  return (
    <Box style={common} title={text.long} aria-label={text.long} role="note">
      {body}
    </Box>
  );
}

function describe(s: Segment, data: CalendarData): { short: string; long: string } {
  const when = span(s.whole);
  if (s.kind === 'gap') return { short: 'Gap: nobody on call', long: `Gap, nobody on call, ${when}` };
  if (s.kind === 'time-off') {
    const who = data.names.get(s.timeOff?.user_id ?? '') ?? 'someone';
    return { short: `${who}: time off`, long: `${who} on time off, ${when}` };
  }
  const shift = s.shift!;
  const who = shift.user_name ?? data.names.get(shift.user_id) ?? 'deleted user';
  const from =
    shift.source === 'override'
      ? 'override'
      : shift.source === 'temporary'
        ? 'temporary schedule'
        : (data.layerNames.get(shift.source_id) ?? 'layer');
  return { short: `${who} · ${from}`, long: `${who} on call (${from}), ${when}` };
}

function appearance(s: Segment, data: CalendarData): CSSProperties {
  if (s.kind === 'gap') return GAP_LOOK;
  if (s.kind === 'time-off') return TIME_OFF_LOOK;
  return shiftLook(data.colors.get(s.shift?.user_id ?? '') ?? 'gray', s.shift?.source ?? 'layer');
}
