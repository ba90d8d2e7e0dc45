import {
  Anchor,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pager } from '../../components/Pager.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useMe } from '../../session.tsx';
import type { RunbookSummaryView } from '../../types.ts';
import { useTeams } from '../SchedulesPage.tsx';
import { Coverage } from './Coverage.tsx';
import { KillSwitchBar } from './KillSwitch.tsx';
import { rbPath, useAllServices, useRunbookList } from './data.ts';
import { Matches, ReviewDue, VersionBadge } from './parts.tsx';

/** The list's filters, under the API's names, so the page's URL is the query. */
const FILTERS = ['q', 'tag', 'service_id', 'team_id', 'review_overdue'] as const;
const SEARCH_DELAY_MS = 300;

/**
 * The runbook library (GET /api/v1/runbooks): search by words in the title or text, narrow by
 * tag, service, owner team or an overdue review; each runbook says what alerts it applies to.
 * The Coverage tab (GET /api/v1/runbooks/coverage) lists what still has no runbook. Filters,
 * pages and the tab are in the URL, so a filtered library is a link. Above them, the kill switch
 * of every runbook's automated steps.
 */
export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const canWrite = me.data !== undefined && me.data.user.role !== 'viewer';
  const view = params.get('view') === 'coverage' ? 'coverage' : 'library';
  // Each change starts from the address as it is now, not as this page last rendered it: a
  // filter chosen while the previous one's navigation is still under way keeps both.
  const current = () => new URLSearchParams(window.location.search);
  const set = (changes: Record<string, string>) =>
    setParams(
      () => {
        const next = current();
        for (const [key, value] of Object.entries(changes)) {
          if (value === '') next.delete(key);
          else next.set(key, value);
        }
        // A filter changed: back to the first page.
        next.delete('after');
        return next;
      },
      { replace: true },
    );
  const turn = (cursors: string[]) =>
    setParams(() => {
      const next = current();
      next.delete('after');
      for (const c of cursors) next.append('after', c);
      return next;
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h2">
          Runbooks
        </Title>
        {canWrite && (
          <Button component={Link} to="/runbooks/new">
            New runbook
          </Button>
        )}
      </Group>
      <KillSwitchBar />
      <Tabs
        value={view}
        onChange={(v) => set({ view: v === 'coverage' ? 'coverage' : '' })}
        keepMounted={false}
      >
        <Tabs.List aria-label="Runbook views" mb="md">
          <Tabs.Tab value="library">Library</Tabs.Tab>
          <Tabs.Tab value="coverage">Coverage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="library">
          <Library params={params} set={set} turn={turn} />
        </Tabs.Panel>
        <Tabs.Panel value="coverage">
          <Coverage canWrite={canWrite} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Library({
  params,
  set,
  turn,
}: {
  params: URLSearchParams;
  set: (changes: Record<string, string>) => void;
  turn: (cursors: string[]) => void;
}) {
  const cursors = params.getAll('after');
  const query = new URLSearchParams();
  for (const key of FILTERS) {
    const v = params.get(key)?.trim();
    if (v !== undefined && v !== '') query.set(key, v);
  }
  const cursor = cursors.at(-1);
  if (cursor !== undefined) query.set('cursor', cursor);
  const list = useRunbookList(query);
  const services = useAllServices();
  const teams = useTeams();

  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // Back and forward change the address: the box follows it.
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    setText(q);
  }
  useEffect(() => {
    // Compared trimmed, as it is sent: a trailing space must not resend the search forever.
    if (text.trim() === q) return;
    const t = setTimeout(() => set({ q: text.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  });

  const select = (label: string, key: string, options: { value: string; label: string }[]) => (
    <NativeSelect
      label={label}
      value={params.get(key) ?? ''}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
      data={[{ value: '', label: 'Any' }, ...options]}
    />
  );

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput
          label="Search"
          placeholder="Words in the title or text"
          type="search"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <TextInput
          label="Tag"
          value={params.get('tag') ?? ''}
          onChange={(e) => set({ tag: e.currentTarget.value })}
        />
        {select(
          'Service',
          'service_id',
          (services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        )}
        {select(
          'Owner team',
          'team_id',
          (teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name })),
        )}
      </SimpleGrid>
      <Checkbox
        label="Review overdue only"
        checked={params.get('review_overdue') === 'true'}
        onChange={(e) => set({ review_overdue: e.currentTarget.checked ? 'true' : '' })}
      />
      <QueryState query={list} what="the runbooks" />
      {list.data !== undefined &&
        (list.data.data.length === 0 ? (
          <Text>{query.toString() === '' ? 'No runbooks yet.' : 'No runbooks match.'}</Text>
        ) : (
          <Stack gap="sm" component="ul" p={0} m={0} aria-label="Runbooks" style={{ listStyle: 'none' }}>
            {list.data.data.map((rb) => (
              <Row key={rb.id} rb={rb} />
            ))}
          </Stack>
        ))}
      <Pager cursors={cursors} nextCursor={list.data?.next_cursor ?? null} onChange={turn} />
    </Stack>
  );
}

function Row({ rb }: { rb: RunbookSummaryView }) {
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={6}>
        <Anchor component={Link} to={rbPath(rb.id)} fw={600} style={{ overflowWrap: 'anywhere' }}>
          {rb.title}
        </Anchor>
        <Group gap="xs">
          <VersionBadge version={rb.version} />
          <Text size="sm">Owner: {rb.owner_team?.name ?? 'admins'}</Text>
          <ReviewDue rb={rb} />
        </Group>
        <Matches rb={rb} />
        {rb.tags.length > 0 && (
          <Text size="sm" c="gray.8" style={{ overflowWrap: 'anywhere' }}>
            Tags: {rb.tags.join(', ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
