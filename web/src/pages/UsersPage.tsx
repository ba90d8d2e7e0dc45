import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { fieldErrors } from '../form-errors.ts';
import { useMe } from '../session.tsx';
import type { UserRole, UserView } from '../types.ts';
import { usePeople } from './policies/directory.ts';
import { FormCard, ListTable, Problem } from './profile/parts.tsx';

export const USER_ROLES: { value: UserRole; label: string }[] = [
  { value: 'viewer', label: 'Viewer (reads)' },
  { value: 'responder', label: 'Responder (acts on incidents)' },
  { value: 'admin', label: 'Admin (configures)' },
];

/**
 * Everyone who can sign in. Admins create people, change their role and remove them; the API
 * refuses removing the last admin, or someone a policy or rotation still pages, and says so.
 */
export function UsersPage() {
  const me = useMe();
  const admin = me.data?.user.role === 'admin';
  const users = usePeople();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['people'] });
  const change = useMutation({
    mutationFn: ({ id, role }: { id: string; role: UserRole }) => api('PATCH', `/users/${id}`, { role }),
    onSettled: refresh,
  });
  const [removing, setRemoving] = useState<UserView | undefined>();
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/users/${id}`),
    onSuccess: () => setRemoving(undefined),
    onSettled: refresh,
  });

  return (
    <Stack>
      <Title order={1}>People</Title>
      <QueryState query={users} what="the people" />
      <Problem title="Could not change the role" error={change.error} />
      <Problem title="Could not remove the person" error={remove.error} />
      {removing !== undefined && (
        <Group role="group" aria-label="Confirm removal">
          <Text size="sm">
            Remove {removing.name}? Their sessions, tokens, contact methods and team memberships go too.
          </Text>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(removing.id)}>
            Yes, remove
          </Button>
          <Button variant="default" onClick={() => setRemoving(undefined)}>
            Keep
          </Button>
        </Group>
      )}
      {users.data && (
        <ListTable
          label="People"
          headers={admin ? ['Name', 'Email', 'Role', 'Remove'] : ['Name', 'Email', 'Role']}
        >
          {users.data.data.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {/* An admin manages anyone's contact methods and rules on their page. */}
                {admin ? (
                  <Anchor component={Link} to={u.id === me.data?.user.id ? '/profile' : `/users/${u.id}`}>
                    {u.name}
                  </Anchor>
                ) : (
                  u.name
                )}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{u.email}</Table.Td>
              <Table.Td>
                {admin ? (
                  <NativeSelect
                    aria-label={`Role of ${u.name}`}
                    value={u.role}
                    data={USER_ROLES}
                    onChange={(e) => change.mutate({ id: u.id, role: e.currentTarget.value as UserRole })}
                  />
                ) : (
                  u.role
                )}
              </Table.Td>
              {admin && (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    disabled={u.id === me.data?.user.id}
                    aria-label={`Remove ${u.name}`}
                    onClick={() => setRemoving(u)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {admin && <CreateUser onDone={refresh} />}
    </Stack>
  );
}

const FIELDS = ['name', 'email', 'role', 'password'] as const;

/** A new person; typed values stay after a refused save, and clear once it worked. */
function CreateUser({ onDone }: { onDone: () => Promise<void> }) {
  const blank = { name: '', email: '', role: 'responder' as UserRole, password: '' };
  const [f, setF] = useState(blank);
  const create = useMutation({
    mutationFn: () =>
      api<UserView>('POST', '/users', {
        name: f.name,
        email: f.email,
        role: f.role,
        ...(f.password === '' ? {} : { password: f.password }),
      }),
    onSuccess: async () => {
      setF(blank);
      await onDone();
    },
  });
  const { byField, other } = fieldErrors(create.error, FIELDS);
  return (
    <FormCard
      label="Add a person"
      title="Add a person"
      problemTitle="Could not add the person"
      problem={other}
      submitLabel="Add person"
      pending={create.isPending}
      onSubmit={() => create.mutate()}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <TextInput
          label="Name"
          required
          value={f.name}
          error={byField.name}
          onChange={(e) => setF({ ...f, name: e.currentTarget.value })}
        />
        <TextInput
          label="Email"
          required
          value={f.email}
          error={byField.email}
          onChange={(e) => setF({ ...f, email: e.currentTarget.value })}
        />
        <NativeSelect
          label="Role"
          value={f.role}
          data={USER_ROLES}
          error={byField.role}
          onChange={(e) => setF({ ...f, role: e.currentTarget.value as UserRole })}
        />
        <PasswordInput
          label="First password (optional, at least 12 characters)"
          value={f.password}
          error={byField.password}
          autoComplete="new-password"
          onChange={(e) => setF({ ...f, password: e.currentTarget.value })}
        />
      </SimpleGrid>
    </FormCard>
  );
}
