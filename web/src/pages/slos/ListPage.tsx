import {
  Anchor,
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pager } from '../../components/Pager.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useMe } from '../../session.tsx';
import { useAllServices } from '../runbooks/data.ts';
import { useSloList } from './data.ts';
import { burnText, objectiveText, SLO_STATUSES, type SloView, sloPath, STATUS_WORDS } from './model.ts';
import { BudgetBar, SloStatusBadge } from './parts.tsx';

/** The list's filters, under the API's names, so the page's URL is the query. */
const FILTERS = ['q', 'service_id', 'status'] as const;
const SEARCH_DELAY_MS = 300;

/**
 * Every SLO (GET /api/v1/slos): its service, objective and window, its status in words, the
 * error budget left with a bar, and how fast the last hour burnt it. Filters (service, status,
 * words in the name) and pages are in the URL, so a filtered list is a link.
 */
export function ListPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const canWrite = me.data !== undefined && me.data.user.role !== 'viewer';
  // Each change starts from the address as it is now (see the runbook library).
  const current = () => new URLSearchParams(window.location.search);
  const set = (changes: Record<string, string>) =>
    setParams(
      () => {
        const next = current();
        for (const [key, value] of Object.entries(changes)) {
          if (value === '') next.delete(key);
          else next.set(key, value);
        }
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

  const cursors = params.getAll('after');
  const query = new URLSearchParams();
  for (const key of FILTERS) {
    const v = params.get(key)?.trim();
    if (v !== undefined && v !== '') query.set(key, v);
  }
  const filtered = query.toString() !== '';
  const cursor = cursors.at(-1);
  if (cursor !== undefined) query.set('cursor', cursor);
  const list = useSloList(query);
  const services = useAllServices();

  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    setText(q);
  }
  useEffect(() => {
    if (text.trim() === q) return;
    const t = setTimeout(() => set({ q: text.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h2">
          SLOs
        </Title>
        {canWrite && (
          <Button component={Link} to="/slos/new">
            New SLO
          </Button>
        )}
      </Group>
      <Text size="sm">
        Each service level objective counts good events against all events over its window; the error budget
        is the share of events allowed to fail. Burn rate 1× spends exactly the budget over the window.
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput
          label="Search"
          placeholder="Words in the name"
          type="search"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <NativeSelect
          label="Service"
          value={params.get('service_id') ?? ''}
          onChange={(e) => set({ service_id: e.currentTarget.value })}
          data={[
            { value: '', label: 'Any' },
            ...(services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <NativeSelect
          label="Status"
          value={params.get('status') ?? ''}
          onChange={(e) => set({ status: e.currentTarget.value })}
          data={[
            { value: '', label: 'Any' },
            ...SLO_STATUSES.map((s) => ({ value: s, label: STATUS_WORDS[s] })),
          ]}
        />
      </SimpleGrid>
      <QueryState query={list} what="the SLOs" />
      {list.data !== undefined &&
        (list.data.data.length === 0 ? (
          <Text>{filtered ? 'No SLOs match.' : 'No SLOs yet.'}</Text>
        ) : (
          <Stack gap="sm" component="ul" p={0} m={0} aria-label="SLOs" style={{ listStyle: 'none' }}>
            {list.data.data.map((slo) => (
              <Row key={slo.id} slo={slo} />
            ))}
          </Stack>
        ))}
      <Pager cursors={cursors} nextCursor={list.data?.next_cursor ?? null} onChange={turn} />
    </Stack>
  );
}

function Row({ slo }: { slo: SloView }) {
  return (
    <Paper withBorder p="sm" component="li" aria-label={slo.name}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
        <Stack gap={6}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={sloPath(slo.id)} fw={600} style={{ overflowWrap: 'anywhere' }}>
              {slo.name}
            </Anchor>
            <SloStatusBadge status={slo.status} />
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {slo.service_name} · {objectiveText(slo.objective)} over {slo.window_days} days
          </Text>
          {slo.status_reason !== null && slo.status !== 'ok' && (
            <Text size="sm" c="gray.8" style={{ overflowWrap: 'anywhere' }}>
              {slo.status_reason}
            </Text>
          )}
        </Stack>
        <Stack gap={6}>
          <Box>
            <BudgetBar remaining={slo.budget.remaining} />
          </Box>
          <Text size="sm">Burn rate (1 hour): {burnText(slo.burn_rates['1h'] ?? null)}</Text>
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}
