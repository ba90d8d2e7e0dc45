import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { useMe } from '../../session.tsx';
import type { RunbookView, TeamView, UserView } from '../../types.ts';
import { rbPath, useOwnerChoices, useRunbookTemplate } from './data.ts';
import { createBody, type Draft, newDraft, saveErrors } from './draft.ts';
import { RunbookForm } from './RunbookForm.tsx';

/**
 * A new runbook (POST /api/v1/runbooks), its text started from the runbook template (GET
 * /api/v1/runbook-template). The coverage report links here with a service and a title filled
 * in (`?service_id=...&title=...`). A responder gives it to one of their teams; an admin may
 * leave it to admins. The API's 400 shows at the field it names, and the form keeps what was typed.
 */
export function NewRunbookPage() {
  const me = useMe();
  const template = useRunbookTemplate();
  const teams = useOwnerChoices();
  if (me.data?.user.role === 'viewer') {
    return (
      <Alert color="orange" role="alert" title="Not yours to write">
        Viewers read runbooks; responders and admins write them.
      </Alert>
    );
  }
  if (template.isError) return <QueryState query={template} what="the runbook template" />;
  if (template.data === undefined || teams === undefined || me.data === undefined)
    return <Loader aria-label="Loading the runbook template" />;
  return <NewRunbook me={me.data.user} teams={teams} template={template.data.body} />;
}

function NewRunbook({ me, teams, template }: { me: UserView; teams: TeamView[]; template: string }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const admin = me.role === 'admin';
  const [draft, setDraft] = useState<Draft>(() =>
    newDraft(template, {
      ownerTeamId: admin ? '' : (teams[0]?.id ?? ''),
      ...(params.get('service_id') === null ? {} : { serviceId: params.get('service_id')! }),
      ...(params.get('title') === null ? {} : { title: params.get('title')! }),
    }),
  );
  const create = useMutation({
    mutationFn: (d: Draft) => api<RunbookView>('POST', '/runbooks', createBody(d)),
    onSuccess: (rb) => {
      queryClient.setQueryData(['runbook', rb.id], rb);
      void queryClient.invalidateQueries({ queryKey: ['runbooks'] });
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
      void navigate(rbPath(rb.id));
    },
  });
  const errors = saveErrors(create.error, draft.matchers);
  const owners = [
    ...(admin ? [{ value: '', label: 'No team (admins only)' }] : []),
    ...teams.map((t) => ({ value: t.id, label: t.name })),
  ];
  const change = (d: Draft) => {
    setDraft(d);
    create.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(draft);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="New runbook">
      <Stack gap="md">
        <Anchor component={Link} to="/runbooks" size="sm">
          ← Runbook library
        </Anchor>
        <Title order={1} size="h2">
          New runbook
        </Title>
        {!admin && teams.length === 0 && (
          <Alert color="orange" title="You are on no team">
            A runbook belongs to a team, whose members keep it up to date. Ask an admin to add you to a team,
            or to write this runbook.
          </Alert>
        )}
        <Text size="sm">
          The text starts from the runbook template: replace each section&apos;s hint with what a responder
          paged at night needs to know.
        </Text>
        <RunbookForm draft={draft} onChange={change} errors={errors} owners={owners} />
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <TextInput
              label="Change note"
              description="Optional, for the version history"
              value={draft.note}
              onChange={(e) => change({ ...draft, note: e.currentTarget.value })}
              error={errors.byField.note}
            />
            {errors.other !== undefined && (
              <Alert color="red" role="alert" title="Could not create the runbook">
                {errors.other}
              </Alert>
            )}
            <Group gap="xs">
              <Button type="submit" loading={create.isPending}>
                Create runbook
              </Button>
              <Button variant="default" component={Link} to="/runbooks">
                Cancel
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}
