import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { useMe } from '../../session.tsx';
import type { RunbookStepView, RunbookView } from '../../types.ts';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { KillSwitchBar } from './KillSwitch.tsx';
import { StepModal } from './StepModal.tsx';
import { approvalText, autoRunText, Secrets, StepRequest } from './step-parts.tsx';
import { stepsPath, useSteps, useStepWrite } from './steps-data.ts';

/**
 * The runbook's automated steps (GET /api/v1/runbooks/:id/steps), in the order the incident page
 * offers them: each an HTTP request, with who must agree before it runs, whether it runs on its
 * own and the secrets it sends (by name). Those who may change the runbook add, edit and delete
 * steps in a modal; a step that sends a secret is an admin's to change, and one an admin
 * approves is an admin's to delete or loosen (the API refuses others with 403, shown as is).
 */
export function Steps({ rb, canEdit }: { rb: RunbookView; canEdit: boolean }) {
  const steps = useSteps(rb.id);
  const admin = useMe().data?.user.role === 'admin';
  const [editing, setEditing] = useState<RunbookStepView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<RunbookStepView | null>(null);
  const list = steps.data?.data ?? [];
  return (
    <Stack gap="md">
      <KillSwitchBar />
      <Paper withBorder p="md" component="section" aria-labelledby="steps-title">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4" id="steps-title">
              Automated steps
            </Title>
            {canEdit && <Button onClick={() => setEditing('new')}>Add a step</Button>}
          </Group>
          <Text size="sm">
            HTTP requests responders run from the incident page, filled in from the incident and its newest
            alert. A step runs when a responder asks only if it is marked safe; otherwise a second person
            approves each run.
          </Text>
          <QueryState query={steps} what="the steps" />
          {steps.isSuccess && list.length === 0 && <Text size="sm">No steps yet.</Text>}
          {list.length > 0 && (
            <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Steps">
              {list.map((s, i) => (
                <Paper key={s.id} withBorder p="sm" component="li" aria-label={`Step ${i + 1}: ${s.name}`}>
                  <Stack gap={6}>
                    <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {i + 1}. {s.name}
                    </Text>
                    <StepRequest method={s.method} url={s.url} />
                    <Text size="sm">{approvalText(s)}</Text>
                    <Text size="sm">{autoRunText(s)}</Text>
                    <Secrets names={s.secrets} />
                    <Text size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
                      {s.headers.length === 0
                        ? 'No headers'
                        : `Headers: ${s.headers.map((h) => h.name).join(', ')}`}
                      {s.body === null ? '; no body' : '; with a body'}; times out after {s.timeout_seconds}{' '}
                      s; success is{' '}
                      {s.expected_status === null ? 'any 2xx answer' : `HTTP ${s.expected_status}`}.
                    </Text>
                    {canEdit && (
                      <Group gap="xs">
                        {s.secrets.length > 0 && !admin ? (
                          <Text size="sm">It sends a secret: only an admin changes it.</Text>
                        ) : (
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={`Edit ${s.name}`}
                            onClick={() => setEditing(s)}
                          >
                            Edit
                          </Button>
                        )}
                        {s.approval === 'approval' && s.approver_role === 'admin' && !admin ? (
                          <Text size="sm">
                            An admin approves it: only an admin deletes it or loosens that.
                          </Text>
                        ) : (
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={`Delete ${s.name}`}
                            onClick={() => setDeleting(s)}
                          >
                            Delete
                          </Button>
                        )}
                      </Group>
                    )}
                  </Stack>
                </Paper>
              ))}
            </Stack>
          )}
          {!canEdit && (
            <Alert color="gray" variant="light">
              {rb.owner_team === null
                ? 'Only admins change the steps of a runbook of no team.'
                : `Members of ${rb.owner_team.name} and admins change these steps.`}
            </Alert>
          )}
        </Stack>
      </Paper>
      {editing !== null && (
        <StepModal
          key={editing === 'new' ? 'new' : editing.id}
          runbookId={rb.id}
          step={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting !== null && <DeleteStep rb={rb} step={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

function DeleteStep({ rb, step, onClose }: { rb: RunbookView; step: RunbookStepView; onClose: () => void }) {
  const remove = useStepWrite(rb.id, () => ['DELETE', `${stepsPath(rb.id)}/${encodeURIComponent(step.id)}`]);
  return (
    <ConfirmModal
      title={`Delete the step “${step.name}”?`}
      confirm="Delete step"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      <Text size="sm">
        Responders can no longer run it from incidents. Runs it already made stay on their incidents.
      </Text>
    </ConfirmModal>
  );
}
