import { Anchor, Grid, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { useActsForTeam } from '../../team-access.tsx';
import type { RunbookView } from '../../types.ts';
import { useRunbook } from './data.ts';
import type { Draft } from './draft.ts';
import { Editing } from './Editing.tsx';
import { History, type Shown } from './History.tsx';
import { ReviewDue, VersionBadge } from './parts.tsx';
import { SidePanel } from './SidePanel.tsx';
import { Steps } from './Steps.tsx';
import { useSteps } from './steps-data.ts';

/**
 * One runbook (GET /api/v1/runbooks/:id): its editor for admins and the members of its owner
 * team, its text for everyone else; its review, its automated steps, and its version history
 * with the changes between any two versions. Edits stay in the page (across the tabs) until
 * saved with the version they started from: when someone else saved first the server refuses
 * (409) and the page says so, keeping what was typed.
 */
export function RunbookPage() {
  const id = useParams().id ?? '';
  const rb = useRunbook(id);
  if (rb.isPending) return <Loader aria-label="Loading the runbook" />;
  if (rb.isError) {
    const notFound = rb.error instanceof ApiError && rb.error.status === 404;
    return (
      <Stack>
        <Title order={1}>{notFound ? 'Runbook not found' : 'Could not load the runbook'}</Title>
        <Text>{notFound ? `There is no runbook ${id}; it may have been deleted.` : rb.error.message}</Text>
        <Anchor component={Link} to="/runbooks">
          All runbooks
        </Anchor>
      </Stack>
    );
  }
  return <Runbook rb={rb.data} />;
}

const num = (v: string | null) => (v === null || !/^\d+$/.test(v) ? null : Number(v));

function shownOf(params: URLSearchParams): Shown {
  const version = num(params.get('version'));
  if (version !== null) return { version };
  const from = num(params.get('from'));
  const to = num(params.get('to'));
  return from !== null && to !== null ? { from, to } : null;
}

function Runbook({ rb }: { rb: RunbookView }) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = asked === 'history' || asked === 'steps' ? asked : 'runbook';
  const canEdit = useActsForTeam(rb.owner_team?.id ?? null);
  const steps = useSteps(rb.id).data?.data.length;
  // Kept here, above the tabs, so looking at the history does not lose unsaved edits.
  const [draft, setDraft] = useState<Draft | null>(null);
  const [stale, setStale] = useState<number | null>(null);

  const go = (next: { tab?: string; shown?: Shown }) =>
    setParams(
      () => {
        // From the address as it is now (see LibraryPage): quick changes do not undo each other.
        const p = new URLSearchParams(window.location.search);
        const q = new URLSearchParams(p);
        for (const key of ['tab', 'version', 'from', 'to']) q.delete(key);
        const t = next.tab ?? tab;
        if (t !== 'runbook') q.set('tab', t);
        const s = next.shown === undefined ? shownOf(p) : next.shown;
        if (t === 'history' && s !== null) {
          for (const [k, v] of Object.entries(s)) q.set(k, String(v));
        }
        return q;
      },
      { replace: next.tab === undefined },
    );

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/runbooks" size="sm">
        ← Runbook library
      </Anchor>
      <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
        {rb.title}
      </Title>
      <Group gap="xs">
        <VersionBadge version={rb.version} />
        <Text size="sm">Owner: {rb.owner_team?.name ?? 'admins'}</Text>
        <ReviewDue rb={rb} />
        {rb.tags.length > 0 && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            Tags: {rb.tags.join(', ')}
          </Text>
        )}
      </Group>
      <Tabs value={tab} onChange={(t) => go({ tab: t ?? 'runbook', shown: null })} keepMounted={false}>
        <Tabs.List aria-label="Runbook, its steps or its history" mb="md">
          <Tabs.Tab value="runbook">Runbook</Tabs.Tab>
          <Tabs.Tab value="steps">Steps{steps === undefined ? '' : ` (${steps})`}</Tabs.Tab>
          <Tabs.Tab value="history">
            History ({rb.version === 1 ? '1 version' : `${rb.version} versions`})
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="runbook">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              {canEdit === undefined ? (
                <Loader aria-label="Loading who may change the runbook" />
              ) : (
                <Editing
                  rb={rb}
                  canEdit={canEdit}
                  draft={draft}
                  setDraft={setDraft}
                  stale={stale}
                  setStale={setStale}
                  onCompare={(from) => go({ tab: 'history', shown: { from, to: rb.version } })}
                />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <SidePanel
                rb={rb}
                canEdit={canEdit === true}
                onHistory={() => go({ tab: 'history', shown: null })}
              />
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="steps">
          <Steps rb={rb} canEdit={canEdit === true} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <History rb={rb} shown={shownOf(params)} onShow={(shown) => go({ shown })} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
