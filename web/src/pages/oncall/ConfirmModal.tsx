import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Asks before a destructive action, saying what else changes (`children`); the action's error,
 * if it fails, stays in the modal beside the buttons.
 */
export function ConfirmModal({
  title,
  confirm,
  children,
  pending = false,
  error = null,
  onConfirm,
  onClose,
}: {
  title: string;
  confirm: string;
  children: ReactNode;
  pending?: boolean;
  error?: Error | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        {children}
        {error !== null && (
          <Alert color="red" role="alert" title="It did not work">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {confirm}
          </Button>
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
