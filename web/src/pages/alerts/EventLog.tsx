import { Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import type { AlertEventView, Page } from '../../types.ts';

const EVENTS_PER_PAGE = 50;

/**
 * Every event received for an alert (GET /api/v1/alerts/:id/events), newest first; older ones
 * a page at a time. Each keeps the payload as the sender posted it, folded away until asked for.
 */
export function EventLog({ alertId }: { alertId: string }) {
  const events = useInfiniteQuery({
    queryKey: ['alerts', alertId, 'events'],
    queryFn: ({ pageParam }) =>
      api<Page<AlertEventView>>(
        'GET',
        `/alerts/${encodeURIComponent(alertId)}/events?limit=${EVENTS_PER_PAGE}` +
          (pageParam === null ? '' : `&cursor=${encodeURIComponent(pageParam)}`),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const all = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="xs">
      <Title order={2} size="h3" id="event-log">
        Event log
      </Title>
      <QueryState query={events} what="the event log" />
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="event-log">
        {all.map((e) => (
          <Paper key={e.id} component="li" withBorder p="xs">
            <Group gap="xs" justify="space-between">
              <Text fw={600}>{e.action}</Text>
              <Text size="sm" c="gray.7">
                {when(e.at)}
              </Text>
            </Group>
            <details>
              <summary>Payload</summary>
              <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {JSON.stringify(e.payload, null, 2)}
              </Code>
            </details>
          </Paper>
        ))}
      </Stack>
      {events.hasNextPage && (
        <Button
          variant="default"
          loading={events.isFetchingNextPage}
          onClick={() => void events.fetchNextPage()}
        >
          Older events
        </Button>
      )}
    </Stack>
  );
}
