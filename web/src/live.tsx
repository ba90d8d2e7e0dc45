import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { IncidentView } from './types.ts';

/**
 * The live stream (GET /api/v1/stream, server-sent events) kept in the query cache: every page
 * reads through TanStack Query, and this module turns each change the server announces into an
 * update or a refetch of the queries it touches. Pages need do nothing but follow the key
 * conventions below.
 *
 * Query keys (the first element says what a query is about):
 * - `['incident', ref]`: one incident (`ref` is what the URL holds: an id or a number);
 *   `['incident', ref, ...]`: anything about it (timeline, alerts, tasks, ...).
 * - `['incidents', ...]`: lists and counts of incidents. `['now', ...]`: the Now page.
 * - `['alerts', ...]`: alerts. `['oncall', ...]`, `['schedules', ...]`: who is on call and when.
 * - `['getting-started']`: the set-up checklist, which ticks on alerts, incidents and schedules.
 * - `['services', 'status']`: services with their open incidents, last alert and on call now.
 * - `['status-page', ...]`: the status page admin; refetched when an incident's timeline says a
 *   public incident published from it changed (entries `status_page_*`).
 * - `['action-items', ...]`: action items, refetched when a timeline entry says one changed
 *   (entries `action_item_*`).
 *
 * EventSource reconnects by itself with Last-Event-ID, so a dropped connection loses nothing;
 * while it is down, `useLive()` says so and the shell shows a banner.
 */
export type LiveState = 'connecting' | 'live' | 'lost';

const LiveContext = createContext<LiveState>('connecting');

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/** Lists change on every alert; refetching them at most this often keeps a storm from flooding the API. */
const LIST_REFRESH_MS = 300;
/** After the server refused the stream (restarting, say): try again this long after. */
const RECONNECT_MS = 3000;

export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    const lists = throttled(() => {
      for (const key of [['incidents'], ['now'], ['alerts'], ['getting-started'], ['services', 'status']]) {
        void queryClient.invalidateQueries({ queryKey: key });
      }
    }, LIST_REFRESH_MS);
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // The browser resumes by itself after a dropped connection; after a refused one (a 503 while
    // the server restarts) it gives up, so this reopens it from the last position seen.
    let lastEventId = '';
    let connections = 0;

    const connect = () => {
      retry = undefined;
      const query = lastEventId === '' ? '' : `?last_event_id=${encodeURIComponent(lastEventId)}`;
      const s = new EventSource(`/api/v1/stream${query}`);
      source = s;
      const seen = (e: Event) => {
        const id = (e as MessageEvent<string>).lastEventId;
        if (id !== '') lastEventId = id;
      };
      s.addEventListener('ready', (e) => {
        seen(e);
        setState('live');
        // Caught up after a reconnection: the stream replayed what it could, but anything read
        // while the connection was down may predate it, so read the open pages again.
        if (connections > 0) void queryClient.invalidateQueries();
        connections += 1;
      });
      s.addEventListener('error', () => {
        setState('lost');
        if (s.readyState !== EventSource.CLOSED) return;
        // Refused: perhaps the session is gone (a 401). Asking who is signed in sends the
        // person to the login page if so; otherwise try again shortly.
        void queryClient.invalidateQueries({ queryKey: ['me'] });
        retry ??= setTimeout(connect, RECONNECT_MS);
      });
      s.addEventListener('end', () => {
        s.close();
        setState('lost');
        void queryClient.invalidateQueries({ queryKey: ['me'] });
      });
      s.addEventListener('reset', (e) => {
        seen(e);
        void queryClient.invalidateQueries();
      });
      s.addEventListener('incident', (e) => {
        const view = parse<IncidentView>(e);
        if (view === undefined) return;
        for (const key of incidentKeys(queryClient, view.id)) queryClient.setQueryData(key, view);
        lists();
      });
      s.addEventListener('timeline', (e) => {
        seen(e);
        const change = parse<{ incident_id: string; entry?: { kind?: string } }>(e);
        if (change === undefined) return;
        if (change.entry?.kind?.startsWith('status_page_') === true)
          void queryClient.invalidateQueries({ queryKey: ['status-page'] });
        if (change.entry?.kind?.startsWith('action_item') === true)
          void queryClient.invalidateQueries({ queryKey: ['action-items'] });
        // Moved, published or waived by someone else: an open editor shows it (its edits are kept).
        if (change.entry?.kind?.startsWith('postmortem_') === true) {
          void queryClient.invalidateQueries({ queryKey: ['postmortem'] });
          void queryClient.invalidateQueries({ queryKey: ['postmortems'] });
        }
        for (const key of incidentKeys(queryClient, change.incident_id)) {
          void queryClient.invalidateQueries({
            predicate: (q) =>
              q.queryKey[0] === 'incident' && q.queryKey[1] === key[1] && q.queryKey.length > 2,
          });
        }
        lists();
      });
      s.addEventListener('oncall', (e) => {
        seen(e);
        for (const key of [['oncall'], ['schedules'], ['now'], ['getting-started'], ['services', 'status']]) {
          void queryClient.invalidateQueries({ queryKey: key });
        }
      });
    };
    connect();
    // The browser knows it is offline before the stream notices: say so at once. Back online,
    // open a fresh stream from the last event seen rather than trust the old connection.
    const offline = () => setState('lost');
    const online = () => {
      if (retry !== undefined) return;
      source?.close();
      connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      clearTimeout(retry);
      lists.cancel();
      source?.close();
    };
  }, [queryClient]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

/** The keys `['incident', ref]` of cached incidents that are the incident with this id. */
function incidentKeys(queryClient: QueryClient, id: string): QueryKey[] {
  return queryClient
    .getQueriesData<IncidentView>({ queryKey: ['incident'] })
    .filter(([key, data]) => key.length === 2 && (key[1] === id || data?.id === id))
    .map(([key]) => key);
}

function parse<T>(e: Event): T | undefined {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

/** Runs `fn` at most once per `ms`, always once after the last call. */
function throttled(fn: () => void, ms: number): (() => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const call = () => {
    if (timer !== undefined) return;
    timer = setTimeout(run, Math.max(0, last + ms - Date.now()));
  };
  return Object.assign(call, { cancel: () => clearTimeout(timer) });
}
