import { Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { shortWhen } from '../../format.ts';
import { useMe } from '../../session.tsx';
import type { RunbookRunView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { Problem } from '../profile/parts.tsx';
import { RUN_STATUS, RunStatusBadge, StepRequest } from './step-parts.tsx';
import { useDecideRun, useIncidentRuns } from './steps-data.ts';

/**
 * The incident's runs of runbook steps (GET /api/v1/incidents/:ref/runbook-runs), newest first:
 * the state in words, who asked and who decided, the status code and time taken, the answer's
 * first KB (for those who may run the step), the error; Approve and Reject for those who may
 * decide a run waiting for approval, Withdraw for who asked. Live: see steps-data.ts.
 */
export function Runs({ refKey, canAct }: { refKey: string; canAct: boolean }) {
  const runs = useIncidentRuns(refKey);
  const list = runs.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="step-runs-title">
      <Text fw={600} size="sm" id="step-runs-title">
        Step runs
      </Text>
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Step runs">
        {list.map((r) => (
          <RunItem key={r.id} run={r} refKey={refKey} canAct={canAct} />
        ))}
      </Stack>
    </Stack>
  );
}

/** "Approved by Ada", "Rejected by Ada", "Cancelled by Ada": what the decision was, from the state. */
function decision(run: RunbookRunView): string | null {
  if (run.decided_by === null) return null;
  const by = run.decided_by.name;
  if (run.status === 'rejected') return `Rejected by ${by}`;
  if (run.status === 'cancelled') return `Cancelled by ${by}`;
  return `Approved by ${by}`;
}

function RunItem({ run, refKey, canAct }: { run: RunbookRunView; refKey: string; canAct: boolean }) {
  const me = useMe().data?.user;
  const decide = useDecideRun(refKey);
  const [rejecting, setRejecting] = useState(false);
  const word = RUN_STATUS[run.status].word;
  const mine = me !== undefined && run.requested_by.type === 'user' && run.requested_by.id === me.id;
  const withdraw = canAct && mine && run.status === 'pending_approval';
  const decided = decision(run);
  return (
    <Stack
      gap={4}
      component="li"
      aria-label={`${run.step.name}: ${word}`}
      p="xs"
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
    >
      <Group gap="xs" wrap="wrap">
        <RunStatusBadge status={run.status} />
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {run.step.name}
        </Text>
        <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
          from {run.runbook.title}
        </Text>
      </Group>
      <Text size="sm">
        {run.trigger === 'auto' ? 'Ran on its own' : `Asked by ${run.requested_by.name}`},{' '}
        {shortWhen(run.requested_at)}
        {decided === null ? '' : `. ${decided}`}
        {decided !== null && run.decided_at !== null ? `, ${shortWhen(run.decided_at)}` : ''}.
      </Text>
      <StepRequest method={run.request.method} url={run.request.url} />
      {run.status_code !== null && (
        <Text size="sm">
          HTTP {run.status_code}
          {run.duration_ms === null ? '' : ` in ${run.duration_ms} ms`}
        </Text>
      )}
      {run.status_code === null && run.duration_ms !== null && (
        <Text size="sm">No answer after {run.duration_ms} ms</Text>
      )}
      {run.error !== null && (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {run.status === 'failed' || run.status === 'interrupted' ? 'Error' : 'Why'}:{' '}
          {run.error.replace(/^(refused|rejected): ?/, '')}
        </Text>
      )}
      {run.response !== null && run.response !== '' && (
        <Stack gap={2}>
          <Text size="xs" c="gray.7">
            Response (first KB)
          </Text>
          {/* At most a KB: shown whole, wrapped, so nothing scrolls inside the page. */}
          <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {run.response}
          </Code>
        </Stack>
      )}
      {(run.can_approve || withdraw) && (
        <Group gap="xs">
          {run.can_approve && (
            <Button
              size="xs"
              onClick={() => decide.mutate({ id: run.id, approve: true })}
              loading={decide.isPending && decide.variables.approve}
              aria-label={`Approve: ${run.step.name}`}
            >
              Approve
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            onClick={() => setRejecting(true)}
            aria-label={`${run.can_approve ? 'Reject' : 'Withdraw'}: ${run.step.name}`}
          >
            {run.can_approve ? 'Reject' : 'Withdraw'}
          </Button>
        </Group>
      )}
      {!rejecting && <Problem title="Could not decide the run" error={decide.error} />}
      {rejecting && (
        <RejectModal
          run={run}
          withdraw={!run.can_approve}
          decide={decide}
          onClose={() => {
            setRejecting(false);
            decide.reset();
          }}
        />
      )}
    </Stack>
  );
}

function RejectModal({
  run,
  withdraw,
  decide,
  onClose,
}: {
  run: RunbookRunView;
  withdraw: boolean;
  decide: ReturnType<typeof useDecideRun>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <ActionModal
      title={`${withdraw ? 'Withdraw' : 'Reject'} running “${run.step.name}”?`}
      opened
      onClose={onClose}
      onSubmit={() => decide.mutate({ id: run.id, approve: false, reason }, { onSuccess: onClose })}
      submitLabel={withdraw ? 'Withdraw' : 'Reject run'}
      pending={decide.isPending}
      error={decide.error?.message ?? null}
    >
      <TextInput
        label="Reason (optional)"
        description="On the incident's timeline"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        data-autofocus
      />
    </ActionModal>
  );
}
