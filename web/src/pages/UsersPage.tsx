import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { fieldErrors } from '../form-errors.ts';
import { useMe } from '../session.tsx';
import type { CreatedInviteView, UserRole, UserView } from '../types.ts';
import { ActionModal } from './incident/ActionModal.tsx';
import { ActivationModal } from './people/ActivationModal.tsx';
import { RoleChangeModal } from './people/RoleChangeModal.tsx';
import { InviteForm, InviteLink, PersonFields } from './people/InviteForm.tsx';
import { USER_ROLES } from './people/roles.ts';
import { usePeople } from './policies/directory.ts';
import { ApiTokens } from './profile/ApiTokens.tsx';
import { FormCard, ListTable, Problem } from './profile/parts.tsx';

export { USER_ROLES };

// Filled, dark shades with automatic text colour: AA contrast, as the incident status badges (badges.tsx).
const STATUS_COLOR: Record<UserView['status'], string> = {
  active: 'green',
  invited: 'blue',
  deactivated: 'gray',
};

/**
 * Everyone who can sign in, with their role and status. Admins invite or add people, change
 * their role, deactivate and reactivate them (after a confirmation saying which schedules and
 * policies stop paging them), remove them, and see and revoke everyone's API tokens. The API
 * refuses deactivating yourself, or removing someone a policy or rotation still pages, and says so.
 */
export function UsersPage() {
  const me = useMe();
  const admin = me.data?.user.role === 'admin';
  const users = usePeople();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['people'] });
  const [change, setChange] = useState<{ user: UserView; role: UserRole } | undefined>();
  const [removing, setRemoving] = useState<UserView | undefined>();
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/users/${id}`),
    onSuccess: () => setRemoving(undefined),
    onSettled: refresh,
  });
  const [switching, setSwitching] = useState<UserView | undefined>();
  const resend = useMutation({
    mutationFn: (id: string) => api<CreatedInviteView>('POST', `/users/${id}/invite`),
    onSettled: refresh,
  });
  const self = (u: UserView) => u.id === me.data?.user.id;

  return (
    <Stack>
      <Title order={1}>People</Title>
      <QueryState query={users} what="the people" />
      <Problem title="Could not make a new invite link" error={resend.error} />
      {resend.data !== undefined && <InviteLink invite={resend.data} />}
      {users.data && (
        <ListTable
          label="People"
          headers={
            admin ? ['Name', 'Email', 'Role', 'Status', 'Actions'] : ['Name', 'Email', 'Role', 'Status']
          }
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
                  // Your own role is not changed here: one keypress could lock you out of this page.
                  <NativeSelect
                    aria-label={`Role of ${u.name}`}
                    value={u.role}
                    data={USER_ROLES}
                    disabled={self(u)}
                    onChange={(e) => setChange({ user: u, role: e.currentTarget.value as UserRole })}
                  />
                ) : (
                  u.role
                )}
              </Table.Td>
              <Table.Td>
                <Badge variant="filled" color={`${STATUS_COLOR[u.status]}.8`} autoContrast>
                  {u.status}
                </Badge>
                {u.status === 'active' && !u.has_password && (
                  <Text size="xs" c="gray.7">
                    no password yet
                  </Text>
                )}
              </Table.Td>
              {admin && (
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {/* Invited, or added without a password: either way they can only get in by a link. */}
                    {!u.has_password && u.status !== 'deactivated' && (
                      <Button
                        size="xs"
                        variant="default"
                        loading={resend.isPending && resend.variables === u.id}
                        aria-label={`New invite link for ${u.name}`}
                        onClick={() => resend.mutate(u.id)}
                      >
                        New invite link
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      disabled={self(u)}
                      aria-label={`${u.status === 'deactivated' ? 'Reactivate' : 'Deactivate'} ${u.name}`}
                      onClick={() => setSwitching(u)}
                    >
                      {u.status === 'deactivated' ? 'Reactivate' : 'Deactivate'}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      color="red"
                      disabled={self(u)}
                      aria-label={`Remove ${u.name}`}
                      onClick={() => setRemoving(u)}
                    >
                      Remove
                    </Button>
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <RoleChangeModal change={change} onClose={() => setChange(undefined)} onDone={refresh} />
      <ActivationModal
        user={switching}
        onClose={() => setSwitching(undefined)}
        // Deactivating revokes their tokens: the token list below changes too.
        onDone={() =>
          Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ['profile', 'tokens'] })])
        }
      />
      <ActionModal
        title={`Remove ${removing?.name ?? ''}?`}
        opened={removing !== undefined}
        onClose={() => {
          setRemoving(undefined);
          remove.reset();
        }}
        onSubmit={() => removing && remove.mutate(removing.id)}
        submitLabel="Yes, remove"
        pending={remove.isPending}
        error={remove.error?.message}
      >
        <Text size="sm">
          Their sessions, tokens, contact methods and team memberships go too, and their name leaves the
          lists. To keep their history and stop paging them instead, deactivate them.
        </Text>
      </ActionModal>
      {admin && <InviteForm onDone={refresh} />}
      {admin && <CreateUser onDone={refresh} />}
      {admin && users.data && <ApiTokens scope={{ kind: 'all', people: users.data.data }} />}
    </Stack>
  );
}

const FIELDS = ['name', 'email', 'role', 'password'] as const;

/** A new person with a password set by the admin; typed values stay after a refused save. */
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
        <PersonFields value={f} byField={byField} onChange={setF} />
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
