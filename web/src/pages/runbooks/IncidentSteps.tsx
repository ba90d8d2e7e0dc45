import { Alert, Button, Code, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import type { RunbookDryRunView, RunbookStepView } from '../../types.ts';
import { Problem } from '../profile/parts.tsx';
import { approvalText, StepRequest } from './step-parts.tsx';
import { stepsPath, useRequestRun, useSteps } from './steps-data.ts';

/**
 * A matching runbook's automated steps on the incident page, in order: "Run" for a safe step,
 * "Request approval" for one a second person approves, and "Preview request" (a dry run: the
 * exact request with secrets hidden, saying whether a kill switch would refuse it) for both.
 * Nothing while the runbook has no steps. Viewers see the steps without the buttons.
 */
export function IncidentSteps({
  runbookId,
  title,
  refKey,
  canAct,
}: {
  runbookId: string;
  title: string;
  refKey: string;
  canAct: boolean;
}) {
  const steps = useSteps(runbookId);
  const list = steps.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <Stack
      gap={6}
      component="ol"
      p={0}
      m={0}
      ml="md"
      style={{ listStyle: 'none' }}
      aria-label={`Steps of ${title}`}
    >
      {list.map((s) => (
        <StepRow key={s.id} runbookId={runbookId} step={s} refKey={refKey} canAct={canAct} />
      ))}
    </Stack>
  );
}

function StepRow({
  runbookId,
  step,
  refKey,
  canAct,
}: {
  runbookId: string;
  step: RunbookStepView;
  refKey: string;
  canAct: boolean;
}) {
  const run = useRequestRun(refKey);
  const [previewing, setPreviewing] = useState(false);
  const safe = step.approval === 'safe';
  const ask = () => run.mutate({ runbookId, stepId: step.id });
  const verb = safe ? 'Run' : 'Request approval';
  return (
    <Stack
      gap={4}
      component="li"
      aria-label={step.name}
      p="xs"
      style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}
    >
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {step.name}
      </Text>
      <StepRequest method={step.method} url={step.url} />
      <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
        {approvalText(step)}
        {step.auto_run ? '; also runs on its own' : ''}
        {step.secrets.length === 0
          ? ''
          : `; sends ${step.secrets.length === 1 ? 'secret' : 'secrets'}: ${step.secrets.join(', ')}`}
      </Text>
      {canAct && (
        <Group gap="xs">
          <Button size="xs" onClick={ask} loading={run.isPending} aria-label={`${verb}: ${step.name}`}>
            {verb}
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => setPreviewing(true)}
            aria-label={`Preview request: ${step.name}`}
          >
            Preview request
          </Button>
        </Group>
      )}
      {run.isSuccess && !('dry_run' in run.data) && (
        <Text size="xs" role="status">
          {run.data.status === 'refused'
            ? 'Refused: see why under Step runs.'
            : safe
              ? 'Asked to run: the result shows under Step runs.'
              : 'Waiting for a second person to approve it under Step runs.'}
        </Text>
      )}
      <Problem title={`Could not ${safe ? 'run' : 'ask to run'} “${step.name}”`} error={run.error} />
      {previewing && (
        <Preview
          runbookId={runbookId}
          step={step}
          refKey={refKey}
          onClose={() => setPreviewing(false)}
          onRun={() => {
            setPreviewing(false);
            ask();
          }}
        />
      )}
    </Stack>
  );
}

/** The dry run: the request exactly as it would go out now, and nothing sent. */
function Preview({
  runbookId,
  step,
  refKey,
  onClose,
  onRun,
}: {
  runbookId: string;
  step: RunbookStepView;
  refKey: string;
  onClose: () => void;
  onRun: () => void;
}) {
  // A dry run changes nothing, so it is read like any query; never cached between openings.
  const dry = useQuery({
    queryKey: ['runbook-dry-run', refKey, step.id],
    queryFn: () =>
      api<RunbookDryRunView>('POST', `${stepsPath(runbookId)}/${encodeURIComponent(step.id)}/runs`, {
        incident_id: refKey,
        dry_run: true,
      }),
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const safe = step.approval === 'safe';
  const d = dry.data;
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Preview: ${step.name}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        {dry.isPending && <Loader aria-label="Preparing the request" />}
        <Problem title="Could not prepare the request" error={dry.error} />
        {d !== undefined && (
          <>
            <Text size="sm">
              Nothing was sent. This is the request as it would go out now, filled in from this incident;
              secrets show as [secret:name].
            </Text>
            {d.refused === null ? (
              <Text size="sm">No kill switch is on: it would run.</Text>
            ) : (
              <Alert color="red" title="It would not run now">
                {d.refused.replace(/^refused: /, '')}
              </Alert>
            )}
            <Stack gap={4} component="section" aria-label="Request">
              <Text size="sm" fw={600}>
                Request
              </Text>
              <StepRequest method={d.request.method} url={d.request.url} />
              {d.request.headers.length > 0 && (
                <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Headers">
                  {d.request.headers.map((h, i) => (
                    <li key={i}>
                      <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>
                        {h.name}: {h.value}
                      </Code>
                    </li>
                  ))}
                </Stack>
              )}
              {d.request.body === null ? (
                <Text size="sm">No body.</Text>
              ) : (
                <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {d.request.body}
                </Code>
              )}
            </Stack>
          </>
        )}
        <Group>
          {d !== undefined && d.refused === null && (
            <Button onClick={onRun}>{safe ? 'Run' : 'Request approval'}</Button>
          )}
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
