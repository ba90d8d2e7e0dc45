import type { IncidentStatus } from '../platform/db/tables/incidents.ts';

/**
 * The incident status machine, pure so every path (API, signed links, CLI) and the 409 answers
 * agree on it: triggered -> acknowledged -> mitigated -> resolved -> closed, with reopen.
 * Postmortem requirements for closing depend on settings and are checked by the caller.
 */
export const LIFECYCLE_ACTIONS = ['acknowledge', 'mitigate', 'resolve', 'close', 'reopen'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

interface Rule {
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  /** How the action reads in "it can be: ..." answers. */
  past: string;
}

export const TRANSITIONS: Readonly<Record<LifecycleAction, Rule>> = {
  acknowledge: { from: ['triggered'], to: 'acknowledged', past: 'acknowledged' },
  mitigate: { from: ['triggered', 'acknowledged'], to: 'mitigated', past: 'mitigated' },
  resolve: { from: ['triggered', 'acknowledged', 'mitigated'], to: 'resolved', past: 'resolved' },
  close: { from: ['resolved'], to: 'closed', past: 'closed' },
  // A human reopened it and is on it, so it comes back acknowledged and pages nobody.
  reopen: { from: ['mitigated', 'resolved', 'closed'], to: 'acknowledged', past: 'reopened' },
};

export interface TransitionState {
  /** merged_into_id is set: the incident lives on in its survivor and takes no action. */
  merged: boolean;
}

/** The actions an incident in `status` can take now, in lifecycle order. */
export function allowedActions(status: IncidentStatus, state: TransitionState): LifecycleAction[] {
  if (state.merged) return [];
  return LIFECYCLE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

export type TransitionCheck = { ok: true; to: IncidentStatus } | { ok: false; allowed: LifecycleAction[] };

export function checkTransition(
  status: IncidentStatus,
  action: LifecycleAction,
  state: TransitionState,
): TransitionCheck {
  const allowed = allowedActions(status, state);
  return allowed.includes(action) ? { ok: true, to: TRANSITIONS[action].to } : { ok: false, allowed };
}

/**
 * `INC-3 is resolved; it can be: closed, reopened`, or `... is already resolved; ...` when the
 * refused action would have led where the incident already is (a second click, a race).
 * `mergedInto` is the survivor's reference for a merged incident.
 */
export function refusal(
  ref: string,
  status: IncidentStatus,
  action: LifecycleAction,
  allowed: readonly LifecycleAction[],
  mergedInto?: string,
): string {
  const already = TRANSITIONS[action].to === status && action !== 'reopen' ? 'already ' : '';
  const can =
    allowed.length > 0
      ? allowed.map((a) => TRANSITIONS[a].past).join(', ')
      : mergedInto !== undefined
        ? `nothing (merged into ${mergedInto})`
        : 'nothing';
  return `${ref} is ${already}${status}; it can be: ${can}`;
}
