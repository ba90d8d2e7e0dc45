import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { when } from '../../format.ts';
import type { TimelineEntryView } from '../../types.ts';
import { incidentPath, useIncidentAction, useTimeline } from './data.ts';

/**
 * How each kind of entry reads at a glance: a short label and a colour per family (paging in
 * red, people's actions in blue, words in grape, ...). The entry's own message says the rest.
 * Kinds the server adds later still show, under their raw name.
 */
const KINDS: Record<string, [string, string]> = {
  triggered: ['Triggered', 'red'],
  declared: ['Declared', 'red'],
  alert_attached: ['Alert', 'red'],
  retriggered: ['Re-triggered', 'red'],
  escalated: ['Escalated', 'orange'],
  escalation_requested: ['Escalation', 'orange'],
  escalation_stopped: ['Escalation stopped', 'gray'],
  level_skipped: ['Level skipped', 'orange'],
  policy_exhausted: ['Policy exhausted', 'orange'],
  paged: ['Paged', 'orange'],
  notified: ['Notified', 'orange'],
  notification_failed: ['Notification failed', 'red'],
  fell_through: ['Fell through', 'orange'],
  bundled: ['Bundled', 'gray'],
  acknowledged: ['Acknowledged', 'blue'],
  snoozed: ['Snoozed', 'blue'],
  reassigned: ['Reassigned', 'blue'],
  mitigated: ['Mitigated', 'teal'],
  resolved: ['Resolved', 'green'],
  closed: ['Closed', 'gray'],
  reopened: ['Reopened', 'blue'],
  severity_changed: ['Severity', 'violet'],
  services_changed: ['Services', 'violet'],
  role_assigned: ['Role', 'indigo'],
  role_unassigned: ['Role', 'indigo'],
  note: ['Note', 'grape'],
  status_update: ['Status update', 'grape'],
  update_due: ['Update due', 'yellow'],
  recent_change: ['Recent change', 'cyan'],
  task_added: ['Task', 'gray'],
  task_done: ['Task done', 'gray'],
  task_reopened: ['Task reopened', 'gray'],
  task_assigned: ['Task', 'gray'],
  merged: ['Merged', 'gray'],
  merged_into: ['Merged', 'gray'],
  subscribed: ['Subscribed', 'gray'],
  unsubscribed: ['Unsubscribed', 'gray'],
  status_page_published: ['Status page', 'grape'],
  status_page_updated: ['Status page', 'grape'],
};

/** The incident's live timeline, newest first; pinned entries (key events) stand out. */
export function Timeline({ refKey, canAct }: { refKey: string; canAct: boolean }) {
  const timeline = useTimeline(refKey);
  const pin = useIncidentAction(refKey, (e: TimelineEntryView) => [
    'PATCH',
    `${incidentPath(refKey)}/timeline/${encodeURIComponent(e.id)}`,
    { pinned: !e.pinned },
  ]);
  return (
    <Stack gap="xs" component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h3" id="timeline-title">
        Timeline
      </Title>
      <Text size="sm" c="gray.7">
        Newest first, updated live.
      </Text>
      {timeline.isPending && <Loader aria-label="Loading the timeline" />}
      {timeline.isError && <Alert color="red">{timeline.error.message}</Alert>}
      {pin.isError && (
        <Alert color="red" role="alert">
          {pin.conflict ?? pin.error.message}
        </Alert>
      )}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Timeline">
        {timeline.data?.data.map((e) => {
          const [label, color] = KINDS[e.kind] ?? [e.kind, 'gray'];
          return (
            <Paper
              key={e.id}
              component="li"
              withBorder
              p="xs"
              data-kind={e.kind}
              bg={e.pinned ? 'yellow.0' : undefined}
              style={e.pinned ? { borderColor: 'var(--mantine-color-yellow-7)', borderWidth: 2 } : undefined}
            >
              <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                <Group gap="xs">
                  <Badge color={`${color}.7`} variant="dot" size="sm">
                    {label}
                  </Badge>
                  {e.pinned && (
                    <Badge color="yellow.3" c="black" size="sm">
                      Key event
                    </Badge>
                  )}
                </Group>
                {canAct && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    // Named by time, not message: a message may hold words of other buttons ("acknowledge").
                    aria-label={`${e.pinned ? 'Unpin' : 'Pin'} the entry of ${DateTime.fromISO(e.at).toLocaleString(DateTime.DATETIME_SHORT_WITH_SECONDS)}`}
                    loading={pin.isPending && pin.variables?.id === e.id}
                    onClick={() => pin.mutate(e)}
                  >
                    {e.pinned ? 'Unpin' : 'Pin'}
                  </Button>
                )}
              </Group>
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {e.message}
              </Text>
              <Text size="xs" c="gray.7">
                {when(e.at)} · {e.actor.name}
                {e.backdated && e.recorded_at !== null && ` · backdated, written ${when(e.recorded_at)}`}
              </Text>
            </Paper>
          );
        })}
      </Stack>
    </Stack>
  );
}
