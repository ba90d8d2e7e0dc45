import { Stack, Tabs, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import type { Page } from '../../types.ts';

const STATES = [
  { value: 'active', label: 'Active' },
  { value: 'pending', label: 'Upcoming' },
  { value: 'expired', label: 'Ended' },
] as const;
type State = (typeof STATES)[number]['value'];
const PAGE_SIZE = 20;

/**
 * Active, upcoming and ended silences or maintenance windows (the API's `state`), a page at a
 * time. The tab and the cursors walked live in the URL, so a reload shows the same page. Ended
 * ones come newest first (the recent past matters), the others oldest first. Keyed under `alerts`: the live stream
 * refreshes them whenever alerts change (a silence's effect), and saves here invalidate them.
 */
export function PeriodTabs<T extends { id: string }>({
  path,
  what,
  render,
}: {
  path: '/silences' | '/maintenance-windows';
  what: string;
  render: (item: T) => ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const state: State = STATES.find((s) => s.value === params.get('state'))?.value ?? 'active';
  const go = (next: State, after: string[] = []) => {
    const p = new URLSearchParams({ state: next });
    for (const a of after) p.append('after', a);
    setParams(p);
  };
  return (
    <Tabs value={state} onChange={(v) => go((v as State | null) ?? 'active')} keepMounted={false}>
      <Tabs.List>
        {STATES.map((s) => (
          <Tabs.Tab key={s.value} value={s.value}>
            {s.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {STATES.map((s) => (
        <Tabs.Panel key={s.value} value={s.value} pt="md">
          <PeriodPage
            path={path}
            what={`${s.label.toLowerCase()} ${what}`}
            state={s.value}
            cursors={params.getAll('after')}
            onPage={(after) => go(s.value, after)}
            render={render}
          />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function PeriodPage<T extends { id: string }>({
  path,
  what,
  state,
  cursors,
  onPage,
  render,
}: {
  path: string;
  what: string;
  state: State;
  cursors: string[];
  onPage: (cursors: string[]) => void;
  render: (item: T) => ReactNode;
}) {
  const cursor = cursors.at(-1);
  const query = new URLSearchParams({
    state,
    limit: String(PAGE_SIZE),
    order: state === 'expired' ? 'desc' : 'asc',
  });
  if (cursor !== undefined) query.set('cursor', cursor);
  const list = useQuery({
    queryKey: ['alerts', path, state, cursor ?? null],
    queryFn: () => api<Page<T>>('GET', `${path}?${query.toString()}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <QueryState query={list} what={`the ${what}`} />
      {list.data?.data.length === 0 && <Text>No {what}.</Text>}
      <Stack
        gap="sm"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={`${what[0]!.toUpperCase()}${what.slice(1)}`}
      >
        {list.data?.data.map((item) => (
          <li key={item.id}>{render(item)}</li>
        ))}
      </Stack>
      <Pager cursors={cursors} nextCursor={list.data?.next_cursor ?? null} onChange={onPage} />
    </Stack>
  );
}
