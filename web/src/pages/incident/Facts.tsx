import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Duration } from 'luxon';
import type { ReactNode } from 'react';
import { api } from '../../api.ts';
import { when } from '../../format.ts';
import type { IncidentView, ServiceView } from '../../types.ts';

/** "4 min 12 s", "2 h 5 min": how long a step took, to the precision a responder cares about. */
export function duration(seconds: number): string {
  const d = Duration.fromObject({ seconds: Math.round(seconds) }).shiftTo(
    'days',
    'hours',
    'minutes',
    'seconds',
  );
  const parts: [number, string][] = [
    [d.days, 'd'],
    [d.hours, 'h'],
    [d.minutes, 'min'],
    [d.seconds, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/**
 * What the incident is and how it went: services, when each step happened and by whom, and
 * the time to acknowledge, mitigate and resolve (the API computes them from the same timestamps).
 */
export function Facts({ incident: i }: { incident: IncidentView }) {
  const services = useQueries({
    queries: i.service_ids.map((id) => ({
      queryKey: ['reference', 'service', id],
      queryFn: () => api<ServiceView>('GET', `/services/${encodeURIComponent(id)}`),
      staleTime: 5 * 60_000,
    })),
  });
  const steps: [string, string | null, IncidentView['acknowledged_by']][] = [
    ['Acknowledged', i.acknowledged_at, i.acknowledged_by],
    ['Mitigated', i.mitigated_at, i.mitigated_by],
    ['Resolved', i.resolved_at, i.resolved_by],
    ['Closed', i.closed_at, i.closed_by],
  ];
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} component="dl" m={0} spacing="xs">
        <Field label="Number">{i.number}</Field>
        <Field label="Services">{services.map((s, n) => s.data?.name ?? i.service_ids[n]).join(', ')}</Field>
        <Field label="Triggered">
          {when(i.created_at)}
          {i.declared_by !== null && ` by ${i.declared_by.name}`}
        </Field>
        <Field label="Alerts">{i.alert_count}</Field>
        {steps.map(([label, at, by]) =>
          at === null ? null : (
            <Field key={label} label={label}>
              {when(at)}
              {by !== null && ` by ${by.name}`}
            </Field>
          ),
        )}
      </SimpleGrid>
      <SimpleGrid cols={3} component="dl" m={0} mt="sm" spacing="xs" aria-label="Durations">
        <Field label="Time to acknowledge">{shown(i.durations.to_acknowledge_seconds)}</Field>
        <Field label="Time to mitigate">{shown(i.durations.to_mitigate_seconds)}</Field>
        <Field label="Time to resolve">{shown(i.durations.to_resolve_seconds)}</Field>
      </SimpleGrid>
      {i.next_update_due_at !== null && (
        <Text size="sm" mt="sm">
          Next status update due {when(i.next_update_due_at)}
        </Text>
      )}
      {i.postmortem_url !== null && (
        <Text size="sm" mt="sm">
          Postmortem:{' '}
          <a href={i.postmortem_url} target="_blank" rel="noreferrer noopener">
            {i.postmortem_url}
          </a>
        </Text>
      )}
      {i.description !== '' && <Text mt="sm">{i.description}</Text>}
    </Paper>
  );
}

const shown = (s: number | null) => (s === null ? 'not yet' : duration(s));

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="gray.7">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}
