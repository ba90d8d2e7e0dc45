import {
  Anchor,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import type { Page, PostmortemSummaryView, ServiceView } from '../../types.ts';
import { SeverityBadge } from '../badges.tsx';
import { pmPath, usePostmortemList } from './data.ts';
import { DueDate, PostmortemBadge } from './PostmortemBadge.tsx';

/** The list's filters, under the API's names, so the page's URL is the query. */
const FILTERS = ['q', 'service_id', 'severity', 'tag'] as const;
const STATUSES = [
  { value: 'published', label: 'Published' },
  { value: 'in_review', label: 'In review' },
  { value: 'draft', label: 'Drafts' },
];
const SEARCH_DELAY_MS = 300;

/**
 * The postmortem library (GET /api/v1/postmortems): published ones by default, so a responder
 * finds the last time this broke; drafts and reviews one switch away. Search covers the title
 * and the text; service, severity and tag narrow it.
 */
export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'published';
  const query = new URLSearchParams({ status });
  for (const key of FILTERS) {
    const v = params.get(key);
    if (v !== null && v !== '') query.set(key, v);
  }
  const list = usePostmortemList(query);
  const services = useQuery({
    queryKey: ['services', 'all'],
    queryFn: () => api<Page<ServiceView>>('GET', '/services?limit=500'),
    staleTime: 60_000,
  });
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

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
    const t = setTimeout(() => set('q', text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  });

  const select = (label: string, key: string, options: { value: string; label: string }[]) => (
    <NativeSelect
      label={label}
      value={params.get(key) ?? ''}
      onChange={(e) => set(key, e.currentTarget.value)}
      data={[{ value: '', label: 'Any' }, ...options]}
    />
  );

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Postmortems
      </Title>
      <SegmentedControl
        aria-label="Status"
        value={status}
        onChange={(v) => set('status', v === 'published' ? '' : v)}
        data={STATUSES}
        style={{ alignSelf: 'start' }}
      />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput
          label="Search"
          placeholder="Words in the title or text"
          type="search"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        {select(
          'Service',
          'service_id',
          (services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        )}
        {select(
          'Severity',
          'severity',
          ['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((s) => ({ value: s, label: s })),
        )}
        <TextInput
          label="Tag"
          value={params.get('tag') ?? ''}
          onChange={(e) => set('tag', e.currentTarget.value)}
        />
      </SimpleGrid>
      <QueryState query={list} what="the postmortems" />
      {list.data !== undefined &&
        (list.data.data.length === 0 ? (
          <Text>No postmortems match.</Text>
        ) : (
          <Stack gap="sm" component="ul" p={0} m={0} aria-label="Postmortems" style={{ listStyle: 'none' }}>
            {list.data.data.map((pm) => (
              <Row key={pm.id} pm={pm} />
            ))}
          </Stack>
        ))}
    </Stack>
  );
}

function Row({ pm }: { pm: PostmortemSummaryView }) {
  const when = pm.published_at ?? pm.updated_at;
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={4}>
        <Anchor component={Link} to={pmPath(pm.id)} fw={600} style={{ overflowWrap: 'anywhere' }}>
          {pm.title}
        </Anchor>
        <Group gap="xs">
          <PostmortemBadge status={pm.status} />
          <SeverityBadge severity={pm.incident.severity} />
          <Text size="sm">{pm.incident.ref}</Text>
          <Text size="sm">
            {pm.published_at === null ? 'Updated' : 'Published'}{' '}
            {DateTime.fromISO(when).toLocaleString(DateTime.DATE_MED)}
          </Text>
          <Text size="sm">Owner: {pm.owner?.name ?? 'nobody'}</Text>
          <DueDate pm={pm} />
        </Group>
        {pm.tags.length > 0 && (
          <Text size="sm" c="gray.8">
            Tags: {pm.tags.join(', ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
