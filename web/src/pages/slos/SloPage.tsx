import { Alert, Anchor, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import { useActsForTeam } from '../../team-access.tsx';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { useAllServices } from '../runbooks/data.ts';
import { AlertHistory } from './AlertHistory.tsx';
import { Budget, BurnRates } from './Budget.tsx';
import { BurnChart } from './BurnChart.tsx';
import { useDeleteSlo, useSlo } from './data.ts';
import { NotFound } from './EditPage.tsx';
import { objectiveText, type SloView, sloPath } from './model.ts';
import { SloStatusBadge } from './parts.tsx';
import { PrometheusRules, SendCounts } from './Sources.tsx';

/**
 * One SLO (GET /api/v1/slos/:id): its status and why, its error budget (left, in minutes of full
 * outage, when it runs out at the current pace), the burn rate of every window, its burn over the
 * window as charts, and its alerts with their incidents. How counts reach it: the request that
 * pushes them, or the Prometheus rules to load. Edit and Delete for its team and admins.
 */
export function SloPage() {
  const id = useParams().id ?? '';
  const slo = useSlo(id);
  if (slo.isPending) return <Loader aria-label="Loading the SLO" />;
  if (slo.isError) {
    if (slo.error instanceof ApiError && slo.error.status === 404) return <NotFound id={id} />;
    return <QueryState query={slo} what="the SLO" />;
  }
  return <Slo slo={slo.data} />;
}

function Slo({ slo }: { slo: SloView }) {
  const teamId = useAllServices().data?.data.find((s) => s.id === slo.service_id)?.team_id;
  const canEdit = useActsForTeam(teamId) === true;
  const [deleting, setDeleting] = useState(false);
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/slos" size="sm">
        ← SLOs
      </Anchor>
      <Group justify="space-between" gap="sm" align="start">
        <Stack gap={4}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {slo.name}
          </Title>
          <Text size="sm">
            <Anchor component={Link} to={`/services/${encodeURIComponent(slo.service_id)}`}>
              {slo.service_name}
            </Anchor>{' '}
            · {objectiveText(slo.objective)} of events good over {slo.window_days} days ·{' '}
            {slo.sli.kind === 'events' ? 'counts pushed to Tocsin' : 'counted by Prometheus'}
          </Text>
        </Stack>
        {canEdit && (
          <Group gap="xs">
            <Button variant="default" component={Link} to={`${sloPath(slo.id)}/edit`}>
              Edit
            </Button>
            <Button variant="default" color="red" onClick={() => setDeleting(true)}>
              Delete…
            </Button>
          </Group>
        )}
      </Group>
      {slo.description !== '' && <Text style={{ overflowWrap: 'anywhere' }}>{slo.description}</Text>}
      <Status slo={slo} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Budget slo={slo} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <BurnRates slo={slo} />
        </Grid.Col>
      </Grid>
      <BurnChart id={slo.id} />
      <AlertHistory slo={slo} />
      {slo.sli.kind === 'events' ? <SendCounts slo={slo} /> : <PrometheusRules slo={slo} />}
      {deleting && <DeleteModal slo={slo} onClose={() => setDeleting(false)} />}
    </Stack>
  );
}

/** The status in words, why, what is firing, and when it was last worked out. */
function Status({ slo }: { slo: SloView }) {
  return (
    <Stack gap={6} component="section" aria-label="Status">
      <Group gap="xs">
        <Text size="sm" fw={700}>
          Status:
        </Text>
        <SloStatusBadge status={slo.status} />
        {slo.status_reason !== null && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {slo.status_reason}
          </Text>
        )}
      </Group>
      {slo.firing.length > 0 && (
        <Alert color="red" title="Firing">
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {slo.firing.map((f) => (
              <Text key={f.alert} size="sm" component="li">
                {f.alert_id === null ? (
                  f.alert
                ) : (
                  <Anchor component={Link} to={`/alerts/${encodeURIComponent(f.alert_id)}`} size="sm">
                    {f.alert}
                  </Anchor>
                )}{' '}
                since {when(f.since)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Text size="sm" c="gray.7">
        {slo.evaluated_at === null ? 'Not evaluated yet.' : `Evaluated ${when(slo.evaluated_at)}.`}
      </Text>
    </Stack>
  );
}

function DeleteModal({ slo, onClose }: { slo: SloView; onClose: () => void }) {
  const navigate = useNavigate();
  const remove = useDeleteSlo(slo);
  return (
    <ConfirmModal
      title={`Delete “${slo.name}”?`}
      confirm="Delete SLO"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate('/slos') })}
      onClose={onClose}
    >
      <Text size="sm">
        Its counts and burn history go with it, its alerts stop firing, and {slo.service_name}&apos;s release
        gate no longer counts it.
      </Text>
    </ConfirmModal>
  );
}
