import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import type { CreatedTicketTrackerView, TicketTrackerView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { useList } from '../incident/data.ts';
import { SecretValue } from '../profile/ContactMethods.tsx';
import { FormCard, ListTable } from '../profile/parts.tsx';
import { bindChoice } from '../status-page/bind.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import {
  type Draft,
  draftOf,
  emptyDraft,
  FIELDS,
  KIND_LABEL,
  KINDS,
  type TrackerKind,
  TrackerFields,
  trackerBody,
} from './TrackerFields.tsx';

export function TicketTrackersPage() {
  return (
    <AdminOnly>
      <Trackers />
    </AdminOnly>
  );
}

/**
 * GitHub and Jira trackers action items are pushed to (GET/POST/PATCH/DELETE
 * /api/v1/ticket-trackers). The list shares its cache entry with the action items' push dialog,
 * so a tracker added here is offered there at once.
 */
const KEY = ['reference', 'ticket-trackers'];

function Trackers() {
  const trackers = useList<TicketTrackerView>('ticket-trackers', '/ticket-trackers');
  const [created, setCreated] = useState<CreatedTicketTrackerView | null>(null);
  const [editing, setEditing] = useState<TicketTrackerView | null>(null);
  const [deleting, setDeleting] = useState<TicketTrackerView | null>(null);
  return (
    <Stack maw={960}>
      <Title order={1}>Ticket trackers</Title>
      <Text c="gray.7">
        Where responders push action items: a GitHub repository&apos;s issues or a Jira project. When the
        ticket closes, its webhook marks the action item done.
      </Text>
      <QueryState query={trackers} what="the ticket trackers" />
      {trackers.data?.data.length === 0 && <Text>No ticket trackers yet.</Text>}
      {trackers.data !== undefined && trackers.data.data.length > 0 && (
        <ListTable label="Ticket trackers" headers={['Name', 'Kind', 'Base URL', 'Project', 'Actions']}>
          {trackers.data.data.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{t.name}</Table.Td>
              <Table.Td>{KIND_LABEL[t.kind]}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{t.base_url}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{t.project}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {(
                    [
                      ['Edit', setEditing],
                      ['Delete', setDeleting],
                    ] as const
                  ).map(([verb, open]) => (
                    <Button
                      key={verb}
                      size="xs"
                      variant="default"
                      aria-label={`${verb} ${t.name}`}
                      onClick={() => open(t)}
                    >
                      {verb}
                    </Button>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {created !== null && <CreatedTracker tracker={created} onDone={() => setCreated(null)} />}
      <AddTracker onCreated={setCreated} />
      {editing !== null && (
        <EditTracker key={editing.id} tracker={editing} onClose={() => setEditing(null)} />
      )}
      {deleting !== null && <DeleteTracker tracker={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

function AddTracker({ onCreated }: { onCreated: (t: CreatedTicketTrackerView) => void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<TrackerKind>('github');
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const create = useMutation({
    mutationFn: () =>
      api<CreatedTicketTrackerView>('POST', '/ticket-trackers', trackerBody(draft, kind, true)),
    onSuccess: async (t) => {
      setDraft(emptyDraft);
      onCreated(t);
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const { byField, other } = fieldErrors(create.error, FIELDS);
  return (
    <FormCard
      label="Add a ticket tracker"
      title="Add a ticket tracker"
      problemTitle="Could not add the tracker"
      problem={other}
      submitLabel="Add tracker"
      pending={create.isPending}
      onSubmit={() => create.mutate()}
    >
      <NativeSelect label="Kind" {...bindChoice(KINDS, KIND_LABEL, kind, setKind)} error={byField.kind} />
      <TrackerFields kind={kind} draft={draft} set={setDraft} byField={byField} />
    </FormCard>
  );
}

const HOW_TO: Record<TrackerKind, string> = {
  github:
    'In GitHub: the repository’s Settings → Webhooks → Add webhook, with this Payload URL, content type application/json, this Secret, and “Issues” events.',
  jira: 'In Jira: System → WebHooks → Create a WebHook, with this URL and Secret, for the “Issue updated” event.',
};

/** The webhook's address and secret, once: the server keeps the secret sealed and never answers it again. */
function CreatedTracker({ tracker, onDone }: { tracker: CreatedTicketTrackerView; onDone: () => void }) {
  const titleId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          {tracker.name} added: set up its webhook
        </Title>
        {/* No title: Mantine's orange title on its light orange is below AA contrast. */}
        <Alert color="orange">
          <b>Copy the secret now:</b> it is shown only this once. Without the webhook, pushed items do not
          follow their tickets.
        </Alert>
        <Text size="sm">{HOW_TO[tracker.kind]}</Text>
        <Text size="sm" fw={600}>
          Webhook URL
        </Text>
        <SecretValue label="Webhook URL" value={tracker.webhook_url} />
        <Text size="sm" fw={600}>
          Webhook secret
        </Text>
        <SecretValue label="Webhook secret" value={tracker.webhook_secret} />
        <Group>
          <Button variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function EditTracker({ tracker, onClose }: { tracker: TicketTrackerView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(draftOf(tracker));
  const save = useMutation({
    mutationFn: () =>
      api<TicketTrackerView>(
        'PATCH',
        `/ticket-trackers/${encodeURIComponent(tracker.id)}`,
        trackerBody(draft, tracker.kind, false),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      onClose();
    },
  });
  const { byField, other } = fieldErrors(save.error, FIELDS);
  return (
    <ActionModal
      title={`Edit ${tracker.name}`}
      opened
      onClose={onClose}
      onSubmit={() => save.mutate()}
      submitLabel="Save tracker"
      pending={save.isPending}
      error={other}
    >
      <Text size="sm">
        {KIND_LABEL[tracker.kind]}: the kind cannot change, since items already pushed have its tickets.
      </Text>
      <TrackerFields kind={tracker.kind} draft={draft} set={setDraft} byField={byField} editing />
    </ActionModal>
  );
}

function DeleteTracker({ tracker, onClose }: { tracker: TicketTrackerView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/ticket-trackers/${encodeURIComponent(tracker.id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      onClose();
    },
  });
  return (
    <ConfirmModal
      title={`Delete the tracker “${tracker.name}”?`}
      confirm={`Delete ${tracker.name}`}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <Text size="sm">
        Nobody can push to it any more. Items already pushed keep the link to their ticket, but no longer
        follow it when it closes.
      </Text>
    </ConfirmModal>
  );
}
