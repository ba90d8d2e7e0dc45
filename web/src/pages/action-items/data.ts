import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { ActionItemStatus, ActionItemView, Page } from '../../types.ts';

/**
 * Reads and writes of action items (GET|POST|PATCH /api/v1/action-items, and an incident's under
 * /incidents/:id/action-items). Every key starts `['action-items', ...]`: a write refetches them
 * all (the same item shows on the incident, the board and the Now page), and so does the live
 * stream when an incident's timeline says an item changed (entries `action_item_*`, live.tsx).
 */
export const AI_KEY = ['action-items'] as const;

/** One page of 500 holds an incident's items, and a board column's. */
const ALL = 'limit=500';

export function useIncidentItems(incidentId: string) {
  return useQuery({
    queryKey: [...AI_KEY, 'incident', incidentId],
    queryFn: () =>
      api<Page<ActionItemView>>('GET', `/incidents/${encodeURIComponent(incidentId)}/action-items?${ALL}`),
  });
}

/** Items across incidents; `filter` is the list's query string without paging (owner=me&...). */
export function useItems(filter: URLSearchParams) {
  const qs = filter.toString();
  return useQuery({
    queryKey: [...AI_KEY, 'list', qs],
    queryFn: () => api<Page<ActionItemView>>('GET', `/action-items?${qs}${qs === '' ? '' : '&'}${ALL}`),
    // A changed filter keeps the board in place until the new items arrive, rather than blank it.
    placeholderData: keepPreviousData,
  });
}

export interface ItemFields {
  title: string;
  description: string;
  owner_id: string | null;
  due_date: string | null;
  priority: ActionItemView['priority'];
}

/** Adds an item to the incident (`item` undefined) or edits `item`. */
export function useSaveItem(target: { incidentId: string } | { item: ActionItemView }) {
  // An edit sends only what changed (ItemModal); adding sends every field.
  return useItemMutation((fields: Partial<ItemFields>) =>
    'item' in target
      ? api<ActionItemView>('PATCH', `/action-items/${encodeURIComponent(target.item.id)}`, fields)
      : api<ActionItemView>(
          'POST',
          `/incidents/${encodeURIComponent(target.incidentId)}/action-items`,
          fields,
        ),
  );
}

export function useSetStatus() {
  return useItemMutation((v: { id: string; status: ActionItemStatus }) =>
    api<ActionItemView>('POST', `/action-items/${encodeURIComponent(v.id)}/status`, { status: v.status }),
  );
}

/**
 * Pushes the item to a ticket tracker (POST /action-items/:id/push): the answer is the item with its
 * ticket. A tracker's own failure is a 502 `tracker_error` carrying what the tracker said.
 */
export function usePush() {
  return useItemMutation((v: { id: string; tracker_id: string }) =>
    api<ActionItemView>('POST', `/action-items/${encodeURIComponent(v.id)}/push`, {
      tracker_id: v.tracker_id,
    }),
  );
}

function useItemMutation<V>(write: (v: V) => Promise<ActionItemView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: AI_KEY }),
  });
}
