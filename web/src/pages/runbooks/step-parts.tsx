import { Badge, Code, Group, Text } from '@mantine/core';
import type { RunbookRunStatus, RunbookStepView } from '../../types.ts';

/** "GET https://…/{{labels.instance}}": the method as a badge, the URL template as code. */
export function StepRequest({ method, url }: { method: string; url: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline" style={{ minWidth: 0 }}>
      <Badge color="dark.6" variant="outline" radius="xs" style={{ flexShrink: 0 }}>
        {method}
      </Badge>
      <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal', minWidth: 0 }}>{url}</Code>
    </Group>
  );
}

/** Who must agree before it runs, in words. */
export function approvalText(step: Pick<RunbookStepView, 'approval' | 'approver_role'>): string {
  if (step.approval === 'safe') return 'Safe: runs when a responder clicks Run';
  return `Needs approval by ${step.approver_role === 'admin' ? 'an admin' : 'a responder'}`;
}

export function autoRunText(step: Pick<RunbookStepView, 'auto_run' | 'auto_run_per_hour'>): string {
  if (!step.auto_run) return 'Runs only when someone asks';
  const n = step.auto_run_per_hour;
  return `Runs on its own when a matching alert fires (at most ${n} ${n === 1 ? 'time' : 'times'} an hour per service)`;
}

/** A run's state in words (never colour alone), and a colour dark enough for AA text contrast. */
export const RUN_STATUS: Record<RunbookRunStatus, { word: string; color: string }> = {
  pending_approval: { word: 'Waiting for approval', color: 'orange.8' },
  queued: { word: 'Queued', color: 'blue.8' },
  claimed: { word: 'Starting', color: 'blue.8' },
  sending: { word: 'Sending', color: 'blue.8' },
  succeeded: { word: 'Succeeded', color: 'green.8' },
  failed: { word: 'Failed', color: 'red.8' },
  refused: { word: 'Refused', color: 'gray.8' },
  rejected: { word: 'Rejected', color: 'gray.8' },
  cancelled: { word: 'Cancelled', color: 'gray.8' },
  interrupted: { word: 'Interrupted', color: 'yellow.8' },
};

export function RunStatusBadge({ status }: { status: RunbookRunStatus }) {
  const s = RUN_STATUS[status];
  return (
    <Badge color={s.color} variant="filled" autoContrast tt="none">
      {s.word}
    </Badge>
  );
}

export function Secrets({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      Sends {names.length === 1 ? 'secret' : 'secrets'}: {names.join(', ')}
    </Text>
  );
}
