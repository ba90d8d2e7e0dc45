import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { useMe } from '../../session.tsx';
import { gettingStartedQuery, landsOnChecklist } from './progress.ts';

/** `/`: admins of a Tocsin not yet set up land on Getting started, everyone else on Now. */
export function Home() {
  const me = useMe();
  const admin = me.data?.user.role === 'admin';
  const progress = useQuery({ ...gettingStartedQuery, enabled: admin });
  if (me.data === undefined || (admin && progress.isPending)) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  // A failed read is no reason to keep anyone from Now.
  const checklist = admin && progress.data !== undefined && landsOnChecklist(progress.data);
  return <Navigate to={checklist ? '/getting-started' : '/now'} replace />;
}
