import { Alert, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';

/** The loader while a query is pending and its error once it failed, named for what it loads. */
export function QueryState({ query, what }: { query: UseQueryResult<unknown>; what: string }) {
  if (query.isPending) return <Loader aria-label={`Loading ${what}`} />;
  if (query.isError)
    return (
      <Alert color="red" role="alert" title={`Could not load ${what}`}>
        {query.error.message}
      </Alert>
    );
  return null;
}
