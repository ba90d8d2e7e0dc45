import { List, Loader, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { UserReferencesView, UserView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { names } from './names.ts';

/**
 * Deactivating or reactivating someone, after saying what changes: the schedules and policies
 * that page them (GET /users/:id/references) will not page them while they are deactivated; a
 * level left with nobody is skipped to the next one.
 */
export function ActivationModal({
  user,
  onClose,
  onDone,
}: {
  user: UserView | undefined;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const deactivating = user?.status !== 'deactivated';
  const refs = useQuery({
    queryKey: ['people', 'references', user?.id],
    queryFn: () => api<UserReferencesView>('GET', `/users/${user!.id}/references`),
    enabled: user !== undefined && deactivating,
  });
  const change = useMutation({
    mutationFn: (u: UserView) =>
      api<UserView>('POST', `/users/${u.id}/${deactivating ? 'deactivate' : 'reactivate'}`),
    onSuccess: async () => {
      await onDone();
      onClose();
    },
  });
  const close = () => {
    change.reset();
    onClose();
  };
  const name = user?.name ?? '';
  return (
    <ActionModal
      title={deactivating ? `Deactivate ${name}?` : `Reactivate ${name}?`}
      opened={user !== undefined}
      onClose={close}
      onSubmit={() => user && change.mutate(user)}
      submitLabel={deactivating ? `Deactivate ${name}` : `Reactivate ${name}`}
      pending={change.isPending}
      error={change.error?.message}
    >
      {deactivating ? (
        <>
          {refs.isPending && <Loader size="sm" aria-label="Loading where they are paged from" />}
          {refs.isError && (
            <Text size="sm">Could not load where they are paged from: {refs.error.message}</Text>
          )}
          {refs.data && <WhatChanges name={name} refs={refs.data} />}
          <List size="sm">
            <List.Item>
              They cannot log in; their sessions end and their API tokens are revoked now.
            </List.Item>
            <List.Item>Pages not yet sent to them are cancelled; their history stays.</List.Item>
          </List>
        </>
      ) : (
        <Text size="sm">
          {name} can log in again with their password and is paged again by the schedules and policies that
          name them. Their old API tokens stay revoked.
        </Text>
      )}
    </ActionModal>
  );
}

function WhatChanges({ name, refs }: { name: string; refs: UserReferencesView }) {
  const parts: string[] = [];
  if (refs.schedules.length > 0)
    parts.push(`on ${refs.schedules.length === 1 ? 'schedule' : 'schedules'} ${names(refs.schedules)}`);
  if (refs.escalation_policies.length > 0)
    parts.push(
      `in ${refs.escalation_policies.length === 1 ? 'policy' : 'policies'} ${names(refs.escalation_policies)}`,
    );
  if (refs.teams.length > 0)
    parts.push(`on ${refs.teams.length === 1 ? 'team' : 'teams'} ${names(refs.teams)}`);
  const covering = [
    refs.overrides.length > 0 &&
      `holds overrides on ${refs.overrides.length === 1 ? 'schedule' : 'schedules'} ${names(refs.overrides)}`,
    refs.temporary_schedules.length > 0 &&
      `has shifts in temporary schedules of ${names(refs.temporary_schedules)}`,
  ].filter((x): x is string => x !== false);
  if (parts.length === 0 && covering.length === 0)
    return <Text size="sm">{name} is on no schedule, policy or team: nobody else’s paging changes.</Text>;
  return (
    <>
      {parts.length > 0 && (
        <Text size="sm">
          {name} is {parts.join(' and ')}; they will not be paged. A shift of theirs pages nobody: its policy
          level goes on to the level’s other targets, or to the next level if there are none.
        </Text>
      )}
      {covering.length > 0 && (
        <Text size="sm">
          {name} also {covering.join(' and ')}: those hours will have nobody on call from that schedule until
          someone else takes them.
        </Text>
      )}
    </>
  );
}
