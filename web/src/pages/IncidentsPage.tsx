import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import type { IncidentCountsView, IncidentView, Page } from '../types.ts';
import { IncidentCard } from './IncidentCard.tsx';
import { IncidentFilters, filterQuery } from './IncidentFilters.tsx';

const PAGE_SIZE = 25;

/** The list as the page's URL asks for it; also started by the route's loader (router.tsx). */
export function incidentListQuery(params: URLSearchParams) {
  const query = new URLSearchParams(filterQuery(params));
  query.set('limit', String(PAGE_SIZE));
  const cursor = params.getAll('after').at(-1);
  if (cursor !== undefined) query.set('cursor', cursor);
  return queryOptions({
    queryKey: ['incidents', 'list', query.toString()],
    queryFn: () => api<Page<IncidentView>>('GET', `/incidents?${query.toString()}`),
  });
}

/**
 * GET /api/v1/incidents, newest first, one page at a time through the API's cursor, with the
 * counts per status under the same filters. The filters and the cursors walked so far live in
 * the URL, so a reload or a shared link shows the same page.
 *
 * Keyboard (not while typing in a field): j/k move the selection, Enter opens the selected
 * incident, a acknowledges it.
 */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const cursors = params.getAll('after');

  const incidents = useQuery({ ...incidentListQuery(params), placeholderData: keepPreviousData });
  const countQuery = filterQuery(params, ['status']).toString();
  const counts = useQuery({
    queryKey: ['incidents', 'counts', countQuery],
    queryFn: () => api<IncidentCountsView>('GET', `/incidents/counts?${countQuery}`),
    placeholderData: keepPreviousData,
  });

  const setFilters = useCallback(
    (changes: Record<string, string[]>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        next.delete('after');
        for (const [key, values] of Object.entries(changes)) {
          next.delete(key);
          for (const v of values) next.append(key, v);
        }
        return next;
      }),
    [setParams],
  );
  const goPage = (after: string[]) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('after');
      for (const a of after) next.append('after', a);
      return next;
    });

  const rows = incidents.data?.data ?? [];
  const { selected, itemRef, ack, ackError } = useKeyboard(rows);
  const nextCursor = incidents.data?.next_cursor ?? null;

  return (
    <Stack>
      <Title order={1}>Incidents</Title>
      <IncidentFilters params={params} counts={counts.data} onChange={setFilters} />
      <Text size="sm" c="gray.7" visibleFrom="sm">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> select, <kbd>Enter</kbd> opens, <kbd>a</kbd> acknowledges.
      </Text>
      {ackError !== null && (
        <Alert color="red" role="alert" title="Could not acknowledge">
          {ackError}
        </Alert>
      )}
      {ack.isSuccess && (
        <Text role="status" size="sm">
          {ack.data.ref} acknowledged.
        </Text>
      )}
      {incidents.isPending && <Loader aria-label="Loading incidents" />}
      {incidents.isError && (
        <Alert color="red" role="alert" title="Could not load the incidents">
          {incidents.error.message}
        </Alert>
      )}
      {incidents.data && rows.length === 0 && <Text>No incidents match these filters.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Incidents">
        {rows.map((i, n) => (
          <IncidentCard key={i.id} incident={i} selected={n === selected} ref={itemRef(n)} />
        ))}
      </Stack>
      <Group>
        {cursors.length > 0 && (
          <Button variant="default" onClick={() => goPage(cursors.slice(0, -1))}>
            Previous page
          </Button>
        )}
        {nextCursor !== null && (
          <Button variant="default" onClick={() => goPage([...cursors, nextCursor])}>
            Next page
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** j/k/Enter/a over the rows shown; the selection follows the incident when the list refreshes. */
function useKeyboard(rows: IncidentView[]) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const items = useRef(new Map<number, HTMLLIElement>());
  const found = rows.findIndex((r) => r.id === selectedId);
  const selected = found === -1 ? null : found;

  const ack = useMutation({
    mutationFn: (i: IncidentView) => api<IncidentView>('POST', `/incidents/${i.id}/acknowledge`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['incidents'] }),
  });

  const move = (by: number) => {
    if (rows.length === 0) return;
    const from = selected ?? (by > 0 ? -1 : rows.length);
    const to = Math.min(rows.length - 1, Math.max(0, from + by));
    setSelectedId(rows[to]!.id);
  };
  useEffect(() => {
    if (selected !== null) items.current.get(selected)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const current = selected === null ? undefined : rows[selected];
  useHotkeys([
    ['j', () => move(1)],
    ['k', () => move(-1)],
    [
      'Enter',
      (e) => {
        // Enter on a focused link or button is that control's own.
        if (e.target instanceof Element && e.target.closest('a, button') !== null) return;
        if (current) void navigate(`/incidents/${encodeURIComponent(current.ref)}`);
      },
    ],
    // Not only triggered ones: the API's 409 says what happened (already acknowledged, by whom).
    ['a', () => current && ack.mutate(current)],
  ]);

  const itemRef = (n: number) => (el: HTMLLIElement | null) => {
    if (el === null) items.current.delete(n);
    else items.current.set(n, el);
  };
  return { selected, itemRef, ack, ackError: ack.isError ? ack.error.message : null };
}
