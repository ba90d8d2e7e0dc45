import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { GettingStartedView } from '../../types.ts';

/**
 * The set-up checklist (GET /api/v1/getting-started). Its key is one live.tsx refreshes when
 * an alert, an incident or a schedule changes, so an open checklist ticks by itself.
 */
export const gettingStartedQuery = queryOptions({
  queryKey: ['getting-started'],
  queryFn: () => api<GettingStartedView>('GET', '/getting-started'),
  // The steps are done on other pages, whose changes the stream does not announce: read it
  // again each time the checklist opens, however recently it was read.
  staleTime: 0,
});

// Hiding the checklist is a choice of this browser's admin, not a setting of Tocsin: nothing
// else depends on it, and the page stays in the navigation.
const HIDDEN = 'tocsin.getting-started.hidden';

export function isHidden(): boolean {
  try {
    return window.localStorage.getItem(HIDDEN) === '1';
  } catch {
    return false;
  }
}

export function setHidden(hidden: boolean): void {
  try {
    if (hidden) window.localStorage.setItem(HIDDEN, '1');
    else window.localStorage.removeItem(HIDDEN);
  } catch {
    // Storage refused (private mode): the checklist just keeps showing.
  }
}

/**
 * Whether an admin opening Tocsin lands on the checklist: while nothing can send it an alert
 * yet (no integration), unless hidden. Once alerts can arrive, Now is the page that matters;
 * the checklist's last steps stay one click away in the navigation.
 */
export function landsOnChecklist(view: GettingStartedView): boolean {
  return !isHidden() && view.steps.some((s) => s.key === 'integration' && !s.done);
}
