import { Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { UserRole, UserView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';

/** What each role may do, to say in the confirmation what the change gives or takes away. */
const CAN: Record<UserRole, string> = {
  viewer: 'only read: no acknowledging, resolving or declaring incidents, no schedule changes',
  responder: 'act on incidents of their teams and manage their own on-call, but not configure Tocsin',
  admin: 'configure everything: people, teams, services, policies and integrations',
};

/**
 * Confirms a role change picked on the People page before it is saved (one arrow key in the
 * select used to demote someone at once). The modal says what the person may do afterwards; the
 * API's refusal (the last admin) is shown in it and nothing changes.
 */
export function RoleChangeModal({
  change,
  onClose,
  onDone,
}: {
  change: { user: UserView; role: UserRole } | undefined;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const save = useMutation({
    mutationFn: (c: { user: UserView; role: UserRole }) =>
      api('PATCH', `/users/${encodeURIComponent(c.user.id)}`, { role: c.role }),
    onSuccess: async () => {
      await onDone();
      onClose();
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  return (
    <ActionModal
      title={`Make ${change?.user.name ?? ''} ${change?.role ?? ''}?`}
      opened={change !== undefined}
      onClose={close}
      onSubmit={() => change && save.mutate(change)}
      submitLabel="Change role"
      pending={save.isPending}
      error={save.error?.message}
    >
      {change && (
        <Text size="sm">
          {change.user.name} is {change.user.role} now. As {change.role} they can {CAN[change.role]}.
          {change.user.role === 'admin' && ' They lose access to the admin pages at once.'}
        </Text>
      )}
    </ActionModal>
  );
}
