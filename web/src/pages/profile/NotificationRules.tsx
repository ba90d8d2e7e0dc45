import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
  SimpleGrid,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import type { ContactMethodView, NotificationRuleView } from '../../types.ts';
import { typeLabel } from './ContactMethods.tsx';

type Urgency = NotificationRuleView['urgency'];

/** When each contact method is used after a page: per urgency, a delay in minutes. */
export function NotificationRules({ userId, methods }: { userId: string; methods: ContactMethodView[] }) {
  const queryClient = useQueryClient();
  const base = `/users/${userId}/notification-rules`;
  const rules = useQuery({
    queryKey: ['profile', userId, 'notification-rules'],
    queryFn: () => api<{ data: NotificationRuleView[] }>('GET', base),
  });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['profile', userId, 'notification-rules'] });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `${base}/${id}`),
    onSuccess: refresh,
  });
  const methodName = (id: string) => {
    const m = methods.find((x) => x.id === id);
    return m === undefined ? id : `${typeLabel(m.type)} ${m.label === '' ? m.address : m.label}`;
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="rules-title">
      <Title order={2} size="h3" id="rules-title">
        Notification rules
      </Title>
      {rules.isError && (
        <Alert color="red" role="alert" title="Could not load the rules">
          {rules.error.message}
        </Alert>
      )}
      {rules.data !== undefined && rules.data.data.length === 0 && (
        <Text>No rules: when paged, you are not notified on any contact method.</Text>
      )}
      {rules.data !== undefined && rules.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-label="Notification rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Urgency</Table.Th>
                <Table.Th>After</Table.Th>
                <Table.Th>Contact method</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.urgency}</Table.Td>
                  <Table.Td>{r.delay_minutes} min</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{methodName(r.contact_method_id)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => remove.mutate(r.id)}
                      aria-label={`Remove the ${r.urgency}-urgency rule at ${r.delay_minutes} minutes`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {remove.error !== null && (
        <Alert color="red" role="alert" title="Could not remove the rule">
          {remove.error.message}
        </Alert>
      )}
      {methods.length > 0 && <AddRule base={base} methods={methods} onDone={refresh} />}
    </Stack>
  );
}

function AddRule({
  base,
  methods,
  onDone,
}: {
  base: string;
  methods: ContactMethodView[];
  onDone: () => Promise<void>;
}) {
  const [picked, setMethod] = useState(methods[0]?.id ?? '');
  // The picked method may have been removed meanwhile: fall back to the first one.
  const method = methods.some((m) => m.id === picked) ? picked : (methods[0]?.id ?? '');
  const [urgency, setUrgency] = useState<Urgency>('high');
  const [delay, setDelay] = useState<number | string>(0);
  const add = useMutation({
    mutationFn: () => api('POST', base, { contact_method_id: method, urgency, delay_minutes: Number(delay) }),
    onSuccess: onDone,
  });
  const { byField, other } = fieldErrors(add.error, [
    'contact_method_id',
    'urgency',
    'delay_minutes',
  ] as const);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} aria-label="Add notification rule">
        <Stack gap="xs">
          <Title order={3} size="h4">
            Add a rule
          </Title>
          {other !== undefined && (
            <Alert color="red" role="alert" title="Could not add the rule">
              {other}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <NativeSelect
              label="Urgency"
              value={urgency}
              error={byField.urgency}
              onChange={(e) => setUrgency(e.currentTarget.value as Urgency)}
              data={[
                { value: 'high', label: 'High urgency' },
                { value: 'low', label: 'Low urgency' },
              ]}
            />
            <NumberInput
              label="Delay (minutes)"
              min={0}
              max={1440}
              value={delay}
              error={byField.delay_minutes}
              onChange={setDelay}
            />
            <NativeSelect
              label="Contact method"
              value={method}
              error={byField.contact_method_id}
              onChange={(e) => setMethod(e.currentTarget.value)}
              data={methods.map((m) => ({
                value: m.id,
                label: `${typeLabel(m.type)}: ${m.label === '' ? m.address : m.label}`,
              }))}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={add.isPending}>
              Add rule
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
