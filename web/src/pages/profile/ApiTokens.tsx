import { Badge, Button, NativeSelect, Paper, Stack, Table, Text, TextInput, SimpleGrid } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import { shortWhen } from '../../format.ts';
import type { ApiTokenView, CreatedApiTokenView, Page, UserView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { SecretValue } from './ContactMethods.tsx';
import { FormCard, ListTable, Problem, Section } from './parts.tsx';

type Role = UserView['role'];
const ROLES: Role[] = ['viewer', 'responder', 'admin'];

/**
 * Whose tokens the section shows: the signed-in person's own (their profile), or everyone's (an
 * admin on the people page: GET /tokens without user_id lists all, and admins may create and
 * revoke anyone's).
 */
export type TokenScope = { kind: 'mine'; userId: string; role: Role } | { kind: 'all'; people: UserView[] };

const tokensKey = (scope: TokenScope) => ['profile', 'tokens', scope.kind];

/** API tokens: a new one's secret is shown once, here, with a copy button; revoking asks first. */
export function ApiTokens({ scope }: { scope: TokenScope }) {
  const queryClient = useQueryClient();
  const all = scope.kind === 'all';
  const tokens = useQuery({
    queryKey: tokensKey(scope),
    queryFn: () =>
      api<Page<ApiTokenView>>(
        'GET',
        all ? '/tokens?limit=500' : `/tokens?limit=100&user_id=${encodeURIComponent(scope.userId)}`,
      ),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['profile', 'tokens'] });
  const [revoking, setRevoking] = useState<ApiTokenView | undefined>();
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE', `/tokens/${id}`),
    onSuccess: async () => {
      setRevoking(undefined);
      await refresh();
    },
  });
  const ownerName = (id: string) => (all ? (scope.people.find((u) => u.id === id)?.name ?? id) : '');
  const headers = all
    ? ['Name', 'Owner', 'Role', 'Created', 'Last used', 'Revoke']
    : ['Name', 'Role', 'Last used', 'Revoke'];

  return (
    <Section
      id="tokens-title"
      title="API tokens"
      intro={
        all
          ? 'Everyone’s live tokens. A token acts as its owner, with at most their role.'
          : 'For scripts and the CLI: a token acts as you, with at most your role.'
      }
    >
      <Problem title="Could not load the tokens" error={tokens.error} />
      {tokens.data !== undefined && tokens.data.data.length === 0 && <Text>No API tokens.</Text>}
      {tokens.data !== undefined && tokens.data.data.length > 0 && (
        <ListTable label="API tokens" headers={headers}>
          {tokens.data.data.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                {t.name}{' '}
                <Text span c="gray.7" size="sm">
                  ({t.prefix}…)
                </Text>
              </Table.Td>
              {all && <Table.Td>{ownerName(t.user_id)}</Table.Td>}
              <Table.Td>
                <Badge variant="light">{t.role}</Badge>
              </Table.Td>
              {all && <Table.Td>{shortWhen(t.created_at)}</Table.Td>}
              <Table.Td>{t.last_used_at === null ? 'never' : shortWhen(t.last_used_at)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  onClick={() => setRevoking(t)}
                  aria-label={`Revoke ${t.name}`}
                >
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <ActionModal
        title={`Revoke ${revoking?.name ?? ''}?`}
        opened={revoking !== undefined}
        onClose={() => {
          setRevoking(undefined);
          revoke.reset();
        }}
        onSubmit={() => revoking && revoke.mutate(revoking.id)}
        submitLabel="Revoke token"
        pending={revoke.isPending}
        error={revoke.error?.message}
      >
        <Text size="sm">
          Every script or CLI using “{revoking?.name}” ({revoking?.prefix}…)
          {all && revoking ? ` on behalf of ${ownerName(revoking.user_id)}` : ''} is refused from now on. This
          cannot be undone: create a new token instead.
        </Text>
      </ActionModal>
      <CreateToken scope={scope} onDone={refresh} />
    </Section>
  );
}

function CreateToken({ scope, onDone }: { scope: TokenScope; onDone: () => Promise<void> }) {
  const all = scope.kind === 'all';
  const [name, setName] = useState('');
  const [userId, setUserId] = useState(all ? '' : scope.userId);
  const ownerRole: Role =
    scope.kind === 'mine' ? scope.role : (scope.people.find((u) => u.id === userId)?.role ?? 'viewer');
  const [tokenRole, setTokenRole] = useState<Role>(ownerRole);
  // Only roles up to the owner's own: the API refuses more anyway.
  const roles = ROLES.slice(0, ROLES.indexOf(ownerRole) + 1);
  const chosenRole = roles.includes(tokenRole) ? tokenRole : ownerRole;
  const create = useMutation({
    mutationFn: () =>
      api<CreatedApiTokenView>('POST', '/tokens', {
        name,
        role: chosenRole,
        ...(all ? { user_id: userId } : {}),
      }),
    onSuccess: async () => {
      setName('');
      await onDone();
    },
  });
  const { byField, other } = fieldErrors(create.error, ['name', 'role', 'user_id'] as const);
  const owners = all ? scope.people.filter((u) => u.status !== 'deactivated') : [];
  return (
    <FormCard
      label="Create API token"
      title="Create a token"
      problemTitle="Could not create the token"
      problem={other}
      submitLabel="Create token"
      pending={create.isPending}
      onSubmit={() => create.mutate()}
    >
      {create.data !== undefined && (
        <Paper withBorder p="xs" role="status">
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Token “{create.data.name}” created. Copy it now: it is not shown again.
            </Text>
            <SecretValue label="New API token" value={create.data.token} />
          </Stack>
        </Paper>
      )}
      <SimpleGrid cols={{ base: 1, sm: all ? 3 : 2 }} spacing="xs">
        <TextInput
          label="Token name"
          required
          value={name}
          error={byField.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        {all && (
          <NativeSelect
            label="Owner"
            required
            value={userId}
            error={byField.user_id}
            data={[
              { value: '', label: 'Choose…' },
              ...owners.map((u) => ({ value: u.id, label: `${u.name} (${u.role})` })),
            ]}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setUserId(id);
              setTokenRole(scope.people.find((u) => u.id === id)?.role ?? 'viewer');
            }}
          />
        )}
        <NativeSelect
          label="Role"
          value={chosenRole}
          error={byField.role}
          onChange={(e) => setTokenRole(e.currentTarget.value as Role)}
          data={roles}
        />
      </SimpleGrid>
    </FormCard>
  );
}
