import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useMe } from '../../session.tsx';
import type { ActionItemView, TicketTrackerView } from '../../types.ts';
import { useList } from '../incident/data.ts';
import { useIncidentItems, useSetStatus } from './data.ts';
import { ItemCard, ItemList } from './ItemCard.tsx';
import { byUrgency, isOpen } from './model.ts';

// The form (with the Markdown preview) loads when first opened, as the status page panel's.
const ItemModal = lazy(async () => ({ default: (await import('./ItemModal.tsx')).ItemModal }));
const PushModal = lazy(async () => ({ default: (await import('./PushModal.tsx')).PushModal }));

/**
 * An incident's action items: what is still to do first (overdue, then by due date), then what
 * is finished; responders add, edit and move them. Standalone on an incident id, so the
 * postmortem editor can show the same panel.
 */
export function ActionItemsPanel({ incidentId }: { incidentId: string }) {
  const me = useMe();
  const canAct = me.data !== undefined && me.data.user.role !== 'viewer';
  const items = useIncidentItems(incidentId);
  const setStatus = useSetStatus();
  const [editing, setEditing] = useState<{ incidentId: string } | { item: ActionItemView } | null>(null);
  const [pushing, setPushing] = useState<ActionItemView | null>(null);
  // Shared with the settings page's list; asked for only by those who may push.
  const trackers = useList<TicketTrackerView>('ticket-trackers', '/ticket-trackers', canAct).data?.data ?? [];
  const list = items.data?.data ?? [];
  const todo = byUrgency(list.filter(isOpen));
  const finished = list.filter((i) => !isOpen(i));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="action-items-title" id="action-items">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={2} size="h4" id="action-items-title">
          Action items{items.isSuccess ? ` (${todo.length} to do)` : ''}
        </Title>
        {canAct && (
          <Button size="xs" variant="default" onClick={() => setEditing({ incidentId })}>
            Add action item
          </Button>
        )}
      </Group>
      {items.isError && (
        <Alert color="red" role="alert" title="Could not load the action items">
          {items.error.message}
        </Alert>
      )}
      {items.isSuccess && list.length === 0 && (
        <Text size="sm" c="gray.7">
          No action items yet: follow-ups that keep this from happening again go here.
        </Text>
      )}
      <ItemList label="Action items">
        {[...todo, ...finished].map((i) => (
          <ItemCard
            key={i.id}
            item={i}
            canAct={canAct}
            setStatus={setStatus}
            showDescription
            onEdit={(item) => setEditing({ item })}
            {...(trackers.length > 0 ? { onPush: setPushing } : {})}
          />
        ))}
      </ItemList>
      {setStatus.isError && (
        <Alert color="red" role="alert" mt="xs" title="Could not change the status">
          {setStatus.error.message}
        </Alert>
      )}
      {editing !== null && (
        <Suspense fallback={null}>
          <ItemModal target={editing} onClose={() => setEditing(null)} />
        </Suspense>
      )}
      {pushing !== null && (
        <Suspense fallback={null}>
          <PushModal item={pushing} trackers={trackers} onClose={() => setPushing(null)} />
        </Suspense>
      )}
    </Paper>
  );
}
