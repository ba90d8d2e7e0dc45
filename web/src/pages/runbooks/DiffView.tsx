import { Box, Button, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { RunbookDiffView } from '../../types.ts';

type Line = RunbookDiffView['lines'][number];
type Block = { kind: 'line'; at: number; line: Line } | { kind: 'fold'; at: number; lines: Line[] };

/** Unchanged lines shown around each change; longer unchanged runs fold away. */
const CONTEXT = 3;

/** The lines in order, with each long run of unchanged lines away from any change folded into one. */
export function blocksOf(lines: readonly Line[], open: ReadonlySet<number>): Block[] {
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  const near = (i: number) => changed.some((c) => Math.abs(c - i) <= CONTEXT);
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (near(i)) {
      out.push({ kind: 'line', at: i, line: lines[i]! });
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && !near(end)) end++;
    // A fold of one line hides nothing worth a button.
    if (end - i < 2 || open.has(i)) {
      for (let j = i; j < end; j++) out.push({ kind: 'line', at: j, line: lines[j]! });
    } else {
      out.push({ kind: 'fold', at: i, lines: lines.slice(i, end) });
    }
    i = end;
  }
  return out;
}

const LOOK: Record<Line['op'], { sign: string; said: string; bg?: string; border: string }> = {
  '+': {
    sign: '+',
    said: 'Added: ',
    bg: 'var(--mantine-color-green-0)',
    border: 'var(--mantine-color-green-8)',
  },
  '-': {
    sign: '-',
    said: 'Removed: ',
    bg: 'var(--mantine-color-red-0)',
    border: 'var(--mantine-color-red-8)',
  },
  ' ': { sign: '', said: '', border: 'transparent' },
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * What changed between two versions, line by line: an added line starts with `+`, a removed one
 * with `-` (and screen readers hear "Added" or "Removed"), so the change never rests on the
 * green and red alone. Long unchanged stretches fold into a button that shows them.
 */
export function DiffView({ diff }: { diff: RunbookDiffView }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const added = diff.lines.filter((l) => l.op === '+').length;
  const removed = diff.lines.filter((l) => l.op === '-').length;
  const titleChanged = diff.title.from !== diff.title.to;
  return (
    <Stack gap="xs">
      {titleChanged && (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          Title: “{diff.title.from}” → “{diff.title.to}”
        </Text>
      )}
      <Text size="sm" aria-live="polite">
        {added + removed === 0
          ? 'The text is the same in both versions.'
          : `${plural(added, 'line')} added, ${plural(removed, 'line')} removed.`}
      </Text>
      {added + removed > 0 && (
        <Box
          component="ol"
          aria-label={`Changes from version ${diff.from} to version ${diff.to}`}
          p={0}
          m={0}
          fz="sm"
          ff="monospace"
          style={{
            listStyle: 'none',
            border: '1px solid var(--mantine-color-gray-4)',
            borderRadius: 'var(--mantine-radius-sm)',
          }}
        >
          {blocksOf(diff.lines, open).map((b) =>
            b.kind === 'fold' ? (
              <li key={`fold-${b.at}`} style={{ background: 'var(--mantine-color-gray-0)' }}>
                <Button
                  variant="subtle"
                  color="dark"
                  size="compact-sm"
                  fullWidth
                  onClick={() => setOpen(new Set([...open, b.at]))}
                >
                  Show {plural(b.lines.length, 'unchanged line')}
                </Button>
              </li>
            ) : (
              <DiffLine key={b.at} line={b.line} />
            ),
          )}
        </Box>
      )}
    </Stack>
  );
}

function DiffLine({ line }: { line: Line }) {
  const look = LOOK[line.op];
  return (
    <li
      data-op={line.op}
      style={{
        display: 'flex',
        background: look.bg,
        borderLeft: `3px solid ${look.border}`,
        padding: '1px 6px',
      }}
    >
      <span aria-hidden="true" style={{ flex: '0 0 2ch', fontWeight: 700 }}>
        {look.sign}
      </span>
      <span style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {look.said !== '' && <VisuallyHidden>{look.said}</VisuallyHidden>}
        {line.text === '' ? '\u00a0' : line.text}
      </span>
    </li>
  );
}
