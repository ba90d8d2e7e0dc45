import { Button, Code, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import type { AuditEntryView, Page, UserView } from '../../types.ts';
import { AdminOnly } from './AdminOnly.tsx';
import { VerifyChain } from './VerifyChain.tsx';

const PAGE_SIZE = 25;
/** The filters GET /api/v1/audit takes, as the URL's search parameters name them. */
const FILTERS = ['actor_id', 'action', 'target_type', 'target_id', 'since', 'until'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const TEXT_FILTERS = [
  { name: 'action', label: 'Action', placeholder: 'team.create' },
  { name: 'target_type', label: 'Target type', placeholder: 'team' },
  { name: 'target_id', label: 'Target id', placeholder: '' },
] as const;

// The time filters are typed as local times (datetime-local) and sent as UTC instants.
const toApiTime = (local: string) => DateTime.fromISO(local).toUTC().toISO() ?? '';
const toLocalInput = (iso: string) =>
  iso === '' ? '' : DateTime.fromISO(iso).toFormat("yyyy-MM-dd'T'HH:mm");

export function AuditPage() {
  return (
    <AdminOnly>
      <AuditLog />
    </AdminOnly>
  );
}

/**
 * The audit log, newest first, a page at a time through the API's cursor, with the filters the
 * API takes. Filters and the cursors walked so far live in the URL, like the alert list's.
 */
function AuditLog() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
  const cursors = params.getAll('after');
  const cursor = cursors.at(-1);
  // What is typed but not yet applied; the actor applies at once.
  const [draft, setDraft] = useState<Filters>({
    ...filters,
    since: toLocalInput(filters.since),
    until: toLocalInput(filters.until),
  });
  const users = useQuery({
    queryKey: ['settings', 'users'],
    queryFn: () => api<Page<UserView>>('GET', '/users?limit=500'),
    staleTime: 60_000,
  });

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const f of FILTERS) if (filters[f] !== '') query.set(f, filters[f]);
  if (cursor !== undefined) query.set('cursor', cursor);
  const log = useQuery({
    queryKey: ['audit', 'list', filters, cursor ?? null],
    queryFn: () => api<Page<AuditEntryView>>('GET', `/audit?${query.toString()}`),
    placeholderData: keepPreviousData,
  });

  const go = (next: Filters, after: string[] = []) => {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (next[f] !== '') p.set(f, next[f]);
    for (const a of after) p.append('after', a);
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = Object.fromEntries(FILTERS.map((f) => [f, draft[f].trim()])) as Filters;
    go({
      ...trimmed,
      since: trimmed.since === '' ? '' : toApiTime(trimmed.since),
      until: trimmed.until === '' ? '' : toApiTime(trimmed.until),
    });
  };
  const set = (name: keyof Filters, value: string) => setDraft((d) => ({ ...d, [name]: value }));

  return (
    <Stack maw={1100}>
      <Title order={1}>Audit log</Title>
      <Text c="gray.7">
        Every change, who made it and what it was before and after. Each entry is chained to the one before by
        its hash, so a changed or deleted entry shows when the chain is verified.
      </Text>
      <VerifyChain />
      <form onSubmit={submit} role="search" aria-label="Filter the audit log">
        <Group align="end" wrap="wrap">
          <NativeSelect
            label="Actor"
            value={draft.actor_id}
            onChange={(e) => set('actor_id', e.currentTarget.value)}
            data={[
              { value: '', label: 'Anyone' },
              ...(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name })),
            ]}
          />
          {TEXT_FILTERS.map((t) => (
            <TextInput
              key={t.name}
              label={t.label}
              placeholder={t.placeholder}
              value={draft[t.name]}
              onChange={(e) => set(t.name, e.currentTarget.value)}
            />
          ))}
          <TextInput
            type="datetime-local"
            label="From"
            value={draft.since}
            onChange={(e) => set('since', e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label="Before"
            value={draft.until}
            onChange={(e) => set('until', e.currentTarget.value)}
          />
          <Button type="submit" variant="default">
            Filter
          </Button>
        </Group>
      </form>
      <QueryState query={log} what="the audit log" />
      {log.data && log.data.data.length === 0 && <Text>No entries match.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Audit entries">
        {log.data?.data.map((entry) => (
          <AuditItem key={entry.seq} entry={entry} />
        ))}
      </Stack>
      <Pager cursors={cursors} nextCursor={log.data?.next_cursor ?? null} onChange={(c) => go(filters, c)} />
    </Stack>
  );
}

function AuditItem({ entry }: { entry: AuditEntryView }) {
  const [open, setOpen] = useState(false);
  const target = `${entry.target_type}${entry.target_id === null ? '' : ` ${entry.target_id}`}`;
  return (
    <Paper component="li" withBorder p="sm" aria-label={`${entry.action} by ${entry.actor_name}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} component="span">
            {entry.action}
          </Text>{' '}
          <Text component="span" size="sm" style={{ overflowWrap: 'anywhere' }}>
            on {target}
          </Text>
          <Text size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
            #{entry.seq} · {entry.actor_name} · {when(entry.at)}
          </Text>
        </div>
        <Button variant="subtle" size="xs" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide changes' : 'Show changes'}
        </Button>
      </Group>
      {open && (
        <Group align="start" grow mt="xs" wrap="wrap">
          <Snapshot label="Before" value={entry.before} />
          <Snapshot label="After" value={entry.after} />
        </Group>
      )}
    </Paper>
  );
}

function Snapshot({ label, value }: { label: string; value: unknown }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {value === null || value === undefined ? '(nothing)' : JSON.stringify(value, null, 2)}
      </Code>
    </div>
  );
}
