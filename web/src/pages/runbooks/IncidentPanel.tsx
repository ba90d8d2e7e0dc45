import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { IncidentView } from '../../types.ts';
import { rbPath, useIncidentRunbooks } from './data.ts';
import { Feedback } from './Feedback.tsx';
import { IncidentSteps } from './IncidentSteps.tsx';
import { KillSwitchBar } from './KillSwitch.tsx';
import { Runs } from './Runs.tsx';
import { stepsQuery, useIncidentRuns, useKillSwitches } from './steps-data.ts';

/** Only http(s): a link from an alert's payload must not run script (javascript:) in the app. */
const isUrl = (v: string | null): v is string => v !== null && /^https?:\/\/\S+$/i.test(v);

function LinkedInPages() {
  return (
    <Badge color="indigo.8" variant="filled" autoContrast>
      Linked in pages
    </Badge>
  );
}

/**
 * The runbooks for the incident on its page (GET /api/v1/incidents/:ref/runbooks), the best
 * match first. When the newest alert carries its own runbook link, that link is what pages
 * carry, and it comes first here as an external link; otherwise the best matching runbook is.
 * With none, the way to write one for the incident's service. Each runbook asks whether it
 * helped and lists its automated steps to run; beside them (below on a phone), the incident's
 * runs of steps, newest first. Once there is automation to stop (steps, runs, or a switch
 * already on), the kill switch too.
 */
export function RunbooksPanel({
  incident,
  refKey,
  canAct,
}: {
  incident: IncidentView;
  refKey: string;
  canAct: boolean;
}) {
  const runbooks = useIncidentRunbooks(refKey);
  const runs = useIncidentRuns(refKey);
  const switches = useKillSwitches();
  // The same queries (and cache entries) as each runbook's steps below.
  const steps = useQueries({
    queries: (runbooks.data?.data ?? []).map(({ runbook }) => stepsQuery(runbook.id)),
  });
  if (runbooks.isPending || runbooks.isError) return null;
  const { alert_runbook_url: own, data } = runbooks.data;
  const sw = switches.data;
  const automation =
    steps.some((q) => (q.data?.data.length ?? 0) > 0) ||
    (runs.data?.data.length ?? 0) > 0 ||
    sw?.global.engaged === true ||
    sw?.services.some((s) => s.engaged && s.service.id === incident.service_id) === true;
  const hasRuns = (runs.data?.data.length ?? 0) > 0;
  const alertLink = isUrl(own) ? own : null;
  const write = `/runbooks/new?${new URLSearchParams({ service_id: incident.service_id, title: incident.title }).toString()}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="runbooks-panel">
      <Stack gap="xs">
        <Text fw={600} id="runbooks-panel">
          Runbooks
        </Text>
        {automation && <KillSwitchBar serviceId={incident.service_id} />}
        {/* On a wide screen the runs sit beside the steps they came from. */}
        <SimpleGrid cols={{ base: 1, md: hasRuns ? 2 : 1 }} spacing="md">
          {alertLink === null && data.length === 0 ? (
            <Group gap="xs">
              <Text size="sm">No runbook matches this incident.</Text>
              {canAct && (
                <Anchor component={Link} to={write} size="sm">
                  Write a runbook
                </Anchor>
              )}
            </Group>
          ) : (
            <Stack
              gap={6}
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label="Runbooks for this incident"
            >
              {alertLink !== null && (
                <Group component="li" gap="xs" wrap="wrap">
                  <Text size="sm">The alert&apos;s own runbook:</Text>
                  <Anchor
                    href={alertLink}
                    target="_blank"
                    rel="noopener noreferrer"
                    size="sm"
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {alertLink}
                    <Text span size="sm">
                      {' '}
                      (external link)
                    </Text>
                  </Anchor>
                  <LinkedInPages />
                </Group>
              )}
              {data.map(({ runbook, best, matched_alerts, feedback }) => (
                <Stack key={runbook.id} component="li" gap={4}>
                  <Group gap="xs" wrap="wrap">
                    <Anchor
                      component={Link}
                      to={rbPath(runbook.id)}
                      size="sm"
                      fw={best ? 600 : undefined}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {runbook.title}
                    </Anchor>
                    {best && (alertLink === null ? <LinkedInPages /> : <Text size="sm">best match</Text>)}
                    {runbook.review_overdue && (
                      <Badge color="red.8" variant="filled" autoContrast>
                        Review overdue
                      </Badge>
                    )}
                    {matched_alerts > 1 && (
                      <Text size="xs" c="gray.7">
                        matches {matched_alerts} of its alerts
                      </Text>
                    )}
                  </Group>
                  <Feedback
                    refKey={refKey}
                    runbookId={runbook.id}
                    title={runbook.title}
                    given={feedback}
                    canAct={canAct}
                  />
                  <IncidentSteps
                    runbookId={runbook.id}
                    title={runbook.title}
                    refKey={refKey}
                    canAct={canAct}
                  />
                </Stack>
              ))}
            </Stack>
          )}
          <Runs refKey={refKey} canAct={canAct} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
