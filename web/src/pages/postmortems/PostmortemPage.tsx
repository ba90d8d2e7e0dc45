import { Alert, Anchor, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import { useMe } from '../../session.tsx';
import type { PostmortemView, UserView } from '../../types.ts';
import { SeverityBadge } from '../badges.tsx';
import { ActionItemsPanel } from '../action-items/ActionItemsPanel.tsx';
import { pmPath, useIncidentDraft, usePostmortem, usePostmortemWrite } from './data.ts';
import { Details, Durations, type Edits, editsOf, patchOf } from './Details.tsx';
import { DueDate, PostmortemBadge } from './PostmortemBadge.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { SectionEditor } from './SectionEditor.tsx';

/**
 * One postmortem (GET /api/v1/postmortems/:id): the editor while it is a draft or in review,
 * the document once published. Edits stay in the page until saved with the revision they started
 * from; when someone else saved first the server refuses (409) and the page says so, keeping the
 * text typed here: nothing is overwritten without the author seeing it.
 */
export function PostmortemPage() {
  const id = useParams().id ?? '';
  const pm = usePostmortem(id);
  const me = useMe();
  if (pm.isPending || me.isPending) return <Loader aria-label="Loading the postmortem" />;
  if (pm.isError || me.isError) {
    const e = pm.error ?? me.error;
    const notFound = e instanceof ApiError && e.status === 404;
    return (
      <Stack>
        <Title order={1}>{notFound ? 'Postmortem not found' : 'Could not load the postmortem'}</Title>
        <Text>{notFound ? `There is no postmortem ${id}.` : e?.message}</Text>
        <Anchor component={Link} to="/postmortems">
          All postmortems
        </Anchor>
      </Stack>
    );
  }
  return <Editor pm={pm.data} me={me.data.user} />;
}

const FIELDS = ['title', 'owner_id', 'tags', 'due_at'] as const;

function Editor({ pm, me }: { pm: PostmortemView; me: UserView }) {
  const queryClient = useQueryClient();
  const [edits, setEdits] = useState<Edits | null>(null);
  const [stale, setStale] = useState(false);
  const draft = useIncidentDraft(pm.id);
  const save = usePostmortemWrite(pm.id, (e: Edits) => ['PATCH', pmPath(pm.id), patchOf(e, pm)]);
  const readOnly = pm.status === 'published' || me.role === 'viewer';
  const current = edits ?? editsOf(pm);
  const dirty = edits !== null;
  const errors = fieldErrors(stale ? null : save.error, FIELDS);

  const change = (e: Edits) => {
    setEdits(e);
    save.reset();
  };
  const setSection = (key: string, body: string) =>
    change({ ...current, sections: current.sections.map((s) => (s.key === key ? { ...s, body } : s)) });
  const submit = () =>
    save.mutate(current, {
      onSuccess: () => {
        setEdits(null);
        setStale(false);
      },
      onError: (e) => {
        if (!(e instanceof ApiError) || e.status !== 409) return;
        setStale(true);
        void queryClient.invalidateQueries({ queryKey: ['postmortem', pm.id] });
      },
    });
  const discard = () => {
    setEdits(null);
    setStale(false);
    save.reset();
  };
  const timeline = draft.data?.timeline;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/postmortems" size="sm">
        ← Postmortem library
      </Anchor>
      <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
        {pm.title}
      </Title>
      <Group gap="xs">
        <PostmortemBadge status={pm.status} />
        <SeverityBadge severity={pm.incident.severity} />
        <Anchor component={Link} to={`/incidents/${encodeURIComponent(pm.incident.ref)}`} size="sm">
          {pm.incident.ref}: {pm.incident.title}
        </Anchor>
        <Text size="sm">Owner: {pm.owner?.name ?? 'nobody'}</Text>
        {pm.tags.length > 0 && <Text size="sm">Tags: {pm.tags.join(', ')}</Text>}
        <DueDate pm={pm} />
      </Group>
      <Group gap="xs">
        <Button component="a" variant="default" size="xs" href={`/api/v1${pmPath(pm.id)}.md`} download>
          Export Markdown (.md)
        </Button>
        <Button
          component="a"
          variant="default"
          size="xs"
          href={`/api/v1${pmPath(pm.id)}.html`}
          target="_blank"
          rel="noopener"
        >
          Printable view
        </Button>
      </Group>
      <Durations id={pm.id} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Details edits={current} readOnly={readOnly} onChange={change} errors={errors.byField} />
            {current.sections.map((s) => (
              <Fragment key={s.key}>
                <SectionEditor
                  section={s}
                  comments={pm.review_comments.filter((c) => c.section_key === s.key)}
                  readOnly={readOnly}
                  incidentRef={pm.incident.ref}
                  onChange={(body) => setSection(s.key, body)}
                  onReinsertTimeline={
                    s.key === 'timeline' && timeline !== undefined
                      ? () => setSection(s.key, timeline)
                      : undefined
                  }
                />
                {/* The incident's own items, worked on here as on its page: one list, not a copy. */}
                {s.key === 'action_items' && <ActionItemsPanel incidentId={pm.incident.id} />}
              </Fragment>
            ))}
            {!readOnly && (
              <SaveBar
                dirty={dirty}
                stale={stale}
                pending={save.isPending}
                error={stale ? null : (errors.other ?? null)}
                latest={pm.revision}
                onSave={submit}
                onDiscard={discard}
              />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          {/* Beside the sections on a desktop, the review stays in view while they scroll by. */}
          <div style={{ position: 'sticky', top: 72 }}>
            <ReviewPanel pm={pm} me={me} dirty={dirty} />
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Save and discard, kept in view at the bottom of the window while the sections scroll by. */
function SaveBar(p: {
  dirty: boolean;
  stale: boolean;
  pending: boolean;
  error: string | null;
  latest: number;
  onSave: () => void;
  onDiscard: () => void;
}) {
  return (
    <Paper withBorder p="sm" shadow="sm" style={{ position: 'sticky', bottom: 8, zIndex: 2 }}>
      <Stack gap="xs">
        {p.stale && (
          <Alert color="red" role="alert" title="Someone else saved this postmortem first">
            Your changes were not saved, and theirs were not overwritten: it is now at revision {p.latest}.
            Copy what you want to keep from the sections, then load the latest version and apply it again.
          </Alert>
        )}
        {p.error !== null && (
          <Alert color="red" role="alert" title="Could not save the postmortem">
            {p.error}
          </Alert>
        )}
        <Group gap="xs" justify="space-between">
          <Text size="sm" aria-live="polite">
            {p.dirty ? 'Unsaved changes' : 'All changes saved'}
          </Text>
          <Group gap="xs">
            {p.dirty && (
              <Button variant="default" onClick={p.onDiscard}>
                {p.stale ? 'Load the latest version' : 'Discard changes'}
              </Button>
            )}
            <Button onClick={p.onSave} loading={p.pending} disabled={!p.dirty || p.stale}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
