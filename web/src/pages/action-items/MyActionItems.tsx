import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMe } from '../../session.tsx';
import { useItems, useSetStatus } from './data.ts';
import { ItemCard, ItemList } from './ItemCard.tsx';
import { byUrgency } from './model.ts';

// Two lists rather than all of mine: finished items pile up and would push these out of a page.
const OPEN = new URLSearchParams({ owner: 'me', status: 'open' });
const STARTED = new URLSearchParams({ owner: 'me', status: 'in_progress' });

/**
 * The Now page's "My action items": what I still have to do (open or in progress), overdue
 * first, each linking its incident; the board has the rest.
 */
export function MyActionItems() {
  const me = useMe();
  const canAct = me.data !== undefined && me.data.user.role !== 'viewer';
  const setStatus = useSetStatus();
  const open = useItems(OPEN);
  const started = useItems(STARTED);
  const failed = [open, started].find((q) => q.isError)?.error ?? setStatus.error;
  const list = byUrgency([...(open.data?.data ?? []), ...(started.data?.data ?? [])]);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h3">
          My action items {open.isSuccess && started.isSuccess ? `(${list.length})` : ''}
        </Title>
        <Anchor component={Link} to="/action-items?owner=me" size="sm">
          All my action items
        </Anchor>
      </Group>
      {(open.isPending || started.isPending) && <Loader size="sm" aria-label="Loading my action items" />}
      {failed && (
        <Alert color="red" role="alert">
          {failed.message}
        </Alert>
      )}
      {open.isSuccess && started.isSuccess && list.length === 0 && <Text>Nothing to follow up on.</Text>}
      <ItemList label="My action items">
        {list.map((i) => (
          <ItemCard key={i.id} item={i} canAct={canAct} setStatus={setStatus} showIncident />
        ))}
      </ItemList>
    </Stack>
  );
}
