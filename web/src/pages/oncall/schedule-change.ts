import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { fieldError } from '../../form-errors.ts';

/** What a change to a schedule moves: the schedules' views and who is on call. */
export async function reloadOnCall(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: ['schedules'] });
  await queryClient.invalidateQueries({ queryKey: ['oncall'] });
}

/**
 * A modal's change to a schedule (an override, time off, a swap, a temporary schedule): once
 * `send` succeeds the schedules and who is on call reload and the modal closes. Answers the
 * mutation, its 400 by field and the form's submit handler.
 */
export function useScheduleChange(send: () => Promise<unknown>, onClose: () => void) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await reloadOnCall(queryClient);
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  return { change, err: fieldError(change.error), submit };
}
