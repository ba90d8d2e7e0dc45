import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { IncidentView } from '../../types.ts';
import { rbPath, useIncidentRunbooks } from './data.ts';

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
 * With none, the way to write one for the incident's service.
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
  if (runbooks.isPending || runbooks.isError) return null;
  const { alert_runbook_url: own, data } = runbooks.data;
  const alertLink = isUrl(own) ? own : null;
  const write = `/runbooks/new?${new URLSearchParams({ service_id: incident.service_id, title: incident.title }).toString()}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="runbooks-panel">
      <Stack gap="xs">
        <Text fw={600} id="runbooks-panel">
          Runbooks
        </Text>
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
            {data.map(({ runbook, best, matched_alerts }) => (
              <Group key={runbook.id} component="li" gap="xs" wrap="wrap">
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
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
