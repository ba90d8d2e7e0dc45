import { Alert, Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { shortWhen } from '../format.ts';
import type { IncidentStatus, IncidentView, Page } from '../types.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';

const STATUSES: IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'];
const PAGE_SIZE = 25;

/**
 * GET /api/v1/incidents, newest first, one page at a time through the API's cursor. The filter
 * and the cursors walked so far live in the URL, so a reload or a shared link shows the same page.
 */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const cursors = params.getAll('after');
  const cursor = cursors.at(-1);

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status !== '') query.set('status', status);
  if (cursor !== undefined) query.set('cursor', cursor);
  const incidents = useQuery({
    queryKey: ['incidents', status, cursor ?? null],
    queryFn: () => api<Page<IncidentView>>('GET', `/incidents?${query.toString()}`),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });

  const nextCursor = incidents.data?.next_cursor ?? null;
  const go = (next: { status?: string; after?: string[] }) => {
    const p = new URLSearchParams();
    const s = next.status ?? status;
    if (s !== '') p.set('status', s);
    for (const a of next.after ?? []) p.append('after', a);
    setParams(p);
  };

  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={1}>Incidents</Title>
        <NativeSelect
          label="Status"
          value={status}
          onChange={(e) => go({ status: e.currentTarget.value, after: [] })}
          data={[{ value: '', label: 'Any status' }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
        />
      </Group>
      {incidents.isPending && <Loader aria-label="Loading incidents" />}
      {incidents.isError && (
        <Alert color="red" role="alert" title="Could not load the incidents">
          {incidents.error.message}
        </Alert>
      )}
      {incidents.data && incidents.data.data.length === 0 && (
        <Text>No incidents{status && ` ${status}`}.</Text>
      )}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Incidents">
        {incidents.data?.data.map((i) => (
          <Paper key={i.id} component="li" withBorder p="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Anchor component={Link} to={`/incidents/${encodeURIComponent(i.ref)}`} fw={600}>
                {i.ref}: {i.title}
              </Anchor>
              <Group gap="xs">
                <StatusBadge status={i.status} />
                <SeverityBadge severity={i.severity} />
                <Text size="sm" c="gray.7" component="span">
                  {shortWhen(i.created_at)}
                </Text>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Group>
        {cursors.length > 0 && (
          <Button variant="default" onClick={() => go({ after: cursors.slice(0, -1) })}>
            Previous page
          </Button>
        )}
        {nextCursor !== null && (
          <Button variant="default" onClick={() => go({ after: [...cursors, nextCursor] })}>
            Next page
          </Button>
        )}
      </Group>
    </Stack>
  );
}
