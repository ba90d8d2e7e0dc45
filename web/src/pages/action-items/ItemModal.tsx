import { NativeSelect, Select, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import type { ActionItemView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { choosable, usePeople } from '../policies/directory.ts';
import { bindChoice, bindText } from '../status-page/bind.tsx';
import { MarkdownPreview } from '../status-page/MarkdownPreview.tsx';
import { type ItemFields, useSaveItem } from './data.ts';
import { PRIORITIES, PRIORITY_LABEL } from './model.ts';

const FIELDS = ['title', 'description', 'owner_id', 'due_date', 'priority'] as const;

/**
 * An action item added to an incident (POST /incidents/:id/action-items) or edited
 * (PATCH /action-items/:id). The API checks the rules (a title, an active owner, a due date not
 * in the past where the owner is) and its 400 shows on the field it names; what was typed stays.
 */
export function ItemModal({
  target,
  onClose,
}: {
  /** The incident to add one to, or the item to edit. */
  target: { incidentId: string } | { item: ActionItemView };
  onClose: () => void;
}) {
  const item = 'item' in target ? target.item : undefined;
  const people = usePeople();
  const [title, setTitle] = useState(item?.title ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(item?.owner?.id ?? null);
  const [dueDate, setDueDate] = useState(item?.due_date ?? '');
  const [priority, setPriority] = useState<ActionItemView['priority']>(item?.priority ?? 'medium');
  const save = useSaveItem(target);
  const { byField, other } = fieldErrors(save.error, FIELDS);
  const owners = choosable(people.data?.data).map((u) => ({ value: u.id, label: u.name }));
  // An owner since deactivated is still shown, so editing the title does not silently drop them.
  if (item?.owner && !owners.some((o) => o.value === item.owner?.id))
    owners.push({ value: item.owner.id, label: item.owner.name });
  return (
    <ActionModal
      opened
      size="lg"
      title={item === undefined ? 'Add an action item' : `Edit ${item.title}`}
      submitLabel={item === undefined ? 'Add action item' : 'Save action item'}
      onClose={onClose}
      onSubmit={() => {
        const all = {
          title,
          description,
          owner_id: ownerId,
          due_date: dueDate === '' ? null : dueDate,
          priority,
        };
        save.mutate(item === undefined ? all : changedFields(item, all), { onSuccess: onClose });
      }}
      pending={save.isPending}
      error={other}
    >
      <TextInput
        label="Title"
        withAsterisk
        description="What will be done, e.g. Alert on the checkout error rate"
        {...bindText(title, setTitle)}
        error={byField.title}
        data-autofocus
      />
      <Textarea
        label="Description"
        description="Markdown"
        autosize
        minRows={3}
        maxRows={12}
        {...bindText(description, setDescription)}
        error={byField.description}
      />
      {description.trim() !== '' && <MarkdownPreview body={description} label="Description preview" />}
      <Select
        label="Owner"
        placeholder="Nobody yet"
        searchable
        clearable
        data={owners}
        value={ownerId}
        onChange={setOwnerId}
        error={byField.owner_id}
      />
      <TextInput
        type="date"
        label="Due date"
        description="Reminders go to the owner once it has passed"
        {...bindText(dueDate, setDueDate)}
        error={byField.due_date}
      />
      <NativeSelect
        label="Priority"
        {...bindChoice(PRIORITIES, PRIORITY_LABEL, priority, setPriority)}
        error={byField.priority}
      />
    </ActionModal>
  );
}

/**
 * Only what this person changed: a field someone else changed since the modal opened keeps their
 * value instead of being set back to what the modal first showed.
 */
function changedFields(item: ActionItemView, edited: ItemFields): Partial<ItemFields> {
  const before: ItemFields = {
    title: item.title,
    description: item.description,
    owner_id: item.owner?.id ?? null,
    due_date: item.due_date,
    priority: item.priority,
  };
  return Object.fromEntries(
    (Object.keys(edited) as (keyof ItemFields)[])
      .filter((k) => edited[k] !== before[k])
      .map((k) => [k, edited[k]]),
  );
}
