import { Alert, Autocomplete, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { fieldErrors } from '../form-errors.ts';
import { ME_KEY, useMe } from '../session.tsx';
import type { UserView } from '../types.ts';
import { Problem, Section } from './profile/parts.tsx';
import { ApiTokens } from './profile/ApiTokens.tsx';
import { ContactMethods } from './profile/ContactMethods.tsx';
import { NotificationRules } from './profile/NotificationRules.tsx';

/** The signed-in person's own settings: how Tocsin reaches them, their time zone, their tokens. */
export function ProfilePage() {
  const me = useMe();
  if (me.isPending) return <Loader aria-label="Loading your profile" />;
  if (me.isError) {
    return (
      <Alert color="red" role="alert" title="Could not load your profile">
        {me.error.message}
      </Alert>
    );
  }
  const user = me.data.user;
  return (
    <Stack gap="xl" maw={960}>
      <div>
        <Title order={1}>My profile</Title>
        <Text c="gray.7">
          {user.name} · {user.email} · {user.role}
        </Text>
      </div>
      <ContactMethods userId={user.id} methods={user.contact_methods} />
      <NotificationRules userId={user.id} methods={user.contact_methods} />
      <TimeZoneForm user={user} />
      <ApiTokens scope={{ kind: 'mine', userId: user.id, role: user.role }} />
    </Stack>
  );
}

// Every zone the browser knows, for suggestions; the API decides what it accepts.
const ZONES = Intl.supportedValuesOf('timeZone');

function TimeZoneForm({ user }: { user: UserView }) {
  const queryClient = useQueryClient();
  const [zone, setZone] = useState(user.time_zone);
  const save = useMutation({
    mutationFn: () => api<UserView>('PATCH', `/users/${user.id}`, { time_zone: zone }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
  });
  const { byField, other } = fieldErrors(save.error, ['time_zone'] as const);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Section
      id="tz-title"
      title="Time zone"
      intro="Times in messages to you and your on-call calendar use it."
    >
      <form onSubmit={submit} aria-label="Change time zone">
        <Stack gap="xs">
          <Problem title="Could not save the time zone" error={other} />
          <Group align="end" gap="xs" wrap="wrap">
            <Autocomplete
              label="Time zone"
              value={zone}
              onChange={setZone}
              data={ZONES}
              limit={20}
              error={byField.time_zone}
              miw={260}
            />
            <Button type="submit" loading={save.isPending}>
              Save time zone
            </Button>
          </Group>
          {save.isSuccess && (
            <Text role="status" size="sm">
              Saved: {save.data.time_zone}.
            </Text>
          )}
        </Stack>
      </form>
    </Section>
  );
}
