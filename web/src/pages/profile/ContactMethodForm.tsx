import { Button, Group, NativeSelect, Stack, TextInput, SimpleGrid } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { Problem } from './parts.tsx';
import type { ContactMethodType, ContactMethodView } from '../../types.ts';

export const CONTACT_TYPES: { value: ContactMethodType; label: string }[] = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'voice', label: 'Voice call' },
  { value: 'webhook', label: 'Webhook' },
  { value: 'slack', label: 'Slack' },
  { value: 'teams', label: 'Microsoft Teams' },
  { value: 'discord', label: 'Discord' },
];

const PLACEHOLDER: Record<ContactMethodType, string> = {
  email: 'me@example.com',
  sms: '+14155550100',
  voice: '+14155550100',
  webhook: 'https://example.com/hooks/tocsin',
  slack: 'https://hooks.slack.com/services/…',
  teams: 'https://example.webhook.office.com/…',
  discord: 'https://discord.com/api/webhooks/…',
};

export interface ContactMethodFields {
  type: ContactMethodType;
  address: string;
  label: string;
}

/**
 * Adding and editing a contact method are one form: a 400 lands by the field it names, and the
 * typed values stay after a failed save (they are cleared only when an add succeeds).
 */
export function ContactMethodForm({
  initial,
  submitLabel,
  save,
  onDone,
  onCancel,
}: {
  initial?: ContactMethodView;
  submitLabel: string;
  save: (fields: ContactMethodFields) => Promise<unknown>;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const blank: ContactMethodFields = { type: 'email', address: '', label: '' };
  const [fields, setFields] = useState<ContactMethodFields>(initial ?? blank);
  const mutation = useMutation({
    mutationFn: () => save(fields),
    onSuccess: () => {
      if (initial === undefined) setFields(blank);
      onDone?.();
    },
  });
  const { byField, other } = fieldErrors(mutation.error, ['type', 'address', 'label'] as const);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  const idPrefix = initial === undefined ? 'new-cm' : `cm-${initial.id}`;

  return (
    <form onSubmit={submit} aria-label={submitLabel}>
      <Stack gap="xs">
        <Problem title="Could not save the contact method" error={other} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <NativeSelect
            id={`${idPrefix}-type`}
            label="Type"
            value={fields.type}
            error={byField.type}
            onChange={(e) => setFields({ ...fields, type: e.currentTarget.value as ContactMethodType })}
            data={CONTACT_TYPES}
          />
          <TextInput
            id={`${idPrefix}-address`}
            label="Address"
            required
            value={fields.address}
            placeholder={PLACEHOLDER[fields.type]}
            error={byField.address}
            onChange={(e) => setFields({ ...fields, address: e.currentTarget.value })}
          />
          <TextInput
            id={`${idPrefix}-label`}
            label="Label (optional)"
            value={fields.label}
            error={byField.label}
            onChange={(e) => setFields({ ...fields, label: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Group gap="xs">
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
          {onCancel !== undefined && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
