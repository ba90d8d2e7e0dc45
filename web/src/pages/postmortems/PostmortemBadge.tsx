import { Badge, Text } from '@mantine/core';
import { DateTime } from 'luxon';
import type { PostmortemSummaryView } from '../../types.ts';
import { STATUS_LABEL } from './data.ts';

const COLOR: Record<PostmortemSummaryView['status'], string> = {
  draft: 'gray.8',
  in_review: 'blue.8',
  published: 'green.8',
};

/** A postmortem's status, in the filled style of the incident badges (AA contrast, axe checks it). */
export function PostmortemBadge({ status }: { status: PostmortemSummaryView['status'] }) {
  return (
    <Badge color={COLOR[status]} variant="filled" autoContrast>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** "Due 2 Dec 2026", "Overdue since 2 Dec 2026", or nothing while no due date is set. */
export function DueDate({ pm }: { pm: Pick<PostmortemSummaryView, 'due_at' | 'status'> }) {
  if (pm.due_at === null || pm.status === 'published') return null;
  const due = DateTime.fromISO(pm.due_at);
  const overdue = due < DateTime.now();
  return (
    <Text size="sm" c={overdue ? 'red.8' : undefined} fw={overdue ? 600 : undefined}>
      {overdue ? 'Overdue since' : 'Due'} {due.toLocaleString(DateTime.DATE_MED)}
    </Text>
  );
}
