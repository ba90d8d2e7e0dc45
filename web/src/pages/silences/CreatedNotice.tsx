import { Alert, Button, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a create form shows in its place once saved, until closed. */
export function CreatedNotice({
  title,
  children,
  onClose,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
}) {
  return (
    <Alert color="green" title={title} role="status">
      <Text size="sm">{children}</Text>
      <Button mt="xs" variant="default" size="xs" onClick={onClose}>
        Close
      </Button>
    </Alert>
  );
}
