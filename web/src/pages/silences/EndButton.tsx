import { Button, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ActionModal } from '../incident/ActionModal.tsx';

/**
 * "End now" for an active silence or window, "Delete" for an upcoming one: both are the API's
 * DELETE (an active one is ended and kept, since alerts name it; a pending one is removed). Asks
 * first, saying what changes.
 */
export function EndButton({
  path,
  state,
  what,
  consequence,
}: {
  path: string;
  state: 'active' | 'pending';
  /** "silence", "maintenance window “db upgrade”" */
  what: string;
  consequence: string;
}) {
  const [asking, setAsking] = useState(false);
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: () => api('DELETE', path),
    onSuccess: () => {
      setAsking(false);
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
  const active = state === 'active';
  const label = active ? 'End now' : 'Delete';
  return (
    <>
      <Button variant="default" color="red" size="xs" onClick={() => setAsking(true)}>
        {label}
      </Button>
      <ActionModal
        title={active ? `End this ${what} now?` : `Delete this upcoming ${what}?`}
        opened={asking}
        onClose={() => setAsking(false)}
        onSubmit={() => end.mutate()}
        submitLabel={active ? 'End it now' : 'Delete it'}
        pending={end.isPending}
        error={end.error?.message ?? null}
      >
        <Text size="sm">{consequence}</Text>
      </ActionModal>
    </>
  );
}
