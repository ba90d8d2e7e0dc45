import type { CSSProperties } from 'react';
import type { ShiftView } from '../../types.ts';

// How the calendar and its legend draw each kind of block, so the two always agree: a person's
// colour, striped for an override, dashed for a temporary schedule; gaps red, time off grey.
const v = (color: string, shade: number) => `var(--mantine-color-${color}-${shade})`;
const stripes = (angle: number, a: string, b: string, w: number) =>
  `repeating-linear-gradient(${angle}deg, ${a} 0 ${w}px, ${b} ${w}px ${w * 2}px)`;

export const GAP_LOOK: CSSProperties = {
  background: stripes(135, v('red', 0), v('red', 1), 6),
  border: `1px dashed ${v('red', 8)}`,
};

export const TIME_OFF_LOOK: CSSProperties = {
  background: stripes(45, v('gray', 0), v('gray', 2), 4),
  border: `1px dotted ${v('gray', 7)}`,
};

export function shiftLook(color: string, source: ShiftView['source']): CSSProperties {
  const edge = `4px solid ${v(color, 7)}`;
  if (source === 'override')
    return {
      background: stripes(135, v(color, 2), v(color, 0), 5),
      border: `2px solid ${v(color, 7)}`,
      borderLeft: edge,
    };
  if (source === 'temporary')
    return { background: v(color, 2), border: `2px dashed ${v(color, 7)}`, borderLeft: edge };
  return { background: v(color, 2), borderLeft: edge };
}
