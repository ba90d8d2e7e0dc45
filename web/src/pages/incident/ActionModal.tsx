import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

/**
 * The frame of every action that needs input: a modal form whose fields stay as typed when the
 * API refuses them (the caller shows the API's message next to the field), closed only on success.
 */
export function ActionModal({
  title,
  opened,
  onClose,
  onSubmit,
  submitLabel,
  pending,
  error,
  size,
  children,
}: {
  title: string;
  opened: boolean;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  /** A failure that belongs to no one field (a 409, a 404, a network error). */
  error?: string | null;
  /** Mantine's modal size, for a form wider than a few fields ('lg'). */
  size?: string;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      size={size}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {children}
          {error !== undefined && error !== null && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
