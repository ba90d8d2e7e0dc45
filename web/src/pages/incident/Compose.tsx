import { Alert, Button, Checkbox, Group, Paper, Stack, Tabs, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { incidentPath, useIncidentAction } from './data.ts';

/** Writing on the incident: a note for the responders, or a status update sent to subscribers. */
export function Compose({ refKey }: { refKey: string }) {
  return (
    <Paper withBorder p="md">
      <Tabs defaultValue="note" keepMounted>
        <Tabs.List mb="sm">
          <Tabs.Tab value="note">Add a note</Tabs.Tab>
          <Tabs.Tab value="update">Post a status update</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="note">
          <NoteForm refKey={refKey} />
        </Tabs.Panel>
        <Tabs.Panel value="update">
          <UpdateForm refKey={refKey} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

interface NoteInput {
  message: string;
  pinned: boolean;
  /** datetime-local text (the browser's zone), or '' for now. */
  at: string;
}

function NoteForm({ refKey }: { refKey: string }) {
  const [note, setNote] = useState<NoteInput>({ message: '', pinned: false, at: '' });
  const add = useIncidentAction(refKey, (n: NoteInput) => [
    'POST',
    `${incidentPath(refKey)}/notes`,
    {
      message: n.message,
      ...(n.pinned ? { pinned: true } : {}),
      // The API wants an instant; a time the browser cannot read goes as typed so the API says why.
      ...(n.at === '' ? {} : { at: toInstant(n.at) }),
    },
  ]);
  const errors = fieldErrors(add.error, ['message', 'at', 'pinned'], 'message');
  return (
    <TextForm
      label="Note"
      submitLabel="Add note"
      value={note.message}
      onChange={(message) => setNote({ ...note, message })}
      error={errors.byField.message}
      formError={add.conflict ?? errors.other}
      pending={add.isPending}
      onSubmit={() => add.mutate(note, { onSuccess: () => setNote({ message: '', pinned: false, at: '' }) })}
    >
      <Group align="flex-end" gap="md">
        <TextInput
          type="datetime-local"
          label="Happened at (optional)"
          description="Backdates the note"
          value={note.at}
          onChange={(e) => setNote({ ...note, at: e.currentTarget.value })}
          error={errors.byField.at}
          step={1}
        />
        <Checkbox
          mb={10}
          label="Pin as a key event"
          checked={note.pinned}
          onChange={(e) => setNote({ ...note, pinned: e.currentTarget.checked })}
        />
      </Group>
    </TextForm>
  );
}

function UpdateForm({ refKey }: { refKey: string }) {
  const [message, setMessage] = useState('');
  const post = useIncidentAction(refKey, (m: string) => [
    'POST',
    `${incidentPath(refKey)}/updates`,
    { message: m },
  ]);
  const errors = fieldErrors(post.error, ['message'], 'message');
  return (
    <TextForm
      label="Status update"
      description="Sent to everyone subscribed to the incident and its services"
      submitLabel="Post update"
      value={message}
      onChange={setMessage}
      error={errors.byField.message}
      formError={post.conflict ?? errors.other}
      pending={post.isPending}
      onSubmit={() => post.mutate(message, { onSuccess: () => setMessage('') })}
    />
  );
}

function toInstant(local: string): string {
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? local : t.toISOString();
}

/** A text area with its submit button; the text stays when the API refuses it. */
function TextForm(p: {
  label: string;
  description?: string;
  submitLabel: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  formError: string | undefined;
  pending: boolean;
  onSubmit: () => void;
  children?: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Textarea
          label={p.label}
          description={p.description}
          autosize
          minRows={2}
          maxRows={10}
          value={p.value}
          onChange={(e) => p.onChange(e.currentTarget.value)}
          error={p.error}
        />
        {p.children}
        {p.formError !== undefined && (
          <Alert color="red" role="alert">
            {p.formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={p.pending}>
            {p.submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
