import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { when } from '../../format.ts';
import { MarkdownPreview } from './MarkdownPreview.tsx';
import { COMPONENT_STATUS_LABEL } from './model.ts';
import { PublicStatusBadge } from './StatusBadges.tsx';
import type { PublicUpdateView } from './views.ts';

/** The updates posted so far, newest first, each as the public page shows its text. */
export function UpdateList({ updates }: { updates: PublicUpdateView[] }) {
  const sorted = [...updates].sort((a, b) => b.display_at.localeCompare(a.display_at));
  return (
    <Stack gap="xs" component="section" aria-labelledby="sp-updates">
      <Title order={2} size="h3" id="sp-updates">
        Updates so far
      </Title>
      {sorted.length === 0 && <Text size="sm">No updates yet.</Text>}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="sp-updates">
        {sorted.map((u) => (
          <Paper key={u.id} component="li" withBorder p="sm" data-status={u.status}>
            <Stack gap={6}>
              <Group gap="xs">
                <PublicStatusBadge status={u.status} />
                <Text size="xs" c="gray.7">
                  {when(u.display_at)}
                  {u.deliver_notifications ? ' · subscribers notified' : ' · subscribers not notified'}
                </Text>
              </Group>
              <MarkdownPreview body={u.body} label="Public text" />
              {u.affected_components.length > 0 && (
                <Text size="sm">
                  {u.affected_components
                    .map(
                      (a) =>
                        `${a.name}: ${COMPONENT_STATUS_LABEL[a.old_status]} → ${COMPONENT_STATUS_LABEL[a.new_status]}`,
                    )
                    .join('; ')}
                </Text>
              )}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
