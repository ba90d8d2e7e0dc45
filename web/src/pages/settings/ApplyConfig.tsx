import { Alert, Button, Group, List, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import type { ApplyView, PlanView as Plan } from '../../types.ts';
import { ListTable, Problem } from '../profile/parts.tsx';
import { changeLine, planSummary, PlanView } from './PlanView.tsx';

export interface ConfigInput {
  name: string;
  content: string;
  prune: boolean;
}

/**
 * The plan shown, and "Apply": a confirmation listing every change of the plan shown, then POST /api/v1/config/apply
 * with exactly the text that was planned. What was applied replaces the plan, with the keys of
 * new integrations, which are shown only here.
 */
export function ApplyConfig({ input, plan }: { input: ConfigInput; plan: Plan }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const apply = useMutation({
    mutationFn: () =>
      api<ApplyView>('POST', '/config/apply', {
        files: [{ name: input.name, content: input.content }],
        prune: input.prune,
      }),
    onSuccess: () => {
      setConfirming(false);
      // A configuration touches teams, people, schedules and services: every page may be stale.
      void queryClient.invalidateQueries();
    },
  });

  if (apply.data) return <Applied result={apply.data} />;
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Plan
      </Title>
      <PlanView plan={plan} label="Planned changes" />
      {plan.changes.length > 0 && (
        <Group>
          <Button onClick={() => setConfirming(true)}>Apply…</Button>
        </Group>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Apply this configuration?"
        size="lg"
      >
        <Stack gap="sm">
          <Text>
            {planSummary(plan)}. Everything is changed in one go, or nothing is; each change is audited as
            made by you.
          </Text>
          <List size="sm" aria-label="Changes to apply" style={{ overflowWrap: 'anywhere' }}>
            {plan.changes.map((c) => (
              <List.Item key={`${c.kind}/${c.name}/${c.op}`}>{changeLine(c)}</List.Item>
            ))}
          </List>
          <Problem title="Could not apply the configuration" error={apply.error} />
          <Group>
            <Button
              color={input.prune ? 'red' : undefined}
              loading={apply.isPending}
              onClick={() => apply.mutate()}
            >
              Apply {plan.changes.length} change{plan.changes.length === 1 ? '' : 's'}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Applied({ result }: { result: ApplyView }) {
  return (
    <Stack gap="sm">
      <Alert color="green" role="status" title="Configuration applied">
        Tocsin now matches the file.
      </Alert>
      <PlanView plan={result} label="Applied changes" />
      {result.keys.length > 0 && (
        <Alert color="yellow" title="Keys of new integrations: copy them now, they are not shown again">
          <ListTable label="New integration keys" headers={['Service', 'Integration', 'Key']}>
            {result.keys.map((k) => (
              <Table.Tr key={`${k.service}/${k.integration}`}>
                <Table.Td>{k.service}</Table.Td>
                <Table.Td>{k.integration}</Table.Td>
                <Table.Td style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{k.key}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </Alert>
      )}
    </Stack>
  );
}
