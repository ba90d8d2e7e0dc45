import { Alert, Code, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { when } from '../../format.ts';
import type { MaintenanceWindowView, SilenceView } from '../../types.ts';

/**
 * What kept a suppressed alert quiet. The alert names it as `silence:<id>` or
 * `maintenance:<id>` (src/ingest/steps/suppress.ts); this loads that silence or window.
 */
export function SuppressedBy({ by }: { by: string }) {
  const [kind, id = ''] = by.split(':', 2);
  const silence = kind === 'silence';
  const path = silence ? `/silences/${id}` : `/maintenance-windows/${id}`;
  const found = useQuery({
    queryKey: ['alerts', 'suppression', by],
    queryFn: () => api<SilenceView | MaintenanceWindowView>('GET', path),
  });
  const title = silence ? 'Suppressed by a silence' : 'Suppressed by a maintenance window';
  const s = found.data;
  return (
    <Alert color="gray" variant="light" title={title}>
      {found.isError && (
        <Text size="sm">
          {by} ({found.error.message})
        </Text>
      )}
      {s && 'matchers' in s && (
        <>
          <Text size="sm">{s.comment}</Text>
          <Group gap={4} my={4}>
            {s.matchers.map((m) => (
              <Code key={`${m.name}${m.op}${m.value}`}>{`${m.name}${m.op}"${m.value}"`}</Code>
            ))}
          </Group>
          <Period s={s} who={s.created_by} />
        </>
      )}
      {s && 'service_ids' in s && (
        <>
          <Text size="sm" fw={600}>
            {s.name}
          </Text>
          {s.description !== '' && <Text size="sm">{s.description}</Text>}
          <Period s={s} />
        </>
      )}
    </Alert>
  );
}

function Period({ s, who }: { s: { starts_at: string; ends_at: string; state: string }; who?: string }) {
  return (
    <Text size="sm">
      {s.state}: {when(s.starts_at)} to {when(s.ends_at)}
      {who !== undefined && `, by ${who}`}
    </Text>
  );
}
