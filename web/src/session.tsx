import { Center, Loader } from '@mantine/core';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, isUnauthorized, setUnauthorizedHandler } from './api.ts';
import type { UserView } from './types.ts';

export const ME_KEY = ['me'] as const;

/** Who is signed in (GET /api/v1/auth/me); the error is a 401 when nobody is. */
export const meQuery = queryOptions({
  queryKey: ME_KEY,
  queryFn: () => api<{ user: UserView; via: string }>('GET', '/auth/me'),
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/**
 * Where the login page sends the person afterwards: a path on this app, nothing else; by
 * default `/`, which picks the landing page (Getting started for an admin of a new install).
 */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : '/';
}

export function loginPath(location: { pathname: string; search: string }): string {
  return `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/**
 * The pages behind a session. Nobody signed in, or a session that expires while a page is open
 * (any 401 from the API): to the login page, which sends the person back here afterwards.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      // A page's several queries each meet the 401: only the first one leaves for the login page,
      // the others would make the login page its own `next`.
      if (window.location.pathname === '/login') return;
      queryClient.removeQueries();
      void navigate(loginPath(window.location), { replace: true });
    });
    return () => setUnauthorizedHandler(() => undefined);
  }, [navigate, queryClient]);

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError && isUnauthorized(me.error)) return <Navigate to={loginPath(location)} replace />;
  return children;
}
