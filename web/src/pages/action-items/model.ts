import { DateTime } from 'luxon';
import type { ActionItemPriority, ActionItemStatus, ActionItemView } from '../../types.ts';

/**
 * The words and colours of action items (src/action-items/schemas.ts). Badges are filled with
 * automatic text colour for AA contrast (as web/src/pages/badges.tsx), and always carry the
 * word, so nothing is told by colour alone.
 */
export const STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const satisfies ActionItemStatus[];
export const PRIORITIES = ['high', 'medium', 'low'] as const satisfies ActionItemPriority[];

export const STATUS_LABEL: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

export const STATUS_COLOR: Record<ActionItemStatus, string> = {
  open: 'blue.8',
  in_progress: 'orange.8',
  done: 'green.8',
  wont_do: 'gray.7',
};

export const PRIORITY_LABEL: Record<ActionItemPriority, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** Still to do: the statuses the Now page and the overdue reminders care about. */
export const isOpen = (i: Pick<ActionItemView, 'status'>) =>
  i.status === 'open' || i.status === 'in_progress';

const RANK: Record<ActionItemPriority, number> = { high: 0, medium: 1, low: 2 };

/**
 * What to work on first: overdue items, then by due date (none last), then by priority. The API
 * lists newest first, which is the order of writing them, not of doing them.
 */
export function byUrgency(list: ActionItemView[]): ActionItemView[] {
  return [...list].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') ||
      RANK[a.priority] - RANK[b.priority],
  );
}

/** "Tue, Dec 1, 2026": a due date is a day where its owner is, not an instant. */
export function dueDay(day: string): string {
  return DateTime.fromISO(day).toLocaleString({
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
}
