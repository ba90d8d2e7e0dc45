import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthorized } from './api.ts';

/**
 * The app's one query cache. A module of its own so the router's loaders can start a page's
 * first requests while the script is still rendering (router.tsx), not one after another.
 */
export const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
  defaultOptions: {
    // A 401 is handled by sending the person to log in, never by retrying.
    queries: { retry: (count, e) => !isUnauthorized(e) && count < 2, staleTime: 5_000 },
    // A change tried while offline fails at once and says so, with the form kept, rather than
    // waiting silently and firing later against an incident that may have moved on.
    mutations: { networkMode: 'always' },
  },
});
