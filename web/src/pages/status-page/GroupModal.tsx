import { TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { useSpMutation } from './data.ts';
import type { StatusGroupView } from './views.ts';

const FIELDS = ['name', 'description'] as const;

/** A group of components added (POST /groups) or renamed (PATCH /groups/:id). */
export function GroupModal({ group, onClose }: { group?: StatusGroupView; onClose: () => void }) {
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const save = useSpMutation(() =>
    group === undefined
      ? ['POST', '/groups', { name, description }]
      : ['PATCH', `/groups/${encodeURIComponent(group.id)}`, { name, description }],
  );
  const { byField, other } = fieldErrors(save.error, FIELDS);
  return (
    <ActionModal
      opened
      title={group === undefined ? 'Add a group' : `Edit ${group.name}`}
      submitLabel={group === undefined ? 'Add group' : 'Save group'}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      pending={save.isPending}
      error={other}
    >
      <TextInput
        label="Group name"
        withAsterisk
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={byField.name}
        data-autofocus
      />
      <Textarea
        label="Description"
        autosize
        minRows={2}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={byField.description}
      />
    </ActionModal>
  );
}
