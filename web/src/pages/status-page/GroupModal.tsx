import { TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { bindText } from './bind.tsx';
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
      <NameAndDescription
        nameLabel="Group name"
        name={name}
        description={description}
        onName={setName}
        onDescription={setDescription}
        errors={byField}
      />
    </ActionModal>
  );
}

/** The name and description every status page object has, with the API's messages on them. */
export function NameAndDescription(p: {
  nameLabel: string;
  nameHint?: string;
  name: string;
  description: string;
  onName: (v: string) => void;
  onDescription: (v: string) => void;
  errors: { name?: string; description?: string };
}) {
  return (
    <>
      <TextInput
        label={p.nameLabel}
        description={p.nameHint}
        withAsterisk
        {...bindText(p.name, p.onName)}
        error={p.errors.name}
        data-autofocus
      />
      <Textarea
        label="Description"
        autosize
        minRows={2}
        {...bindText(p.description, p.onDescription)}
        error={p.errors.description}
      />
    </>
  );
}
