import {
  Button,
  Checkbox,
  Chip,
  Collapse,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
  em,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { IncidentCountsView, IncidentStatus, Page, ServiceView, TeamView } from '../types.ts';

export const STATUSES: IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'];

/**
 * The URL parameters of the incident list that are also the API's filters, under the same names,
 * so the page's URL is the query: a link or a reload shows the same list.
 */
export const FILTER_KEYS = [
  'status',
  'severity',
  'urgency',
  'service_id',
  'team_id',
  'assigned_to',
  'since',
  'until',
  'q',
];

/** The filters of `params` as an API query string (status may repeat). */
export function filterQuery(params: URLSearchParams, without: string[] = []): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (without.includes(key)) continue;
    for (const value of params.getAll(key)) if (value !== '') query.append(key, value);
  }
  return query;
}

const same = (v: string) => ({ value: v, label: v });
const named = (list: { id: string; name: string }[] | undefined) =>
  (list ?? []).map((x) => ({ value: x.id, label: x.name }));

/** Typing stops for this long before the search is sent. */
const SEARCH_DELAY_MS = 300;

interface Props {
  params: URLSearchParams;
  counts: IncidentCountsView | undefined;
  /** Sets filters (an empty list removes one); the page goes back to its first page. */
  onChange: (changes: Record<string, string[]>) => void;
}

export function IncidentFilters({ params, counts, onChange }: Props) {
  const services = useQuery({
    queryKey: ['services', 'all'],
    queryFn: () => api<Page<ServiceView>>('GET', '/services?limit=500'),
    staleTime: 60_000,
  });
  const teams = useQuery({
    queryKey: ['teams', 'all'],
    queryFn: () => api<Page<TeamView>>('GET', '/teams?limit=500'),
    staleTime: 60_000,
  });

  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => onChange({ q: text === '' ? [] : [text] }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, q, onChange]);

  const one = (key: string) => params.get(key) ?? '';
  // On a phone the fields fold behind a button, so the list itself is on the first screen.
  const phone = useMediaQuery(`(max-width: ${em(767.98)})`) ?? false;
  const [shown, { toggle }] = useDisclosure(false);
  const active = FILTER_KEYS.filter((k) => k !== 'status' && one(k) !== '').length;
  // Called as a function, not a component: a component made here would be a new type every
  // render, and a select remounted under the person's focus drops it.
  const filterSelect = (p: { label: string; name: string; options: { value: string; label: string }[] }) => (
    <NativeSelect
      label={p.label}
      value={one(p.name)}
      onChange={(e) => onChange({ [p.name]: e.currentTarget.value === '' ? [] : [e.currentTarget.value] })}
      data={[{ value: '', label: 'Any' }, ...p.options]}
    />
  );
  const time = (key: 'since' | 'until') => {
    const iso = one(key);
    return {
      value: iso === '' ? '' : DateTime.fromISO(iso).toFormat("yyyy-MM-dd'T'HH:mm"),
      onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
        const local = e.currentTarget.value;
        const t = DateTime.fromISO(local);
        onChange({ [key]: local === '' || !t.isValid ? [] : [t.toUTC().toISO() ?? ''] });
      },
    };
  };

  return (
    <Stack gap="sm">
      <Chip.Group multiple value={params.getAll('status')} onChange={(v) => onChange({ status: v })}>
        <Group gap="xs" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <Chip key={s} value={s} size="sm">
              {s} {counts === undefined ? '' : `(${counts[s]})`}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {phone && (
        <Button
          variant="default"
          onClick={toggle}
          aria-expanded={shown}
          aria-controls="incident-filters"
          style={{ alignSelf: 'start' }}
        >
          {shown ? 'Hide filters' : 'Show filters'}
          {active > 0 && ` (${active} set)`}
        </Button>
      )}
      <Collapse expanded={!phone || shown} id="incident-filters">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
          <TextInput
            label="Search"
            placeholder="Title or INC-42"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            type="search"
          />
          {filterSelect({
            label: 'Severity',
            name: 'severity',
            options: ['SEV1', 'SEV2', 'SEV3', 'SEV4'].map(same),
          })}
          {filterSelect({
            label: 'Urgency',
            name: 'urgency',
            options: [
              { value: 'high', label: 'High' },
              { value: 'low', label: 'Low' },
            ],
          })}
          {filterSelect({ label: 'Service', name: 'service_id', options: named(services.data?.data) })}
          {filterSelect({ label: 'Team', name: 'team_id', options: named(teams.data?.data) })}
          <TextInput label="Created from" type="datetime-local" {...time('since')} />
          <TextInput label="Created before" type="datetime-local" {...time('until')} />
          <Stack justify="end" gap={4}>
            <Checkbox
              label="Assigned to me"
              checked={one('assigned_to') === 'me'}
              onChange={(e) => onChange({ assigned_to: e.currentTarget.checked ? ['me'] : [] })}
            />
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => onChange(Object.fromEntries(FILTER_KEYS.map((k) => [k, []])))}
            >
              Clear filters
            </Button>
          </Stack>
        </SimpleGrid>
      </Collapse>
    </Stack>
  );
}
