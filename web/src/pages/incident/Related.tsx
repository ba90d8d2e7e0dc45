import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { RelatedIncidentView } from '../../types.ts';
import { incidentPath, useIncidentAction, useRelated } from './data.ts';

/**
 * Incidents probably about the same thing (same service, shared alert labels): linked for a
 * look, and for responders one click merges a duplicate into this incident.
 */
export function Related({ refKey, canAct, open }: { refKey: string; canAct: boolean; open: boolean }) {
  const related = useRelated(refKey);
  const merge = useIncidentAction(refKey, (r: RelatedIncidentView) => [
    'POST',
    `${incidentPath(refKey)}/merge`,
    { incident_ids: [r.incident.id] },
  ]);
  const list = related.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="related-title">
      <Title order={2} size="h4" id="related-title" mb="xs">
        Related incidents
      </Title>
      <Stack gap="sm">
        {list.map((r) => (
          <Group key={r.incident.id} justify="space-between" wrap="nowrap" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Anchor component={Link} to={`/incidents/${r.incident.ref}`} size="sm">
                  {r.incident.ref}: {r.incident.title}
                </Anchor>
                <Text size="sm" c="gray.7">
                  {r.incident.status}
                </Text>
              </Group>
              <Text size="xs" c="gray.7">
                {r.reasons.join('; ')}
              </Text>
            </div>
            {canAct && open && r.incident.merged_into_id === null && (
              <Button
                size="compact-sm"
                variant="default"
                aria-label={`Merge ${r.incident.ref} into this incident`}
                loading={merge.isPending && merge.variables?.incident.id === r.incident.id}
                onClick={() => merge.mutate(r)}
              >
                Merge
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      {merge.isError && (
        <Alert color="red" role="alert" mt="xs">
          {merge.conflict ?? merge.error.message}
        </Alert>
      )}
    </Paper>
  );
}
