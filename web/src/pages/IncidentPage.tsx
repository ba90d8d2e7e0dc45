import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { when } from '../format.ts';
import { useMe } from '../session.tsx';
import type { IncidentView, Page, ServiceView, TimelineEntryView } from '../types.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';

const TIMELINE_ENTRIES = 100;

/**
 * One incident (GET /api/v1/incidents/:ref): what it is, where it stands, its timeline, and the
 * next step for a responder. Viewers see no action buttons (the API refuses them anyway).
 */
export function IncidentPage() {
  const ref = useParams().ref ?? '';
  const path = `/incidents/${encodeURIComponent(ref)}`;
  const me = useMe();
  const queryClient = useQueryClient();
  const incident = useQuery({
    queryKey: ['incident', ref],
    queryFn: () => api<IncidentView>('GET', path),
    refetchInterval: 10_000,
  });
  const timeline = useQuery({
    queryKey: ['incident', ref, 'timeline'],
    queryFn: () =>
      api<Page<TimelineEntryView>>('GET', `${path}/timeline?order=desc&limit=${TIMELINE_ENTRIES}`),
    refetchInterval: 10_000,
  });
  const services = useQueries({
    queries: (incident.data?.service_ids ?? []).map((id) => ({
      queryKey: ['service', id],
      queryFn: () => api<ServiceView>('GET', `/services/${encodeURIComponent(id)}`),
      staleTime: 5 * 60_000,
    })),
  });
  const act = useMutation({
    mutationFn: (action: 'acknowledge' | 'resolve') => api<IncidentView>('POST', `${path}/${action}`),
    onSuccess: (updated) => queryClient.setQueryData(['incident', ref], updated),
    // Not awaited: the button stops spinning when the action is done, not when the refetch is.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['incident', ref] }),
  });

  if (incident.isPending) return <Loader aria-label="Loading the incident" />;
  if (incident.isError) {
    const notFound = incident.error instanceof ApiError && incident.error.status === 404;
    return (
      <Stack>
        <Title order={1}>{notFound ? 'Incident not found' : 'Could not load the incident'}</Title>
        <Text>{notFound ? `There is no incident ${ref}.` : incident.error.message}</Text>
        <Anchor component={Link} to="/incidents">
          All incidents
        </Anchor>
      </Stack>
    );
  }
  const i = incident.data;
  const canAct = me.data !== undefined && me.data.user.role !== 'viewer';
  const open = i.status !== 'resolved' && i.status !== 'closed';

  return (
    <Stack>
      <Anchor component={Link} to="/incidents" size="sm">
        ← All incidents
      </Anchor>
      <Title order={1} size="h2">
        {i.ref}: {i.title}
      </Title>
      <Group gap="xs">
        <StatusBadge status={i.status} />
        <SeverityBadge severity={i.severity} />
        <Text size="sm">{i.urgency} urgency</Text>
      </Group>
      {canAct && open && (
        <Group>
          {i.status === 'triggered' && (
            <Button
              size="md"
              loading={act.isPending && act.variables === 'acknowledge'}
              disabled={act.isPending}
              onClick={() => act.mutate('acknowledge')}
            >
              Acknowledge
            </Button>
          )}
          <Button
            size="md"
            color="teal.9"
            loading={act.isPending && act.variables === 'resolve'}
            disabled={act.isPending}
            onClick={() => act.mutate('resolve')}
          >
            Resolve
          </Button>
        </Group>
      )}
      {act.isError && (
        <Alert color="red" role="alert" title="The action failed">
          {act.error.message}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" m={0} spacing="xs">
          <Field label="Number">{i.number}</Field>
          <Field label="Services">
            {services.map((s, n) => s.data?.name ?? i.service_ids[n]).join(', ')}
          </Field>
          <Field label="Triggered">{when(i.created_at)}</Field>
          {i.acknowledged_at !== null && (
            <Field label="Acknowledged">
              {when(i.acknowledged_at)}
              {i.acknowledged_by && ` by ${i.acknowledged_by.name}`}
            </Field>
          )}
          {i.resolved_at !== null && (
            <Field label="Resolved">
              {when(i.resolved_at)}
              {i.resolved_by && ` by ${i.resolved_by.name}`}
            </Field>
          )}
        </SimpleGrid>
        {i.description !== '' && <Text mt="sm">{i.description}</Text>}
      </Paper>
      <Title order={2} size="h3">
        Timeline
      </Title>
      {timeline.isPending && <Loader aria-label="Loading the timeline" />}
      {timeline.isError && <Alert color="red">{timeline.error.message}</Alert>}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Timeline">
        {timeline.data?.data.map((e) => (
          <Paper key={e.id} component="li" withBorder p="xs">
            <Text size="sm">{e.message}</Text>
            <Text size="xs" c="gray.7">
              {when(e.at)} · {e.actor.name}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
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
