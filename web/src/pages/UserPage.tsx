import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { useMe } from '../session.tsx';
import type { UserView } from '../types.ts';
import { ContactMethods } from './profile/ContactMethods.tsx';
import { NotificationRules } from './profile/NotificationRules.tsx';
import { AdminOnly } from './settings/AdminOnly.tsx';

/**
 * Someone else's contact methods and notification rules, for an admin (`/users/:id`): the same
 * sections as My profile, on that person. Under the `['profile']` key the sections refresh
 * after a change; every change is audited as the admin who made it (src/users/contact-methods.ts).
 */
export function UserPage() {
  const id = useParams().id ?? '';
  const me = useMe();
  if (me.data?.user.id === id) return <Navigate to="/profile" replace />;
  return (
    <AdminOnly>
      <Person id={id} />
    </AdminOnly>
  );
}

function Person({ id }: { id: string }) {
  const user = useQuery({
    queryKey: ['profile', id, 'user'],
    queryFn: () => api<UserView>('GET', `/users/${encodeURIComponent(id)}`),
  });
  return (
    <Stack gap="xl" maw={960}>
      <div>
        <Anchor component={Link} to="/users" size="sm">
          ← People
        </Anchor>
        <Title order={1}>{user.data?.name ?? 'Person'}</Title>
        {user.data !== undefined && (
          <Text c="gray.7">
            {user.data.email} · {user.data.role} · {user.data.time_zone}
          </Text>
        )}
      </div>
      <QueryState query={user} what="the person" />
      {user.data !== undefined && (
        <>
          <ContactMethods userId={user.data.id} methods={user.data.contact_methods} who={user.data.name} />
          <NotificationRules userId={user.data.id} methods={user.data.contact_methods} who={user.data.name} />
        </>
      )}
    </Stack>
  );
}
