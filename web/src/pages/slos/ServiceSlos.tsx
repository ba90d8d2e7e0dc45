import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import { useActsForTeam } from '../../team-access.tsx';
import { BudgetPolicy } from './BudgetPolicy.tsx';
import { useReleaseGate, useServiceSlos } from './data.ts';
import { objectiveText, sloPath } from './model.ts';
import { BudgetBar, SloStatusBadge } from './parts.tsx';

/**
 * The service page's SLOs: each with its status and error budget left, the release gate those
 * budgets make (GET /api/v1/services/:id/release-gate), and the budget policy behind it.
 */
export function ServiceSlos({ serviceId, teamId }: { serviceId: string; teamId: string }) {
  const slos = useServiceSlos(serviceId);
  const canWrite = useActsForTeam(teamId) === true;
  return (
    <Stack gap="sm" component="section" aria-labelledby="service-slos">
      <Group justify="space-between" gap="sm">
        <Title order={2} id="service-slos">
          SLOs
        </Title>
        {canWrite && (
          <Button
            variant="default"
            component={Link}
            to={`/slos/new?service_id=${encodeURIComponent(serviceId)}`}
          >
            New SLO
          </Button>
        )}
      </Group>
      <ReleaseGate serviceId={serviceId} />
      <QueryState query={slos} what="the service's SLOs" />
      {slos.data !== undefined &&
        (slos.data.data.length === 0 ? (
          <Text size="sm">No SLOs for this service yet.</Text>
        ) : (
          <Stack
            gap="xs"
            component="ul"
            p={0}
            m={0}
            aria-label="SLOs of this service"
            style={{ listStyle: 'none' }}
          >
            {slos.data.data.map((slo) => (
              <Paper key={slo.id} withBorder p="sm" component="li" aria-label={slo.name}>
                <Group justify="space-between" align="start" gap="sm">
                  <Stack gap={4} style={{ flex: '1 1 12rem', minWidth: 0 }}>
                    <Group gap="xs">
                      <Anchor
                        component={Link}
                        to={sloPath(slo.id)}
                        fw={600}
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {slo.name}
                      </Anchor>
                      <SloStatusBadge status={slo.status} />
                    </Group>
                    <Text size="sm">
                      {objectiveText(slo.objective)} over {slo.window_days} days
                    </Text>
                  </Stack>
                  <div style={{ flex: '1 1 14rem', minWidth: 0 }}>
                    <BudgetBar remaining={slo.budget.remaining} />
                  </div>
                </Group>
              </Paper>
            ))}
          </Stack>
        ))}
      <BudgetPolicy serviceId={serviceId} teamId={teamId} />
    </Stack>
  );
}

/** "Releases allowed" or "Releases blocked: <reason>", as a deploy pipeline asking the API would hear it. */
function ReleaseGate({ serviceId }: { serviceId: string }) {
  const gate = useReleaseGate(serviceId);
  if (gate.data === undefined) return <QueryState query={gate} what="the release gate" />;
  const g = gate.data;
  const until =
    g.override_until === null
      ? null
      : DateTime.fromISO(g.override_until).toLocaleString(DateTime.DATETIME_MED);
  return (
    <Alert
      color={g.allow ? 'green' : 'red'}
      role="status"
      title={g.allow ? 'Releases allowed' : `Releases blocked: ${g.reason}`}
      styles={{ title: { overflowWrap: 'anywhere' } }}
      data-gate={g.allow ? 'allowed' : 'blocked'}
    >
      <Stack gap={4}>
        {g.allow && g.reason !== '' && <Text size="sm">{g.reason}</Text>}
        {until !== null && <Text size="sm">Overridden until {until}.</Text>}
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          A deploy pipeline asks <code>GET /api/v1/services/{serviceId}/release-gate</code> before releasing.
        </Text>
      </Stack>
    </Alert>
  );
}
