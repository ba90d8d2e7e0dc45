import { Button, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Problem } from '../profile/parts.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { useServices } from '../services/data.ts';
import { ComponentModal } from './ComponentModal.tsx';
import { ComponentRow } from './ComponentRow.tsx';
import { byGroup, useComponents, useGroups, useReorder, useRole, useSpMutation } from './data.ts';
import { GroupModal } from './GroupModal.tsx';
import { moved } from './reorder.ts';
import type { StatusComponentView, StatusGroupView } from './views.ts';

type Editing =
  | { kind: 'component'; component?: StatusComponentView }
  | { kind: 'group'; group?: StatusGroupView }
  | { kind: 'delete-group'; group: StatusGroupView; count: number };

/**
 * The status page's components as the public page lists them: by group, in order, each with its
 * current status. Admins change a status, add, edit, reorder and delete; others only look.
 */
export function OverviewPage() {
  const components = useComponents();
  const groups = useGroups();
  const services = useServices();
  const { isAdmin } = useRole();
  const [editing, setEditing] = useState<Editing | null>(null);
  const reorderComponents = useReorder('components');
  const reorderGroups = useReorder('groups');
  const serviceName = (id: string | null) => services.data?.data.find((s) => s.id === id)?.name;

  if (!components.data) return <QueryState query={components} what="the components" />;
  if (!groups.data) return <QueryState query={groups} what="the component groups" />;
  const sections = byGroup(groups.data.data, components.data.data);
  const orderedGroups = sections.flatMap((s) => (s.group === null ? [] : [s.group]));
  const close = () => setEditing(null);

  return (
    <Stack gap="md">
      <Text c="gray.7">
        What the public page lists, in this order. A component linked to a service is preselected when an
        incident of that service is published.
      </Text>
      {isAdmin && (
        <Group gap="xs">
          <Button onClick={() => setEditing({ kind: 'component' })}>Add component</Button>
          <Button variant="default" onClick={() => setEditing({ kind: 'group' })}>
            Add group
          </Button>
        </Group>
      )}
      <Problem title="Could not reorder" error={reorderComponents.error ?? reorderGroups.error} />
      {components.data.data.length === 0 && (
        <Paper withBorder p="md">
          <Text>No components yet. {isAdmin ? 'Add one to show its status on the public page.' : ''}</Text>
        </Paper>
      )}
      {sections.map(({ group, components: list }) => {
        if (group === null && list.length === 0) return null;
        const gi = group === null ? -1 : orderedGroups.indexOf(group);
        const headingId = `sp-group-${group?.id ?? 'none'}`;
        return (
          <Stack key={group?.id ?? 'none'} gap="xs" component="section" aria-labelledby={headingId}>
            <Group justify="space-between" gap="xs">
              <Title order={2} size="h3" id={headingId}>
                {group?.name ?? (orderedGroups.length > 0 ? 'Not in a group' : 'Components')}
              </Title>
              {isAdmin && group !== null && (
                <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
                  <Menu.Target>
                    <Button variant="default" size="xs" aria-label={`Actions for the group ${group.name}`}>
                      Group…
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setEditing({ kind: 'group', group })}>Edit group</Menu.Item>
                    <Menu.Item
                      disabled={gi === 0}
                      onClick={() => reorderGroups.mutate(moved(orderedGroups, gi, -1))}
                    >
                      Move group up
                    </Menu.Item>
                    <Menu.Item
                      disabled={gi === orderedGroups.length - 1}
                      onClick={() => reorderGroups.mutate(moved(orderedGroups, gi, 1))}
                    >
                      Move group down
                    </Menu.Item>
                    <Menu.Item
                      color="red.9"
                      onClick={() => setEditing({ kind: 'delete-group', group, count: list.length })}
                    >
                      Delete group…
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
            {group !== null && group.description !== '' && (
              <Text size="sm" c="gray.7">
                {group.description}
              </Text>
            )}
            {list.length === 0 && <Text size="sm">No components in this group.</Text>}
            <Stack
              gap="xs"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-labelledby={headingId}
            >
              {list.map((c, i) => (
                <ComponentRow
                  key={c.id}
                  component={c}
                  serviceName={serviceName(c.service_id)}
                  isAdmin={isAdmin}
                  onEdit={() => setEditing({ kind: 'component', component: c })}
                  onMove={(by) => reorderComponents.mutate(moved(list, i, by))}
                  first={i === 0}
                  last={i === list.length - 1}
                />
              ))}
            </Stack>
          </Stack>
        );
      })}
      {editing?.kind === 'component' && (
        <ComponentModal component={editing.component} groups={orderedGroups} onClose={close} />
      )}
      {editing?.kind === 'group' && <GroupModal group={editing.group} onClose={close} />}
      {editing?.kind === 'delete-group' && (
        <DeleteGroup group={editing.group} count={editing.count} onClose={close} />
      )}
    </Stack>
  );
}

function DeleteGroup({
  group,
  count,
  onClose,
}: {
  group: StatusGroupView;
  count: number;
  onClose: () => void;
}) {
  const remove = useSpMutation(() => ['DELETE', `/groups/${encodeURIComponent(group.id)}`]);
  return (
    <ConfirmModal
      title={`Delete the group ${group.name}?`}
      confirm="Delete group"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      <Text size="sm">
        {count === 0
          ? 'The group has no components.'
          : `Its ${count === 1 ? 'component stays' : `${count} components stay`} on the public page, outside any group.`}
      </Text>
    </ConfirmModal>
  );
}
