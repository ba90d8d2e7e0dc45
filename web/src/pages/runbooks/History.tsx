import { Badge, Button, Grid, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useRef } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { when } from '../../format.ts';
import type { RunbookVersionSummaryView, RunbookView } from '../../types.ts';
import { MarkdownBody } from '../postmortems/SectionEditor.tsx';
import { useDiff, useVersion, useVersions } from './data.ts';
import { DiffView } from './DiffView.tsx';

/** What the history tab shows beside the list: one version's text, or the changes between two. */
export type Shown = { version: number } | { from: number; to: number } | null;

/**
 * A runbook's versions (GET /runbooks/:id/versions), newest first, each with who saved it, when
 * and their note; any version's text as it was, and the changes between any two (the previous
 * and the current one by default). What is shown is in the page's URL, so it can be linked.
 */
export function History({
  rb,
  shown,
  onShow,
}: {
  rb: RunbookView;
  shown: Shown;
  onShow: (s: Shown) => void;
}) {
  const versions = useVersions(rb.id);
  const panel = useRef<HTMLDivElement>(null);
  const show = (s: Shown) => {
    onShow(s);
    // On a phone the panel is below the list: bring it into view.
    panel.current?.scrollIntoView({ block: 'start' });
  };
  const compare =
    shown === null || 'version' in shown
      ? rb.version > 1
        ? { from: rb.version - 1, to: rb.version }
        : null
      : shown;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="xs">
          <Title order={2} size="h4" id="versions-title">
            Versions
          </Title>
          <QueryState query={versions} what="the versions" />
          {versions.data !== undefined && (
            <Stack
              gap="xs"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-labelledby="versions-title"
            >
              {versions.data.data.map((v) => (
                <VersionItem key={v.version} v={v} current={rb} onShow={show} />
              ))}
            </Stack>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <div ref={panel} style={{ scrollMarginTop: 72 }}>
          {shown !== null && 'version' in shown ? (
            <OldVersion id={rb.id} version={shown.version} onBack={() => show(null)} />
          ) : compare === null ? (
            <Text size="sm">There is only one version yet: nothing to compare.</Text>
          ) : (
            <Changes
              id={rb.id}
              versions={versions.data?.data ?? []}
              from={compare.from}
              to={compare.to}
              onShow={show}
            />
          )}
        </div>
      </Grid.Col>
    </Grid>
  );
}

function VersionItem({
  v,
  current,
  onShow,
}: {
  v: RunbookVersionSummaryView;
  current: RunbookView;
  onShow: (s: Shown) => void;
}) {
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={600}>Version {v.version}</Text>
          {v.version === current.version && (
            <Badge color="dark.6" variant="outline" radius="xs" tt="none">
              Current
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {v.edited_by.name}, {when(v.edited_at)}
        </Text>
        {v.title !== current.title && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            Titled “{v.title}”
          </Text>
        )}
        <Text size="sm" c={v.note === '' ? 'gray.7' : undefined} style={{ overflowWrap: 'anywhere' }}>
          {v.note === '' ? 'No note' : `Note: ${v.note}`}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            aria-label={`View version ${v.version}`}
            onClick={() => onShow({ version: v.version })}
          >
            View
          </Button>
          {v.version > 1 && (
            <Button
              size="xs"
              variant="default"
              aria-label={`Changes in version ${v.version}`}
              onClick={() => onShow({ from: v.version - 1, to: v.version })}
            >
              Changes
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function OldVersion({ id, version, onBack }: { id: string; version: number; onBack: () => void }) {
  const v = useVersion(id, version);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="old-version-title">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="old-version-title">
            Version {version}
          </Title>
          <Button size="xs" variant="default" onClick={onBack}>
            Back to the changes
          </Button>
        </Group>
        <QueryState query={v} what={`version ${version}`} />
        {v.data !== undefined && (
          <>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              “{v.data.title}”, saved by {v.data.edited_by.name}, {when(v.data.edited_at)}
              {v.data.tags.length > 0 && ` · Tags: ${v.data.tags.join(', ')}`}
            </Text>
            <MarkdownBody body={v.data.body} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Changes({
  id,
  versions,
  from,
  to,
  onShow,
}: {
  id: string;
  versions: RunbookVersionSummaryView[];
  from: number;
  to: number;
  onShow: (s: Shown) => void;
}) {
  const diff = useDiff(id, from, to);
  const options = versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="diff-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="diff-title">
          Changes from version {from} to version {to}
        </Title>
        <Group gap="sm" grow preventGrowOverflow={false}>
          <NativeSelect
            label="From"
            value={String(from)}
            onChange={(e) => onShow({ from: Number(e.currentTarget.value), to })}
            data={options}
          />
          <NativeSelect
            label="To"
            value={String(to)}
            onChange={(e) => onShow({ from, to: Number(e.currentTarget.value) })}
            data={options}
          />
        </Group>
        <QueryState query={diff} what="the changes" />
        {diff.data !== undefined && <DiffView key={`${diff.data.from}-${diff.data.to}`} diff={diff.data} />}
      </Stack>
    </Paper>
  );
}
