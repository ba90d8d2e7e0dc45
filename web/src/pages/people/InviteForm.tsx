import { NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import { shortWhen } from '../../format.ts';
import type { CreatedInviteView, UserRole } from '../../types.ts';
import { SecretValue } from '../profile/ContactMethods.tsx';
import { FormCard } from '../profile/parts.tsx';
import { USER_ROLES } from './roles.ts';

/** The one-time link of an invite, shown once with a copy button (a new invite or a resent one). */
export function InviteLink({ invite }: { invite: CreatedInviteView }) {
  return (
    <Paper withBorder p="xs" role="status">
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Invite link for {invite.user.name} ({invite.user.email}). Send it to them now: it is not shown
          again, works once and expires {shortWhen(invite.expires_at)}.
        </Text>
        <SecretValue label="Invite link" value={invite.invite_url} />
      </Stack>
    </Paper>
  );
}

const FIELDS = ['name', 'email', 'role'] as const;

type Person = { name: string; email: string; role: UserRole };

/** Name, email and role, as both the invite form and the add-a-person form ask for them. */
export function PersonFields<T extends Person>({
  value,
  byField,
  onChange,
}: {
  value: T;
  byField: Partial<Record<keyof Person, string>>;
  onChange: (v: T) => void;
}) {
  return (
    <>
      <TextInput
        label="Name"
        required
        value={value.name}
        error={byField.name}
        onChange={(e) => onChange({ ...value, name: e.currentTarget.value })}
      />
      <TextInput
        label="Email"
        required
        value={value.email}
        error={byField.email}
        onChange={(e) => onChange({ ...value, email: e.currentTarget.value })}
      />
      <NativeSelect
        label="Role"
        value={value.role}
        data={USER_ROLES}
        error={byField.role}
        onChange={(e) => onChange({ ...value, role: e.currentTarget.value as UserRole })}
      />
    </>
  );
}

/** Invite someone by email: they get no password; the link lets them choose one and log in. */
export function InviteForm({ onDone }: { onDone: () => Promise<void> }) {
  const blank = { name: '', email: '', role: 'responder' as UserRole };
  const [f, setF] = useState(blank);
  const invite = useMutation({
    mutationFn: () => api<CreatedInviteView>('POST', '/users/invite', f),
    onSuccess: async () => {
      setF(blank);
      await onDone();
    },
  });
  const { byField, other } = fieldErrors(invite.error, FIELDS);
  return (
    <FormCard
      label="Invite a person"
      title="Invite a person"
      problemTitle="Could not invite the person"
      problem={other}
      submitLabel="Create invite link"
      pending={invite.isPending}
      onSubmit={() => invite.mutate()}
    >
      {invite.data !== undefined && <InviteLink invite={invite.data} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <PersonFields value={f} byField={byField} onChange={setF} />
      </SimpleGrid>
    </FormCard>
  );
}
