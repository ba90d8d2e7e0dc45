import { Badge, Button, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { when } from '../../format.ts';
import type { SilenceView } from '../../types.ts';
import { SilenceForm } from '../alerts/SilenceForm.tsx';
import { EndButton } from './EndButton.tsx';
import { SuppressedAlerts } from './SuppressedAlerts.tsx';

export const STATE_LABEL = { active: 'active', pending: 'upcoming', expired: 'ended' } as const;

/** `name="value"` as Alertmanager writes a matcher. */
export const matcherText = (m: { name: string; op: string; value: string }) =>
  `${m.name}${m.op}${JSON.stringify(m.value)}`;

/**
 * One silence in the list: what it matches, when, who made it and why, what it suppressed; for
 * admins (`canChange`) edit until it has ended, and end it early or delete it while upcoming.
 */
export function SilenceCard({
  silence: s,
  serviceName,
  canChange,
}: {
  silence: SilenceView;
  serviceName: (id: string) => string;
  canChange: boolean;
}) {
  const [editing, setEditing] = useState(false);
  if (editing) return <SilenceForm silence={s} onClose={() => setEditing(false)} />;
  const title = s.name ?? (s.matchers.length > 0 ? s.matchers.map(matcherText).join(', ') : 'Silence');
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Silence ${title}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap={6} wrap="wrap">
            {s.matchers.map((m) => (
              <Code key={matcherText(m)} style={{ overflowWrap: 'anywhere' }}>
                {matcherText(m)}
              </Code>
            ))}
            {s.name !== null && (
              <Text size="sm" fw={600}>
                {s.name}
              </Text>
            )}
          </Group>
          <Badge color="dark.6" variant="outline">
            {STATE_LABEL[s.state]}
          </Badge>
        </Group>
        <Text size="sm">
          {s.service_id === null ? 'Any service' : `Service: ${serviceName(s.service_id)}`}
        </Text>
        <Text size="sm">
          {when(s.starts_at)} to {when(s.ends_at)}, by {s.created_by}
        </Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {s.comment}
        </Text>
        {s.state !== 'pending' && <SuppressedAlerts by={`silence:${s.id}`} />}
        {canChange && s.state !== 'expired' && (
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <EndButton
              path={`/silences/${s.id}`}
              state={s.state}
              what="silence"
              consequence={
                s.state === 'active'
                  ? 'From now on, alerts it matches page as usual; the alerts it suppressed start paging if they fire again. It stays in the list of ended silences.'
                  : 'It has not started, so it is removed; nothing it would have silenced changes.'
              }
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
