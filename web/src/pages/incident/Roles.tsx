import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { RoleTypeView } from '../../types.ts';
import { ActionModal } from './ActionModal.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { incidentPath, useIncidentAction, useList, useRoles } from './data.ts';
import { choosable, usePeople } from '../policies/directory.ts';

/** Who holds each incident role (commander, scribe, ...), and for responders: give or hand it over. */
export function Roles({ refKey, canAct }: { refKey: string; canAct: boolean }) {
  const types = useList<RoleTypeView>('incident-roles', '/incident-roles');
  const roles = useRoles(refKey);
  const [assigning, setAssigning] = useState<RoleTypeView | null>(null);
  const holders = new Map((roles.data?.data ?? []).map((h) => [h.role, h]));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="roles-title">
      <Title order={2} size="h4" id="roles-title" mb="xs">
        Roles
      </Title>
      <Stack gap="xs">
        {(types.data?.data ?? []).map((t) => {
          const holder = holders.get(t.slug);
          return (
            <Group key={t.slug} justify="space-between" wrap="nowrap">
              <div>
                <Text size="sm" c="gray.7">
                  {t.name}
                </Text>
                <Text>{holder?.user_name ?? 'Nobody'}</Text>
              </div>
              {canAct && (
                <Button
                  size="xs"
                  variant="default"
                  aria-label={`${holder === undefined ? 'Assign' : 'Hand over'} ${t.name}`}
                  onClick={() => setAssigning(t)}
                >
                  {holder === undefined ? 'Assign' : 'Hand over'}
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
      {canAct && <AssignRoleModal refKey={refKey} role={assigning} onClose={() => setAssigning(null)} />}
    </Paper>
  );
}

function AssignRoleModal({
  refKey,
  role,
  onClose,
}: {
  refKey: string;
  role: RoleTypeView | null;
  onClose: () => void;
}) {
  const users = usePeople(role !== null);
  const [userId, setUserId] = useState<string | null>(null);
  const assign = useIncidentAction(refKey, (v: { slug: string; user: string | null }) => [
    'PUT',
    `${incidentPath(refKey)}/roles/${encodeURIComponent(v.slug)}`,
    { user_id: v.user ?? '' },
  ]);
  const close = () => {
    assign.reset();
    onClose();
  };
  const errors = fieldErrors(assign.error, ['user_id'], 'user_id');
  return (
    <ActionModal
      title={role === null ? 'Assign a role' : `Who is ${role.name}?`}
      submitLabel="Assign"
      opened={role !== null}
      onClose={close}
      onSubmit={() => role !== null && assign.mutate({ slug: role.slug, user: userId }, { onSuccess: close })}
      pending={assign.isPending}
      error={assign.conflict ?? errors.other}
    >
      <Select
        label="Person"
        searchable
        data={choosable(users.data?.data).map((u) => ({ value: u.id, label: u.name }))}
        value={userId}
        onChange={setUserId}
        error={errors.byField.user_id}
      />
    </ActionModal>
  );
}
