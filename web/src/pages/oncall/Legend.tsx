import { Box, Group, Text } from '@mantine/core';
import type { CSSProperties } from 'react';
import type { ScheduleView } from '../../types.ts';
import type { CalendarData } from './Calendar.tsx';
import { GAP_LOOK, shiftLook, TIME_OFF_LOOK } from './looks.ts';

/** Who has which colour, the schedule's layers, and what the patterns mean. */
export function Legend({ data, layers }: { data: CalendarData; layers: ScheduleView['layers'] }) {
  const people = [...data.colors.entries()].sort(([a], [b]) =>
    (data.names.get(a) ?? a).localeCompare(data.names.get(b) ?? b),
  );
  const list = { p: 0, m: 0, style: { listStyle: 'none' } } as const;
  return (
    <Box>
      <Group gap="sm" component="ul" {...list} aria-label="People">
        {people.map(([id, color]) => (
          <Swatch key={id} label={data.names.get(id) ?? 'deleted user'} style={shiftLook(color, 'layer')} />
        ))}
      </Group>
      <Group gap="sm" mt={6} component="ul" {...list} aria-label="Key">
        <Swatch label="Override" style={shiftLook('gray', 'override')} />
        <Swatch label="Temporary schedule" style={shiftLook('gray', 'temporary')} />
        <Swatch label="Gap: nobody on call" style={GAP_LOOK} />
        <Swatch label="Time off" style={TIME_OFF_LOOK} />
      </Group>
      <Text size="sm" mt={6}>
        Layers (the higher wins):{' '}
        {layers.length === 0
          ? 'none'
          : [...layers]
              .reverse()
              .map((l) => l.name)
              .join(', ')}
      </Text>
    </Box>
  );
}

function Swatch({ label, style }: { label: string; style: CSSProperties }) {
  return (
    <Group component="li" gap={4} wrap="nowrap">
      <Box w={16} h={16} style={{ borderRadius: 3, ...style }} aria-hidden />
      <Text size="sm">{label}</Text>
    </Group>
  );
}
