import { Anchor, Badge, Button, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ActionItemView } from '../../types.ts';
import type { useSetStatus } from './data.ts';
import { dueDay, PRIORITY_LABEL } from './model.ts';
import { StatusMenu } from './StatusMenu.tsx';

// The Markdown renderer loads only where a description is shown: the incident page is in the
// app's first script, which stays small (as its status page panel's modal).
const Description = lazy(async () => ({ default: (await import('./Description.tsx')).Description }));

/** A list of item cards, named for screen readers (and the browser tests). */
export function ItemList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  );
}

/**
 * One action item in a list (an incident's panel, a board column, the Now page): its title, its
 * incident where the list spans several, owner, due date, priority and status. An overdue item
 * says so in words and with a red edge, so it stands out without relying on colour.
 */
export function ItemCard({
  item,
  canAct,
  setStatus,
  showIncident = false,
  showDescription = false,
  onEdit,
  onPush,
}: {
  item: ActionItemView;
  canAct: boolean;
  setStatus: ReturnType<typeof useSetStatus>;
  showIncident?: boolean;
  showDescription?: boolean;
  onEdit?: (item: ActionItemView) => void;
  /** Given where trackers exist: offers pushing an item not pushed yet. */
  onPush?: (item: ActionItemView) => void;
}) {
  return (
    <Paper
      component="li"
      withBorder
      p="xs"
      data-overdue={item.overdue}
      // The wider red edge takes its width from the padding, so titles line up with the other cards.
      style={
        item.overdue ? { borderLeft: '4px solid var(--mantine-color-red-8)', paddingLeft: 7 } : undefined
      }
    >
      <Stack gap={4}>
        <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {item.title}
        </Text>
        {showIncident && (
          <Anchor
            component={Link}
            to={`/incidents/${encodeURIComponent(item.incident.ref)}`}
            size="sm"
            style={{ overflowWrap: 'anywhere' }}
          >
            {item.incident.ref}: {item.incident.title}
          </Anchor>
        )}
        {showDescription && item.description.trim() !== '' && (
          <Suspense fallback={null}>
            <Description body={item.description} />
          </Suspense>
        )}
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Text size="sm">{item.owner?.name ?? 'No owner'}</Text>
            {item.due_date !== null &&
              (item.overdue ? (
                <Text size="sm" c="red.8" fw={700}>
                  Overdue: due {dueDay(item.due_date)}
                </Text>
              ) : (
                <Text size="sm" c="gray.7">
                  Due {dueDay(item.due_date)}
                </Text>
              ))}
            <Badge color="dark.6" variant="outline" radius="xs">
              {PRIORITY_LABEL[item.priority]} priority
            </Badge>
            {item.tracker !== null && <Ticket tracker={item.tracker} />}
          </Group>
          {/* Pushed right when it wraps below the rest too, so every card keeps it in one place. */}
          <Group gap="xs" wrap="nowrap" ml="auto">
            <StatusMenu item={item} canAct={canAct} setStatus={setStatus} />
            {canAct && onEdit !== undefined && (
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => onEdit(item)}
                aria-label={`Edit ${item.title}`}
              >
                Edit
              </Button>
            )}
            {canAct && onPush !== undefined && item.tracker === null && (
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => onPush(item)}
                aria-label={`Push to tracker: ${item.title}`}
              >
                Push to tracker…
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The GitHub issue or Jira ticket the item was pushed as, and its state there (as its webhook said). */
function Ticket({ tracker }: { tracker: NonNullable<ActionItemView['tracker']> }) {
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      <Anchor href={tracker.url} target="_blank" rel="noopener noreferrer" size="sm">
        {tracker.key}
        <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
      </Anchor>{' '}
      <Text span size="sm" c="gray.7">
        ({tracker.state})
      </Text>
    </Text>
  );
}
