import { Badge, Button, NativeSelect, Paper, Stack, Table, Text, TextInput, SimpleGrid } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import { shortWhen } from '../../format.ts';
import type { ApiTokenView, CreatedApiTokenView, Page, UserView } from '../../types.ts';
import { SecretValue } from './ContactMethods.tsx';
import { FormCard, ListTable, Problem, Section } from './parts.tsx';

type Role = UserView['role'];
const ROLES: Role[] = ['viewer', 'responder', 'admin'];
const TOKENS_KEY = ['profile', 'tokens'];

/** My API tokens: a new one's secret is shown once, here, with a copy button. */
export function ApiTokens({ userId, role }: { userId: string; role: Role }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: () => api<Page<ApiTokenView>>('GET', `/tokens?limit=100&user_id=${encodeURIComponent(userId)}`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE', `/tokens/${id}`),
    onSuccess: refresh,
  });

  return (
    <Section
      id="tokens-title"
      title="API tokens"
      intro="For scripts and the CLI: a token acts as you, with at most your role."
    >
      <Problem title="Could not load the tokens" error={tokens.error} />
      {tokens.data !== undefined && tokens.data.data.length === 0 && <Text>No API tokens.</Text>}
      {tokens.data !== undefined && tokens.data.data.length > 0 && (
        <ListTable label="API tokens" headers={['Name', 'Role', 'Last used', 'Revoke']}>
          {tokens.data.data.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                {t.name}{' '}
                <Text span c="gray.7" size="sm">
                  ({t.prefix}…)
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{t.role}</Badge>
              </Table.Td>
              <Table.Td>{t.last_used_at === null ? 'never' : shortWhen(t.last_used_at)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  onClick={() => revoke.mutate(t.id)}
                  aria-label={`Revoke ${t.name}`}
                >
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <Problem title="Could not revoke the token" error={revoke.error} />
      <CreateToken role={role} onDone={refresh} />
    </Section>
  );
}

function CreateToken({ role, onDone }: { role: Role; onDone: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<Role>(role);
  const create = useMutation({
    mutationFn: () => api<CreatedApiTokenView>('POST', '/tokens', { name, role: tokenRole }),
    onSuccess: async () => {
      setName('');
      await onDone();
    },
  });
  const { byField, other } = fieldErrors(create.error, ['name', 'role'] as const);
  // Only roles up to the person's own: the API refuses more anyway.
  const roles = ROLES.slice(0, ROLES.indexOf(role) + 1);
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
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <TextInput
          label="Token name"
          required
          value={name}
          error={byField.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NativeSelect
          label="Role"
          value={tokenRole}
          error={byField.role}
          onChange={(e) => setTokenRole(e.currentTarget.value as Role)}
          data={roles}
        />
      </SimpleGrid>
    </FormCard>
  );
}
