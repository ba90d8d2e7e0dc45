import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  SimpleGrid,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import { shortWhen } from '../../format.ts';
import type { ApiTokenView, CreatedApiTokenView, Page, UserView } from '../../types.ts';
import { SecretValue } from './ContactMethods.tsx';

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
    <Stack gap="sm" component="section" aria-labelledby="tokens-title">
      <Title order={2} size="h3" id="tokens-title">
        API tokens
      </Title>
      <Text size="sm" c="gray.7">
        For scripts and the CLI: a token acts as you, with at most your role.
      </Text>
      {tokens.isError && (
        <Alert color="red" role="alert" title="Could not load the tokens">
          {tokens.error.message}
        </Alert>
      )}
      {tokens.data !== undefined && tokens.data.data.length === 0 && <Text>No API tokens.</Text>}
      {tokens.data !== undefined && tokens.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-label="API tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Revoke</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {revoke.error !== null && (
        <Alert color="red" role="alert" title="Could not revoke the token">
          {revoke.error.message}
        </Alert>
      )}
      <CreateToken role={role} onDone={refresh} />
    </Stack>
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  // Only roles up to the person's own: the API refuses more anyway.
  const roles = ROLES.slice(0, ROLES.indexOf(role) + 1);
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} aria-label="Create API token">
        <Stack gap="xs">
          <Title order={3} size="h4">
            Create a token
          </Title>
          {other !== undefined && (
            <Alert color="red" role="alert" title="Could not create the token">
              {other}
            </Alert>
          )}
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
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
