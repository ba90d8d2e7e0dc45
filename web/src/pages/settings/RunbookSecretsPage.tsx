import { Button, Group, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { shortWhen } from '../../format.ts';
import type { RunbookSecretView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { FormCard, ListTable } from '../profile/parts.tsx';
import { SECRETS_KEY, useSecrets } from '../runbooks/steps-data.ts';
import { AdminOnly } from './AdminOnly.tsx';

export function RunbookSecretsPage() {
  return (
    <AdminOnly>
      <Secrets />
    </AdminOnly>
  );
}

const secretPath = (name: string) => `/runbook-secrets/${encodeURIComponent(name)}`;

/**
 * The values runbook steps send as {{secrets.name}} (GET/POST/PUT/DELETE /api/v1/runbook-secrets):
 * listed by name only. A value is typed into a password box and never shown again, by the
 * server or here: the box is emptied once saved. A secret a step still sends cannot be deleted;
 * the server's 409 names those steps.
 */
function Secrets() {
  const secrets = useSecrets();
  const [replacing, setReplacing] = useState<RunbookSecretView | null>(null);
  const [deleting, setDeleting] = useState<RunbookSecretView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const list = secrets.data?.data ?? [];
  return (
    <Stack maw={960}>
      <Title order={1}>Runbook secrets</Title>
      <Text c="gray.7">
        Tokens and passwords that runbook steps send in a header or the body, written as{' '}
        <code>{'{{secrets.name}}'}</code>. They are stored encrypted and never shown again: not here, not in a
        run, the timeline or the audit log. Only admins save a step that sends one.
      </Text>
      {saved !== null && (
        <Text role="status" size="sm">
          Saved the value of “{saved}”. It is not shown again.
        </Text>
      )}
      <QueryState query={secrets} what="the runbook secrets" />
      {secrets.isSuccess && list.length === 0 && <Text>No runbook secrets yet.</Text>}
      {list.length > 0 && (
        <ListTable label="Runbook secrets" headers={['Name', 'Value', 'Last changed', 'Actions']}>
          {list.map((s) => (
            <Table.Tr key={s.name}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <code>{s.name}</code>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="gray.7">
                  hidden
                </Text>
              </Table.Td>
              <Table.Td>
                {shortWhen(s.updated_at)} by {s.updated_by.name}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Replace value of ${s.name}`}
                    onClick={() => setReplacing(s)}
                  >
                    Replace value
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Delete ${s.name}`}
                    onClick={() => setDeleting(s)}
                  >
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <AddSecret onSaved={setSaved} />
      {replacing !== null && (
        <ReplaceSecret
          key={replacing.name}
          secret={replacing}
          onClose={() => setReplacing(null)}
          onSaved={setSaved}
        />
      )}
      {deleting !== null && <DeleteSecret secret={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

const VALUE_HELP =
  'At least 4 characters. It is never shown again, so keep the original where it comes from.';

function AddSecret({ onSaved }: { onSaved: (name: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const create = useMutation({
    mutationFn: () => api<RunbookSecretView>('POST', '/runbook-secrets', { name: name.trim(), value }),
    onSuccess: async (s) => {
      setName('');
      setValue('');
      onSaved(s.name);
      await queryClient.invalidateQueries({ queryKey: SECRETS_KEY });
    },
  });
  const { byField, other } = fieldErrors(create.error, ['name', 'value'] as const);
  // A name taken is the name's problem.
  const taken =
    create.error instanceof ApiError && create.error.status === 409 ? create.error.message : undefined;
  return (
    <FormCard
      label="Add a runbook secret"
      title="Add a runbook secret"
      problemTitle="Could not add the secret"
      problem={taken === undefined ? other : undefined}
      submitLabel="Add secret"
      pending={create.isPending}
      onSubmit={() => create.mutate()}
    >
      <TextInput
        label="Name"
        description="Letters, digits, _ . -; steps write {{secrets.name}}"
        placeholder="ops_token"
        withAsterisk
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          create.reset();
        }}
        error={byField.name ?? taken}
        autoComplete="off"
      />
      <PasswordInput
        label="Value"
        description={VALUE_HELP}
        withAsterisk
        value={value}
        onChange={(e) => {
          setValue(e.currentTarget.value);
          create.reset();
        }}
        error={byField.value}
        autoComplete="new-password"
      />
    </FormCard>
  );
}

function ReplaceSecret({
  secret,
  onClose,
  onSaved,
}: {
  secret: RunbookSecretView;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const replace = useMutation({
    mutationFn: () => api<RunbookSecretView>('PUT', secretPath(secret.name), { value }),
    onSuccess: async () => {
      setValue('');
      onSaved(secret.name);
      await queryClient.invalidateQueries({ queryKey: SECRETS_KEY });
      onClose();
    },
  });
  const { byField, other } = fieldErrors(replace.error, ['value'] as const, 'value');
  return (
    <ActionModal
      title={`Replace the value of ${secret.name}`}
      opened
      onClose={onClose}
      onSubmit={() => replace.mutate()}
      submitLabel="Replace value"
      pending={replace.isPending}
      error={other}
    >
      <Text size="sm">Steps that send it use the new value from their next run.</Text>
      <PasswordInput
        label="New value"
        description={VALUE_HELP}
        withAsterisk
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        error={byField.value}
        autoComplete="new-password"
        data-autofocus
      />
    </ActionModal>
  );
}

function DeleteSecret({ secret, onClose }: { secret: RunbookSecretView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api('DELETE', secretPath(secret.name)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SECRETS_KEY });
      onClose();
    },
  });
  return (
    <ConfirmModal
      title={`Delete the secret “${secret.name}”?`}
      confirm={`Delete ${secret.name}`}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <Text size="sm">
        Its value is gone for good. A secret a step still sends cannot be deleted: change those steps first.
      </Text>
    </ConfirmModal>
  );
}
