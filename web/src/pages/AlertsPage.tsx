import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { Pager } from '../components/Pager.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { shortWhen } from '../format.ts';
import type { AlertSeverity, AlertStatus, AlertView, Page, ServiceView } from '../types.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';

const STATUSES: AlertStatus[] = ['triggered', 'acknowledged', 'resolved', 'suppressed'];
const SEVERITIES: AlertSeverity[] = ['critical', 'error', 'warning', 'info'];
const PAGE_SIZE = 25;
/** The filters GET /api/v1/alerts takes, as the URL's search parameters name them. */
const FILTERS = ['status', 'severity', 'service_id', 'label'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Services by id, for names in lists and the service filter (one request: there are few). */
export function useServices() {
  return useQuery({
    queryKey: ['alerts', 'services'],
    queryFn: () => api<Page<ServiceView>>('GET', '/services?limit=500'),
    staleTime: 60_000,
  });
}

/**
 * GET /api/v1/alerts, newest first, a page at a time through the API's cursor. The filters and
 * the cursors walked so far live in the URL, so a reload or a shared link shows the same page.
 */
export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
  const cursors = params.getAll('after');
  const cursor = cursors.at(-1);
  const [label, setLabel] = useState(filters.label);
  const services = useServices();
  const serviceName = new Map(services.data?.data.map((s) => [s.id, s.name]));

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const f of FILTERS) if (filters[f] !== '') query.set(f, filters[f]);
  if (cursor !== undefined) query.set('cursor', cursor);
  const alerts = useQuery({
    queryKey: ['alerts', 'list', filters, cursor ?? null],
    queryFn: () => api<Page<AlertView>>('GET', `/alerts?${query.toString()}`),
    placeholderData: keepPreviousData,
  });

  const go = (next: Partial<Filters>, after: string[] = []) => {
    const p = new URLSearchParams();
    const merged = { ...filters, ...next };
    for (const f of FILTERS) if (merged[f] !== '') p.set(f, merged[f]);
    for (const a of after) p.append('after', a);
    setParams(p);
  };
  const submitLabel = (e: FormEvent) => {
    e.preventDefault();
    go({ label: label.trim() });
  };
  const select = (name: keyof Filters, text: string, values: { value: string; label: string }[]) => (
    <NativeSelect
      label={text}
      value={filters[name]}
      onChange={(e) => go({ [name]: e.currentTarget.value })}
      data={[{ value: '', label: `Any ${text.toLowerCase()}` }, ...values]}
    />
  );

  return (
    <Stack>
      <Title order={1}>Alerts</Title>
      <Group align="end" wrap="wrap">
        {select(
          'status',
          'Status',
          STATUSES.map((s) => ({ value: s, label: s })),
        )}
        {select(
          'severity',
          'Severity',
          SEVERITIES.map((s) => ({ value: s, label: s })),
        )}
        {select(
          'service_id',
          'Service',
          (services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        )}
        <form onSubmit={submitLabel} role="search">
          <Group align="end" gap="xs" wrap="nowrap">
            <TextInput
              label="Label"
              placeholder="name=value"
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
            />
            <Button type="submit" variant="default">
              Filter
            </Button>
          </Group>
        </form>
      </Group>
      <QueryState query={alerts} what="the alerts" />
      {alerts.data && alerts.data.data.length === 0 && <Text>No alerts match.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Alerts">
        {alerts.data?.data.map((a) => (
          <Paper key={a.id} component="li" withBorder p="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Anchor component={Link} to={`/alerts/${a.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                {a.summary}
              </Anchor>
              <Group gap="xs">
                <StatusBadge status={a.status} />
                <SeverityBadge severity={a.severity} />
                <Text size="sm" c="gray.7" component="span">
                  {serviceName.get(a.service_id) ?? a.service_id} · {shortWhen(a.received_at)}
                </Text>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Pager cursors={cursors} nextCursor={alerts.data?.next_cursor ?? null} onChange={(c) => go({}, c)} />
    </Stack>
  );
}
