import { Alert, Button, List, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { AuditVerifyView } from '../../types.ts';

/**
 * "Verify chain": GET /api/v1/audit/verify walks the whole hash chain and names every modified,
 * missing or rewritten row. A mutation, not a query: it runs when asked, never on its own.
 */
export function VerifyChain() {
  const verify = useMutation({ mutationFn: () => api<AuditVerifyView>('GET', '/audit/verify') });
  const result = verify.data;
  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="default" loading={verify.isPending} onClick={() => verify.mutate()}>
        Verify chain
      </Button>
      {verify.isError && (
        <Alert color="red" role="alert" title="Could not verify the chain">
          {verify.error.message}
        </Alert>
      )}
      {result?.ok === true && (
        <Alert color="green" role="status" title="Chain intact">
          All {result.checked} entries are as they were written.
        </Alert>
      )}
      {result?.ok === false && (
        <Alert color="red" role="alert" title="Chain broken">
          {result.checked} entries checked; {result.problems.length} problem
          {result.problems.length === 1 ? '' : 's'}:
          <List size="sm" mt="xs">
            {result.problems.map((p) => (
              <List.Item key={`${p.seq}-${p.problem}`}>{p.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
