import { Badge, Button, Menu } from '@mantine/core';
import type { ActionItemView } from '../../types.ts';
import type { useSetStatus } from './data.ts';
import { STATUS_COLOR, STATUS_LABEL, STATUSES } from './model.ts';

export function ItemStatusBadge({ status }: { status: ActionItemView['status'] }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" autoContrast>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/**
 * The item's status, and for those who may change it a menu of the others: a button and a
 * keyboard-navigable menu (Mantine's, role="menu"), so no dragging between columns is needed.
 */
export function StatusMenu({
  item,
  canAct,
  setStatus,
}: {
  item: ActionItemView;
  canAct: boolean;
  setStatus: ReturnType<typeof useSetStatus>;
}) {
  if (!canAct) return <ItemStatusBadge status={item.status} />;
  const pending = setStatus.isPending && setStatus.variables?.id === item.id;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          loading={pending}
          aria-label={`Status of ${item.title}: ${STATUS_LABEL[item.status]}. Change`}
          rightSection="▾"
        >
          {STATUS_LABEL[item.status]}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to</Menu.Label>
        {STATUSES.filter((s) => s !== item.status).map((s) => (
          <Menu.Item key={s} onClick={() => setStatus.mutate({ id: item.id, status: s })}>
            {STATUS_LABEL[s]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
