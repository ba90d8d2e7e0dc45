import { Button, NativeSelect, NumberInput, Table, Text, VisuallyHidden, SimpleGrid } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import type { ContactMethodView, NotificationRuleView } from '../../types.ts';
import { type PersonSection, typeLabel } from './ContactMethods.tsx';
import { FormCard, ListTable, Problem, Section } from './parts.tsx';

type Urgency = NotificationRuleView['urgency'];

/** When each contact method is used after a page: per urgency, a delay in minutes. */
export function NotificationRules({ userId, methods, who = 'you' }: PersonSection) {
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
    <Section id="rules-title" title="Notification rules">
      <Problem title="Could not load the rules" error={rules.error} />
      {rules.data !== undefined && rules.data.data.length === 0 && (
        // What the engine does then (src/escalation/page.ts): the first contact method, at once.
        <Text>
          No rules: when paged, {who === 'you' ? 'you are' : `${who} is`} notified at once on the first
          contact method{methods.length === 0 ? ' (there is none yet)' : ''}.
        </Text>
      )}
      {rules.data !== undefined && rules.data.data.length > 0 && (
        <ListTable
          label="Notification rules"
          headers={['Urgency', 'After', 'Contact method', <VisuallyHidden>Actions</VisuallyHidden>]}
        >
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
        </ListTable>
      )}
      <Problem title="Could not remove the rule" error={remove.error} />
      {methods.length > 0 && <AddRule base={base} methods={methods} onDone={refresh} />}
    </Section>
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
  return (
    <FormCard
      label="Add notification rule"
      title="Add a rule"
      problemTitle="Could not add the rule"
      problem={other}
      submitLabel="Add rule"
      pending={add.isPending}
      onSubmit={() => add.mutate()}
    >
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
    </FormCard>
  );
}
