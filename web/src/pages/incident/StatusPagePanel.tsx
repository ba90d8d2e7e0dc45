import { Alert, Anchor, Button, Group, Paper, Text } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { IncidentView } from '../../types.ts';
import { usePublishedFrom } from '../status-page/data.ts';
import { isClosed } from '../status-page/model.ts';
import { publicIncidentPath } from '../status-page/PublicIncidentCard.tsx';
import { PublicStatusBadge } from '../status-page/StatusBadges.tsx';

// The modal (with the Markdown renderer of its preview) loads when first opened: the incident
// page is in the app's first script, which stays small.
const PublishModal = lazy(async () => ({
  default: (await import('../status-page/PublishModal.tsx')).PublishModal,
}));

/**
 * The incident on the public status page: publish it (a modal: a public name, the components of
 * its services, the first update from a template), or the public incident it has, with the way
 * to post its next update. Once the incident is resolved while its public one is not, it
 * suggests resolving that too; only the person's click on "Post update" publishes anything.
 */
export function StatusPagePanel({ incident, canAct }: { incident: IncidentView; canAct: boolean }) {
  const published = usePublishedFrom(incident.id);
  const [publishing, setPublishing] = useState(false);
  if (published.isPending || published.isError) return null;
  const pub = published.data;
  const resolved = incident.status === 'resolved' || incident.status === 'closed';
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="status-page-panel">
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <Text fw={600} id="status-page-panel">
            Status page
          </Text>
          {pub === null ? (
            <Text size="sm">Not published</Text>
          ) : (
            <>
              <Anchor component={Link} to={publicIncidentPath(pub.id)} size="sm">
                {pub.name}
              </Anchor>
              <PublicStatusBadge status={pub.status} />
            </>
          )}
        </Group>
        {canAct && pub === null && (
          <Button variant="default" onClick={() => setPublishing(true)}>
            Publish to status page
          </Button>
        )}
        {canAct && pub !== null && (
          <Button variant="default" component={Link} to={publicIncidentPath(pub.id)}>
            Post public update
          </Button>
        )}
      </Group>
      {canAct && pub !== null && resolved && !isClosed(pub.status) && (
        <Alert color="yellow" title="The public incident is still open" mt="sm">
          <Text size="sm">
            This incident is resolved, but the status page still says {pub.status}. Post a resolving update
            when the public should know.
          </Text>
          <Button mt="xs" component={Link} to={`${publicIncidentPath(pub.id)}?status=resolved`}>
            Resolve the public incident…
          </Button>
        </Alert>
      )}
      {publishing && (
        <Suspense fallback={null}>
          <PublishModal
            incident={incident}
            onClose={() => setPublishing(false)}
            onCreated={() => setPublishing(false)}
          />
        </Suspense>
      )}
    </Paper>
  );
}
