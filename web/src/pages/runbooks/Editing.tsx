import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../session.tsx';
import type { RunbookView } from '../../types.ts';
import { MarkdownBody } from '../postmortems/SectionEditor.tsx';
import { rbPath, useOwnerChoices, useRunbookWrite } from './data.ts';
import { changesText, type Draft, draftOf, patchOf, saveErrors, staleVersion } from './draft.ts';
import { Matches } from './parts.tsx';
import { RunbookForm } from './RunbookForm.tsx';

/**
 * The runbook's text and what it applies to: as a form for those who may change it, as a
 * document for everyone else. A form with unsaved edits stays a form even if the person's
 * right to change it went away meanwhile: the save's 403 then says so, with the text kept.
 */
export function Editing({
  rb,
  canEdit,
  draft,
  setDraft,
  stale,
  setStale,
  onCompare,
}: {
  rb: RunbookView;
  canEdit: boolean;
  draft: Draft | null;
  setDraft: (d: Draft | null) => void;
  /** The version someone else saved while these edits were open (a refused save), or null. */
  stale: number | null;
  setStale: (v: number | null) => void;
  /** Shows the changes from `from` to the current version in the history. */
  onCompare: (from: number) => void;
}) {
  const queryClient = useQueryClient();
  const me = useMe().data?.user;
  const choices = useOwnerChoices();
  const save = useRunbookWrite(rb.id, (d: Draft) => ['PATCH', rbPath(rb.id), patchOf(d, rb)]);
  if (!canEdit && draft === null) return <ReadOnly rb={rb} viewer={me?.role === 'viewer'} />;

  const current = draft ?? draftOf(rb);
  const errors = saveErrors(save.error, current.matchers);
  const owners = [
    ...(me?.role === 'admin' ? [{ value: '', label: 'No team (admins only)' }] : []),
    ...(choices ?? []).map((t) => ({ value: t.id, label: t.name })),
  ];
  // The owner it has now is offered even if the person could not give it to that team.
  if (rb.owner_team !== null && !owners.some((o) => o.value === rb.owner_team?.id)) {
    owners.push({ value: rb.owner_team.id, label: rb.owner_team.name });
  }
  const change = (d: Draft) => {
    setDraft(d);
    save.reset();
  };
  const submit = () =>
    save.mutate(current, {
      onSuccess: () => {
        setDraft(null);
        setStale(null);
      },
      onError: (e) => {
        const now = staleVersion(e);
        if (now === undefined) return;
        setStale(now);
        void queryClient.invalidateQueries({ queryKey: ['runbook', rb.id] });
      },
    });
  const discard = () => {
    setDraft(null);
    setStale(null);
    save.reset();
  };
  const dirty = draft !== null;

  return (
    <Stack gap="md">
      <RunbookForm draft={current} onChange={change} errors={errors} owners={owners} />
      <Paper withBorder p="sm" shadow="sm" style={{ position: 'sticky', bottom: 8, zIndex: 2 }}>
        <Stack gap="xs">
          {stale !== null && (
            <Alert color="red" role="alert" title="Someone else saved this runbook first">
              Your changes were not saved, and theirs were not overwritten: the runbook is at version {stale}{' '}
              now, and your edits started from version {current.base}. What you typed is still in the form:
              copy what you want to keep, then load the latest version and apply it again.{' '}
              <Anchor component="button" type="button" size="sm" onClick={() => onCompare(current.base)}>
                See what they changed
              </Anchor>
            </Alert>
          )}
          {errors.other !== undefined && (
            <Alert color="red" role="alert" title="Could not save the runbook">
              {errors.other}
            </Alert>
          )}
          {dirty && (
            <TextInput
              label="Change note"
              description={
                changesText(current, rb)
                  ? `What changed, for the version history: saving makes version ${current.base + 1}`
                  : 'Only the matching, owner or review interval change: no new version'
              }
              value={current.note}
              onChange={(e) => change({ ...current, note: e.currentTarget.value })}
              error={errors.byField.note}
            />
          )}
          <Group gap="xs" justify="space-between">
            <Text size="sm" aria-live="polite">
              {dirty ? 'Unsaved changes' : 'All changes saved'}
            </Text>
            <Group gap="xs">
              {dirty && (
                <Button variant="default" onClick={discard}>
                  {stale !== null ? 'Load the latest version' : 'Discard changes'}
                </Button>
              )}
              <Button onClick={submit} loading={save.isPending} disabled={!dirty || stale !== null}>
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

/** The runbook as a document: its text rendered safely, and what it applies to. */
function ReadOnly({ rb, viewer }: { rb: RunbookView; viewer: boolean }) {
  return (
    <Stack gap="md">
      <Alert color="gray" variant="light" title="Read only">
        {viewer
          ? 'Viewers read runbooks; responders on its team and admins change them.'
          : rb.owner_team === null
            ? 'This runbook belongs to no team: only admins change it.'
            : `Only members of ${rb.owner_team.name} and admins change this runbook.`}
      </Alert>
      <Paper withBorder p="md" component="section" aria-labelledby="runbook-text">
        <Stack gap="xs">
          <Title order={2} size="h4" id="runbook-text">
            Text
          </Title>
          {rb.body.trim() === '' ? (
            <Text size="sm">Nothing written yet.</Text>
          ) : (
            <MarkdownBody body={rb.body} />
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="runbook-applies">
        <Stack gap="xs">
          <Title order={2} size="h4" id="runbook-applies">
            When it applies
          </Title>
          <Matches rb={rb} />
        </Stack>
      </Paper>
    </Stack>
  );
}
