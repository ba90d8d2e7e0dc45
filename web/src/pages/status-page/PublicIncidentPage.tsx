import { Anchor, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { Composer } from './Composer.tsx';
import { usePublicIncident, useRole, useSpMutation } from './data.ts';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES, oneOf, type PublicStatus } from './model.ts';
import { ComponentStatusBadge, ImpactBadge, PublicStatusBadge } from './StatusBadges.tsx';
import { UpdateList } from './UpdateList.tsx';

/**
 * One public incident or maintenance (GET /incidents/:id): where it stands, the composer for the
 * next update and the updates so far. `?status=resolved` opens the composer on that status (the
 * internal incident's page links here so when it resolved: the person still posts it).
 */
export function PublicIncidentPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const item = usePublicIncident(id);
  const { canRespond, isAdmin } = useRole();
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const remove = useSpMutation(() => ['DELETE', `/incidents/${encodeURIComponent(id)}`]);

  if (!item.data) {
    if (item.error instanceof ApiError && item.error.status === 404)
      return <Text>There is no public incident {id}.</Text>;
    return <QueryState query={item} what="the public incident" />;
  }
  const i = item.data;
  const back = i.kind === 'maintenance' ? '/status-page/maintenance' : '/status-page/incidents';
  const asked = search.get('status');
  const all: readonly PublicStatus[] = i.kind === 'maintenance' ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  const initialStatus = asked === null ? undefined : oneOf(all, asked, i.status);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={back} size="sm">
        ← {i.kind === 'maintenance' ? 'All maintenance' : 'All public incidents'}
      </Anchor>
      <Title order={2} size="h2" style={{ overflowWrap: 'anywhere' }}>
        {i.name}
      </Title>
      <Group gap="xs">
        <PublicStatusBadge status={i.status} />
        {i.kind === 'incident' && <ImpactBadge impact={i.impact} />}
        <Text size="sm" c="gray.7">
          {i.kind === 'maintenance' && i.scheduled_for !== null && i.scheduled_until !== null
            ? `${when(i.scheduled_for)} until ${when(i.scheduled_until)}`
            : `Started ${when(i.started_at)}`}
        </Text>
      </Group>
      {i.components.length > 0 && (
        <Group
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Affected components"
        >
          {i.components.map((c) => (
            <Group key={c.id} component="li" gap={4}>
              <Text size="sm">{c.name}</Text>
              <ComponentStatusBadge status={c.status} />
            </Group>
          ))}
        </Group>
      )}
      <Grid gap="md">
        {canRespond && (
          <Grid.Col span={{ base: 12, md: 7 }}>
            {/* A new ?status= (the incident page's "resolve" link) starts a new draft. */}
            <Composer key={`${i.id}:${asked ?? ''}`} item={i} initialStatus={initialStatus} />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, md: canRespond ? 5 : 12 }}>
          <UpdateList updates={i.updates} />
        </Grid.Col>
      </Grid>
      {isAdmin && (
        <Button
          variant="default"
          color="red"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => setDeleting(true)}
        >
          Delete…
        </Button>
      )}
      {deleting && (
        <ConfirmModal
          title={`Delete ${i.name}?`}
          confirm="Delete"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate(back) })}
          onClose={() => setDeleting(false)}
        >
          <Text size="sm">
            It leaves the public page, with its {i.updates.length} updates. Subscribers are not told.
            {i.maintenance_window_id !== null &&
              ' Its maintenance window (the silenced alerts) is not changed.'}
          </Text>
        </ConfirmModal>
      )}
    </Stack>
  );
}
