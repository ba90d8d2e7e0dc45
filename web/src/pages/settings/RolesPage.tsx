import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import type { RoleTypeInUseView, RoleTypeView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { useList } from '../incident/data.ts';
import { FormCard, ListTable } from '../profile/parts.tsx';
import { AdminOnly } from './AdminOnly.tsx';

export function RolesPage() {
  return (
    <AdminOnly>
      <Roles />
    </AdminOnly>
  );
}

/**
 * The roles people hold on an incident (GET/POST/PATCH/DELETE /api/v1/incident-roles). The list
 * shares its cache entry with the incident page's role picker, so a change shows there too.
 */
const KEY = ['reference', 'incident-roles'];
const FIELDS = ['slug', 'name', 'description'] as const;

function Roles() {
  const roles = useList<RoleTypeInUseView>('incident-roles', '/incident-roles');
  const [editing, setEditing] = useState<RoleTypeInUseView | null>(null);
  const [deleting, setDeleting] = useState<RoleTypeInUseView | null>(null);
  return (
    <Stack maw={960}>
      <Title order={1}>Incident roles</Title>
      <Text c="gray.7">
        The roles responders take on an incident, in the order the incident page lists them. Renaming a role
        renames it on every incident that has it.
      </Text>
      <QueryState query={roles} what="the incident roles" />
      {roles.data && (
        <ListTable label="Incident roles" headers={['Role', 'Description', 'Held now', 'Actions']}>
          {roles.data.data.map((r) => (
            <Table.Tr key={r.slug}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.name}
                </Text>
                <Text size="xs" c="gray.7" ff="monospace">
                  {r.slug}
                </Text>
              </Table.Td>
              <Table.Td>{r.description === '' ? '—' : r.description}</Table.Td>
              <Table.Td>{r.held === 0 ? 'nobody' : `on ${incidents(r.held)}`}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Edit ${r.name}`}
                    onClick={() => setEditing(r)}
                  >
                    Edit
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    aria-label={`Delete ${r.name}`}
                    onClick={() => setDeleting(r)}
                  >
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <CreateRole />
      {editing !== null && <EditRole key={editing.slug} role={editing} onClose={() => setEditing(null)} />}
      {deleting !== null && <DeleteRole role={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

const incidents = (n: number) => `${n} incident${n === 1 ? '' : 's'}`;

function CreateRole() {
  const queryClient = useQueryClient();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () => api<RoleTypeView>('POST', '/incident-roles', { slug, name, description }),
    onSuccess: () => {
      setSlug('');
      setName('');
      setDescription('');
      return queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const { byField, other } = fieldErrors(create.error, FIELDS);
  return (
    <FormCard
      label="Add a role"
      title="Add a role"
      problemTitle="Could not add the role"
      problem={other}
      submitLabel="Add role"
      pending={create.isPending}
      onSubmit={() => create.mutate()}
    >
      <RoleFields {...{ name, setName, description, setDescription, byField }}>
        <TextInput
          label="Slug"
          description="Lower case letters, digits and _; how the API names the role. It cannot change later."
          required
          value={slug}
          error={byField.slug}
          onChange={(e) => setSlug(e.currentTarget.value)}
        />
      </RoleFields>
    </FormCard>
  );
}

function EditRole({ role, onClose }: { role: RoleTypeInUseView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description);
  const save = useMutation({
    mutationFn: () =>
      api<RoleTypeView>('PATCH', `/incident-roles/${encodeURIComponent(role.slug)}`, { name, description }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      // Incidents name their role holders by this role's name.
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
      onClose();
    },
  });
  const { byField, other } = fieldErrors(save.error, FIELDS);
  return (
    <ActionModal
      title={`Edit ${role.name}`}
      opened
      onClose={onClose}
      onSubmit={() => save.mutate()}
      submitLabel="Save role"
      pending={save.isPending}
      error={other}
    >
      <RoleFields {...{ name, setName, description, setDescription, byField }} />
      {role.held > 0 && (
        <Text size="sm">It is held on {incidents(role.held)} now: they show the new name at once.</Text>
      )}
    </ActionModal>
  );
}

/**
 * Says what deleting changes before it happens. A role someone holds cannot go (the API answers
 * 409): the dialog says so and offers no delete; the 409 still shows if someone took it meanwhile.
 */
function DeleteRole({ role, onClose }: { role: RoleTypeInUseView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/incident-roles/${encodeURIComponent(role.slug)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      onClose();
    },
    onError: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  const held = role.held > 0;
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Delete the role “${role.name}”?`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>
        {held ? (
          <Text size="sm">
            Someone holds {role.name} on {incidents(role.held)} now. Unassign it on those incidents first:
            until then it cannot be deleted.
          </Text>
        ) : (
          <Text size="sm">
            Nobody holds it now. It can no longer be assigned on any incident; incidents that had it keep it
            in their role history.
          </Text>
        )}
        {remove.error !== null && (
          <Alert color="red" role="alert" title="Could not delete the role">
            {remove.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {held ? 'Close' : 'Keep it'}
          </Button>
          {!held && (
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete {role.name}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** A role's name and description, as adding and editing show them; the add form's slug goes between. */
function RoleFields({
  name,
  setName,
  description,
  setDescription,
  byField,
  children,
}: {
  name: string;
  setName: (v: string) => void;
  description: string;
  setDescription: (v: string) => void;
  byField: Partial<Record<(typeof FIELDS)[number], string>>;
  children?: ReactNode;
}) {
  return (
    <>
      <TextInput
        label="Name"
        required
        value={name}
        error={byField.name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      {children}
      <Textarea
        label="Description (optional)"
        value={description}
        error={byField.description}
        onChange={(e) => setDescription(e.currentTarget.value)}
      />
    </>
  );
}
