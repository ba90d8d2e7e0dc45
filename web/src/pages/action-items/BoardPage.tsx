import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import { useMe } from '../../session.tsx';
import type { ActionItemView } from '../../types.ts';
import { BoardFilters, boardQuery } from './BoardFilters.tsx';
import { useItems, useSetStatus } from './data.ts';
import { ItemCard, ItemList } from './ItemCard.tsx';
import { ItemModal } from './ItemModal.tsx';
import { byUrgency, STATUS_LABEL, STATUSES } from './model.ts';

/**
 * Action items across incidents (GET /api/v1/action-items), for a team or everyone, in one
 * column per status. Moving an item is its status menu, which works from the keyboard and on a
 * phone (where the columns stack); each item links its incident. The filters are in the URL, so a
 * team's board is a link.
 */
export function BoardPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const canAct = me.data !== undefined && me.data.user.role !== 'viewer';
  const items = useItems(boardQuery(params));
  const setStatus = useSetStatus();
  const [editing, setEditing] = useState<ActionItemView | null>(null);
  const list = items.data?.data ?? [];

  const change = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(key);
    else next.set(key, value);
    // A service of the team left behind would hide everything.
    if (key === 'team') next.delete('service');
    setParams(next, { replace: true });
  };

  return (
    <Stack>
      <Title order={1}>Action items</Title>
      <BoardFilters params={params} onChange={change} />
      <QueryState query={items} what="the action items" />
      {items.data?.next_cursor != null && (
        <Alert color="yellow" role="status">
          Showing the newest {list.length} action items; narrow the filters to see the rest.
        </Alert>
      )}
      {setStatus.isError && (
        <Alert color="red" role="alert" title="Could not change the status">
          {setStatus.error.message}
        </Alert>
      )}
      {items.isSuccess && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          {STATUSES.map((status) => {
            const column = byUrgency(list.filter((i) => i.status === status));
            const id = `column-${status}`;
            return (
              <Paper key={status} component="section" aria-labelledby={id} p="xs" bg="gray.0" withBorder>
                <Title order={2} size="h4" id={id} mb="xs">
                  {STATUS_LABEL[status]} ({column.length})
                </Title>
                {column.length === 0 && (
                  <Text size="sm" c="gray.7">
                    None.
                  </Text>
                )}
                <ItemList label={STATUS_LABEL[status]}>
                  {column.map((i) => (
                    <ItemCard
                      key={i.id}
                      item={i}
                      canAct={canAct}
                      setStatus={setStatus}
                      showIncident
                      onEdit={setEditing}
                    />
                  ))}
                </ItemList>
              </Paper>
            );
          })}
        </SimpleGrid>
      )}
      {editing !== null && <ItemModal target={{ item: editing }} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
