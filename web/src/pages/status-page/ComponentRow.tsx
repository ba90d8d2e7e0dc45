import { Anchor, Button, Group, Menu, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { fieldErrors } from '../../form-errors.ts';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { useSpMutation } from './data.ts';
import {
  COMPONENT_STATUS_LABEL,
  COMPONENT_STATUSES,
  oneOf,
  statusOptions,
  type ComponentStatus,
} from './model.ts';
import { ComponentStatusBadge } from './StatusBadges.tsx';
import type { StatusComponentView } from './views.ts';

/**
 * One component on the overview: its status (an admin changes it with the select: the API
 * writes it to the history the uptime bars are drawn from), its service, and its actions.
 */
export function ComponentRow({
  component: c,
  serviceName,
  isAdmin,
  onEdit,
  onMove,
  first,
  last,
}: {
  component: StatusComponentView;
  serviceName: string | undefined;
  isAdmin: boolean;
  onEdit: () => void;
  onMove: (by: -1 | 1) => void;
  first: boolean;
  last: boolean;
}) {
  const [deleting, setDeleting] = useState(false);
  const change = useSpMutation((status: ComponentStatus) => [
    'PATCH',
    `/components/${encodeURIComponent(c.id)}`,
    { status },
  ]);
  const remove = useSpMutation(() => ['DELETE', `/components/${encodeURIComponent(c.id)}`]);
  const { byField, other } = fieldErrors(change.error, ['status'], 'status');
  return (
    <Paper component="li" withBorder p="sm" data-component={c.name}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 12rem' }}>
          <Group gap="xs">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Text>
            {isAdmin && <ComponentStatusBadge status={c.status} />}
          </Group>
          {c.description !== '' && (
            <Text size="sm" c="gray.7">
              {c.description}
            </Text>
          )}
          <Text size="sm" c="gray.7">
            {c.service_id === null ? (
              'Standalone'
            ) : (
              <>
                Service:{' '}
                <Anchor component={Link} to={`/services/${encodeURIComponent(c.service_id)}`} inherit>
                  {serviceName ?? c.service_id}
                </Anchor>
              </>
            )}
            {!c.showcase && ' · no uptime bars'}
            {c.only_show_if_degraded && ' · shown only when not operational'}
          </Text>
        </Stack>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          {isAdmin ? (
            <NativeSelect
              label={`Status of ${c.name}`}
              data={statusOptions(COMPONENT_STATUSES, COMPONENT_STATUS_LABEL)}
              value={change.isPending ? change.variables : c.status}
              disabled={change.isPending}
              onChange={(e) => change.mutate(oneOf(COMPONENT_STATUSES, e.currentTarget.value, c.status))}
              error={byField.status ?? other}
              w={210}
            />
          ) : (
            <ComponentStatusBadge status={c.status} />
          )}
          {isAdmin && (
            <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
              <Menu.Target>
                <Button variant="default" aria-label={`Actions for ${c.name}`}>
                  …
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={onEdit}>Edit</Menu.Item>
                <Menu.Item disabled={first} onClick={() => onMove(-1)}>
                  Move up
                </Menu.Item>
                <Menu.Item disabled={last} onClick={() => onMove(1)}>
                  Move down
                </Menu.Item>
                <Menu.Item color="red.9" onClick={() => setDeleting(true)}>
                  Delete…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      {deleting && (
        <ConfirmModal
          title={`Delete ${c.name}?`}
          confirm="Delete component"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => setDeleting(false) })}
          onClose={() => setDeleting(false)}
        >
          <Text size="sm">
            {c.name} leaves the public page with its uptime history, and public incidents and maintenance no
            longer list it.
          </Text>
        </ConfirmModal>
      )}
    </Paper>
  );
}
