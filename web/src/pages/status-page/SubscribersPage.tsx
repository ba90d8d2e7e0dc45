import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import type { Page, StatusSubscriberView as SubscriberView } from '../../types.ts';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { AdminOnly } from '../settings/AdminOnly.tsx';
import { SP, spKey, useComponents, useSpMutation } from './data.ts';

export function SubscribersPage() {
  return (
    <AdminOnly>
      <Subscribers />
    </AdminOnly>
  );
}

/** Who gets the updates (GET /subscribers, admins: addresses are personal data), and removing one. */
function Subscribers() {
  const subscribers = useQuery({
    queryKey: spKey('subscribers'),
    queryFn: () => api<Page<SubscriberView>>('GET', `${SP}/subscribers?limit=500`),
  });
  const components = useComponents();
  const [removing, setRemoving] = useState<SubscriberView | null>(null);
  const names = (ids: string[] | null) =>
    ids === null
      ? 'Everything'
      : ids.map((id) => components.data?.data.find((c) => c.id === id)?.name ?? id).join(', ');
  return (
    <Stack gap="md" maw={860}>
      <Text c="gray.7">
        People and systems that subscribed on the public page, by email (after confirming) or webhook.
      </Text>
      <QueryState query={subscribers} what="the subscribers" />
      {subscribers.data?.data.length === 0 && <Text>No subscribers yet.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Subscribers">
        {subscribers.data?.data.map((s) => (
          <Paper key={s.id} component="li" withBorder p="sm">
            <Group justify="space-between" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {s.address}
                </Text>
                <Group gap="xs">
                  <Badge variant="outline" color="dark.6" tt="none">
                    {s.kind === 'email' ? 'Email' : 'Webhook'}
                  </Badge>
                  <Badge variant="filled" autoContrast color={s.confirmed ? 'green.8' : 'orange.8'} tt="none">
                    {s.confirmed ? 'Confirmed' : 'Not confirmed yet'}
                  </Badge>
                  {s.quarantined_at !== null && (
                    <Badge variant="filled" autoContrast color="red.9" tt="none">
                      Disabled: deliveries kept failing
                    </Badge>
                  )}
                </Group>
                <Text size="sm">Components: {names(s.component_ids)}</Text>
                <Text size="xs" c="gray.7">
                  Since {when(s.created_at)}
                </Text>
                {s.quarantined_at !== null && (
                  // A quarantined webhook gets nothing more; only its owner subscribing again revives it.
                  <Text size="sm" c="red.9">
                    No deliveries since {when(s.quarantined_at)}: its address failed for days. Remove it, or
                    ask its owner to fix the receiver and subscribe again.
                  </Text>
                )}
              </Stack>
              <Button variant="default" onClick={() => setRemoving(s)} aria-label={`Remove ${s.address}`}>
                Remove…
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
      {removing !== null && <RemoveSubscriber subscriber={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}

function RemoveSubscriber({ subscriber, onClose }: { subscriber: SubscriberView; onClose: () => void }) {
  const remove = useSpMutation(() => ['DELETE', `/subscribers/${encodeURIComponent(subscriber.id)}`]);
  return (
    <ConfirmModal
      title={`Remove ${subscriber.address}?`}
      confirm="Remove subscriber"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      <Text size="sm">
        It gets no more updates, and what is queued for it is dropped. It is not told; it may subscribe again
        on the public page.
      </Text>
    </ConfirmModal>
  );
}
