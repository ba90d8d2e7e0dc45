import { Anchor, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api.ts';
import { useLive } from '../live.tsx';
import { useMe } from '../session.tsx';
import { ActionItemsPanel } from './action-items/ActionItemsPanel.tsx';
import { SeverityBadge, StatusBadge } from './badges.tsx';
import { Actions } from './incident/Actions.tsx';
import { Alerts } from './incident/Alerts.tsx';
import { ClassificationPanel } from './incident/Classification.tsx';
import { Compose } from './incident/Compose.tsx';
import { useIncident } from './incident/data.ts';
import { Facts } from './incident/Facts.tsx';
import { Notifications } from './incident/Notifications.tsx';
import { Related } from './incident/Related.tsx';
import { Roles } from './incident/Roles.tsx';
import { StatusPagePanel } from './incident/StatusPagePanel.tsx';
import { Tasks } from './incident/Tasks.tsx';
import { Timeline } from './incident/Timeline.tsx';
import { PostmortemPanel } from './postmortems/IncidentPanel.tsx';
import { RunbooksPanel } from './runbooks/IncidentPanel.tsx';

/**
 * One incident (GET /api/v1/incidents/:ref): what it is, where it stands, who holds which role,
 * its live timeline and alerts, and every action a responder takes on it. The title, status and
 * the next step come first so a phone shows Acknowledge without scrolling. Viewers see no
 * action buttons (the API refuses them anyway). Live through the query keys of web/src/live.tsx.
 */
export function IncidentPage() {
  const ref = useParams().ref ?? '';
  const me = useMe();
  const incident = useIncident(ref);
  const live = useLive();

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
    // data-live: whether changes arrive by themselves (the browser tests wait for 'live').
    <Stack gap="md" data-live={live}>
      <Anchor component={Link} to="/incidents" size="sm">
        ← All incidents
      </Anchor>
      <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
        {i.ref}: {i.title}
      </Title>
      <Group gap="xs">
        <StatusBadge status={i.status} />
        <SeverityBadge severity={i.severity} />
        <Text size="sm">{i.urgency} urgency</Text>
        {i.merged_into_id !== null && <Text size="sm">merged into another incident</Text>}
      </Group>
      {canAct && <Actions incident={i} refKey={ref} />}
      <RunbooksPanel incident={i} refKey={ref} canAct={canAct} />
      {!open && i.merged_into_id === null && (
        <ClassificationPanel incident={i} refKey={ref} canAct={canAct} />
      )}
      <StatusPagePanel incident={i} canAct={canAct} />
      <PostmortemPanel incident={i} refKey={ref} canAct={canAct} admin={me.data?.user.role === 'admin'} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {canAct && <Compose refKey={ref} />}
            <Timeline refKey={ref} canAct={canAct} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Facts incident={i} />
            <Roles refKey={ref} canAct={canAct} />
            <Tasks refKey={ref} canAct={canAct} />
            <ActionItemsPanel incidentId={i.id} />
            <Alerts refKey={ref} incidentId={i.id} />
            <Notifications refKey={ref} />
            <Related refKey={ref} canAct={canAct} open={open} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
