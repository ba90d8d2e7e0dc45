import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import type { ThrottleView } from '../../types.ts';
import { ListTable, Section } from '../profile/parts.tsx';
import { AdminOnly } from './AdminOnly.tsx';

export function ThrottlePage() {
  return (
    <AdminOnly>
      <Throttle />
    </AdminOnly>
  );
}

/**
 * The paging throttle (GET /api/v1/notification-throttle): the limits TOCSIN_NOTIFY_THROTTLE
 * sets, and who is at one now. Keyed under `['now', ...]` (web/src/live.tsx) so every incident or
 * alert change refetches it: pages follow incidents. A window freeing is no event, so the page
 * also has a button to look again.
 */
function Throttle() {
  const throttle = useQuery({
    queryKey: ['now', 'notification-throttle'],
    queryFn: () => api<ThrottleView>('GET', '/notification-throttle'),
  });
  const data = throttle.data;
  return (
    <Stack maw={960}>
      <Title order={1}>Notification throttle</Title>
      <Text c="gray.7">
        Each person gets at most so many messages per contact-method type in a window. Pages above the limit
        are not dropped: they wait for the window to free and then go out bundled into one message.
      </Text>
      <QueryState query={throttle} what="the notification throttle" />
      {data && (
        <>
          <Section
            id="throttle-limits"
            title="Limits"
            intro="Set with TOCSIN_NOTIFY_THROTTLE (or --notify-throttle) when Tocsin starts."
          >
            {data.limits.length === 0 ? (
              <Text size="sm">No limits: every page goes out at once.</Text>
            ) : (
              <ListTable label="Limits per contact-method type" headers={['Contact-method type', 'At most']}>
                {data.limits.map((l) => (
                  <Table.Tr key={l.channel}>
                    <Table.Td>{l.channel === '*' ? 'Every other type' : l.channel}</Table.Td>
                    <Table.Td>
                      {l.limit === null || l.window_seconds === null
                        ? 'No limit'
                        : `${messages(l.limit)} per ${duration(l.window_seconds)}`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </ListTable>
            )}
          </Section>
          <Section id="throttle-held" title="Held back now" intro={`As of ${when(data.at)}.`}>
            {data.held.length === 0 ? (
              <Text size="sm">Nobody is at a limit: every page goes out as it comes.</Text>
            ) : (
              // Cards, not a table: a row of five columns would scroll sideways on a phone.
              <Stack
                gap="xs"
                component="ul"
                p={0}
                m={0}
                style={{ listStyle: 'none' }}
                aria-label="People held back now"
              >
                {data.held.map((h) => (
                  <Paper
                    key={`${h.user_id}/${h.channel}`}
                    component="li"
                    withBorder
                    p="sm"
                    aria-label={`${h.user_name} by ${h.channel}`}
                  >
                    <Text fw={600}>
                      {h.user_name}{' '}
                      <Text span size="sm" c="gray.7">
                        by {h.channel}
                      </Text>
                    </Text>
                    <Text size="sm">
                      {h.counted} of {h.limit} messages per {duration(h.window_seconds)} · {h.waiting}{' '}
                      {h.waiting === 1 ? 'page' : 'pages'} waiting
                    </Text>
                    <Text size="sm">
                      Window frees:{' '}
                      {h.frees_at === null ? 'when a message being sent is decided' : when(h.frees_at)}
                    </Text>
                  </Paper>
                ))}
              </Stack>
            )}
          </Section>
          <Group>
            <Button variant="default" loading={throttle.isFetching} onClick={() => void throttle.refetch()}>
              Look again
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

const messages = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

/** 900 -> "15 minutes", 3600 -> "1 hour", as TOCSIN_NOTIFY_THROTTLE writes windows (s, m, h). */
function duration(seconds: number): string {
  const [n, unit] =
    seconds % 3600 === 0
      ? [seconds / 3600, 'hour']
      : seconds % 60 === 0
        ? [seconds / 60, 'minute']
        : [seconds, 'second'];
  return n === 1 ? `1 ${unit}` : `${n} ${unit}s`;
}
