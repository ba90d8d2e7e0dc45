import { Anchor, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { when } from '../format.ts';
import { useMe } from '../session.tsx';
import type { AlertView, IncidentView } from '../types.ts';
import { useServices } from './AlertsPage.tsx';
import { EventLog } from './alerts/EventLog.tsx';
import { SilenceForm } from './alerts/SilenceForm.tsx';
import { SuppressedBy } from './alerts/SuppressedBy.tsx';
import { SeverityBadge, StatusBadge } from './badges.tsx';

/**
 * One alert (GET /api/v1/alerts/:id): its labels, the incident it opened or joined, what
 * suppressed it, every event received for it, and "silence alerts like this" for admins (the
 * only role the API lets create silences).
 */
export function AlertPage() {
  const id = useParams().id ?? '';
  const me = useMe();
  const [silencing, setSilencing] = useState(false);
  const alert = useQuery({
    queryKey: ['alerts', id],
    queryFn: () => api<AlertView>('GET', `/alerts/${encodeURIComponent(id)}`),
  });
  const incidentId = alert.data?.incident_id ?? null;
  // Keyed as the incident page keys an incident, so the live stream keeps the status current.
  const incident = useQuery({
    queryKey: ['incident', incidentId],
    queryFn: () => api<IncidentView>('GET', `/incidents/${encodeURIComponent(incidentId ?? '')}`),
    enabled: incidentId !== null,
  });
  const services = useServices();

  if (alert.isError && alert.error instanceof ApiError && alert.error.status === 404)
    return (
      <Stack>
        <Title order={1}>Alert not found</Title>
        <Anchor component={Link} to="/alerts">
          All alerts
        </Anchor>
      </Stack>
    );
  if (!alert.data) return <QueryState query={alert} what="the alert" />;
  const a = alert.data;
  const serviceName = services.data?.data.find((s) => s.id === a.service_id)?.name ?? a.service_id;
  const labels = Object.entries(a.labels);

  return (
    <Stack>
      <Anchor component={Link} to="/alerts" size="sm">
        All alerts
      </Anchor>
      <Title order={1} style={{ overflowWrap: 'anywhere' }}>
        {a.summary}
      </Title>
      <Group gap="xs">
        <StatusBadge status={a.status} />
        <SeverityBadge severity={a.severity} />
        <Text size="sm">
          {serviceName} · source {a.source} · {a.occurrences} occurrence{a.occurrences === 1 ? '' : 's'}
        </Text>
      </Group>
      <Text size="sm">
        First received {when(a.received_at)}; last seen {when(a.last_seen_at)}
        {a.resolved_at !== null && `; resolved ${when(a.resolved_at)}`}
      </Text>
      {incidentId !== null && (
        <Text>
          Incident:{' '}
          <Anchor component={Link} to={`/incidents/${encodeURIComponent(incident.data?.ref ?? incidentId)}`}>
            {incident.data ? `${incident.data.ref}: ${incident.data.title}` : incidentId}
          </Anchor>
          {incident.data && ` (${incident.data.status})`}
        </Text>
      )}
      {a.suppressed_by !== null && <SuppressedBy by={a.suppressed_by} />}

      <Title order={2} size="h3" id="labels">
        Labels
      </Title>
      {labels.length === 0 ? (
        <Text>No labels.</Text>
      ) : (
        <Group gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="labels">
          {labels.map(([name, value]) => (
            <li key={name}>
              <Code style={{ overflowWrap: 'anywhere' }}>{`${name}=${value}`}</Code>
            </li>
          ))}
        </Group>
      )}
      {me.data?.user.role === 'admin' &&
        (silencing ? (
          <SilenceForm alert={a} serviceName={serviceName} onClose={() => setSilencing(false)} />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setSilencing(true)}>
              Silence alerts like this
            </Button>
          </Group>
        ))}
      <details>
        <summary>Details</summary>
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {JSON.stringify(a.details, null, 2)}
        </Code>
      </details>
      <EventLog alertId={a.id} />
    </Stack>
  );
}
