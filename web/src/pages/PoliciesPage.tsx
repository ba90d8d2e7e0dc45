import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { Pager } from '../components/Pager.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { useMe } from '../session.tsx';
import type { EscalationPolicyView, Page } from '../types.ts';
import { useTeams } from './SchedulesPage.tsx';

/** Every escalation policy with its team, its levels in short and the services using it. */
export function PoliciesPage() {
  const [params, setParams] = useSearchParams();
  const cursors = params.getAll('after');
  const cursor = cursors.at(-1);
  const me = useMe();
  const policies = useQuery({
    queryKey: ['policies', 'list', cursor ?? null],
    queryFn: () =>
      api<Page<EscalationPolicyView>>(
        'GET',
        `/escalation-policies?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  });
  const teams = useTeams();
  const teamName = new Map(teams.data?.data.map((t) => [t.id, t.name]));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Escalation policies</Title>
        {/* Policies without a team are admins' only; a team's managers edit theirs on its page. */}
        {me.data?.user.role === 'admin' && (
          <Button component={Link} to="/escalation-policies/new">
            New policy
          </Button>
        )}
      </Group>
      <QueryState query={policies} what="the escalation policies" />
      {policies.data && policies.data.data.length === 0 && <Text>No escalation policies yet.</Text>}
      <Stack
        gap="xs"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label="Escalation policies"
      >
        {policies.data?.data.map((p) => (
          <Paper key={p.id} component="li" withBorder p="sm">
            <Anchor component={Link} to={`/escalation-policies/${p.id}`} fw={600}>
              {p.name}
            </Anchor>
            <Text size="sm" c="gray.7">
              {p.team_id === null ? 'No team' : (teamName.get(p.team_id) ?? 'Team')} · {p.levels.length}{' '}
              {p.levels.length === 1 ? 'level' : 'levels'} · used by{' '}
              {p.services.length === 0 ? 'no service' : p.services.map((s) => s.name).join(', ')}
            </Text>
          </Paper>
        ))}
      </Stack>
      <Pager
        cursors={cursors}
        nextCursor={policies.data?.next_cursor ?? null}
        onChange={(c) => setParams(new URLSearchParams(c.map((a) => ['after', a])))}
      />
    </Stack>
  );
}
