import { Alert, Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useMe } from '../../session.tsx';
import type { CalendarFeedView, CreatedCalendarFeedView, Page } from '../../types.ts';

/**
 * The signed-in person's calendar feed (/api/v1/calendar-feeds): every shift of theirs on every
 * schedule, as an iCalendar URL for Google Calendar or Outlook. The API shows a feed's token
 * only when it is made, so an existing feed is named by its prefix and a new URL can be made.
 */
export function FeedCard() {
  const me = useMe();
  const queryClient = useQueryClient();
  const userId = me.data?.user.id;
  const feeds = useQuery({
    queryKey: ['oncall', 'feeds'],
    queryFn: () => api<Page<CalendarFeedView>>('GET', '/calendar-feeds?limit=500'),
  });
  const create = useMutation({
    mutationFn: () => api<CreatedCalendarFeedView>('POST', '/calendar-feeds', { user_id: userId }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['oncall', 'feeds'] }),
  });
  const mine = feeds.data?.data.filter(
    (f) => f.kind === 'user' && f.user_id === userId && f.revoked_at === null,
  );
  const url = create.data?.url;

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          My calendar feed
        </Title>
        <Text size="sm">
          Subscribe to your shifts on every schedule from Google Calendar, Outlook or Apple Calendar.
        </Text>
        {url !== undefined ? (
          <>
            <Group gap="xs" align="end" wrap="nowrap">
              <TextInput
                label="Feed URL"
                value={url}
                readOnly
                style={{ flex: 1, minWidth: 0 }}
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant={copied ? 'filled' : 'default'} onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="gray.7">
              Keep it private: the URL is the key to your calendar. It is shown only now.
            </Text>
          </>
        ) : (
          mine !== undefined &&
          mine.length > 0 && (
            <Text size="sm">
              You have {mine.length === 1 ? 'a feed' : `${mine.length} feeds`} (token{' '}
              {mine.map((f) => `${f.token_prefix}…`).join(', ')}). Its URL was shown when it was made; make a
              new one to see a URL again.
            </Text>
          )
        )}
        {create.isError && (
          <Alert color="red" role="alert" title="Could not create the feed">
            {create.error.message}
          </Alert>
        )}
        {url === undefined && (
          <Group>
            <Button
              variant="default"
              loading={create.isPending}
              disabled={userId === undefined}
              onClick={() => create.mutate()}
            >
              {mine !== undefined && mine.length > 0 ? 'Make a new feed URL' : 'Create my feed URL'}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
