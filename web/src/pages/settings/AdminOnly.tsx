import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useMe } from '../../session.tsx';

/**
 * The settings pages are an admin's: anyone else who opens one by its address gets a plain
 * refusal instead of a page of 403s (the API refuses them either way).
 */
export function AdminOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.data === undefined) return null;
  if (me.data.user.role !== 'admin') {
    return (
      <Alert color="orange" role="alert" title="Admins only">
        Only an admin can see and change these settings. Ask an admin of this Tocsin if you need a change.
      </Alert>
    );
  }
  return children;
}
