import { Alert } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from './api.ts';
import { useMe } from './session.tsx';
import type { Page, TeamMemberView, TeamView } from './types.ts';

/**
 * What the API lets a person change by their team role (src/teams/access.ts): admins change
 * everything; a responder who manages a team changes its schedules and escalation policies;
 * viewers and plain members change none. Pages ask here before showing a button, so nobody is
 * offered what the API would refuse them.
 */
const members = (teamId: string) => ({
  // The key TeamsPage refreshes when an admin changes a team's members.
  queryKey: ['people', 'team', teamId, 'members'],
  queryFn: () => api<Page<TeamMemberView>>('GET', `/teams/${encodeURIComponent(teamId)}/members?limit=500`),
});

/**
 * The signed-in person's standing in team `teamId`: `'admin'` (acts everywhere), their team role,
 * or null (not a member, a viewer, or no team); undefined while that is not known yet.
 */
function useStanding(teamId: string | null | undefined): 'admin' | 'manager' | 'member' | null | undefined {
  const me = useMe().data?.user;
  const list = useQuery({
    ...members(teamId ?? ''),
    enabled: me?.role === 'responder' && typeof teamId === 'string',
  });
  if (me === undefined) return undefined;
  if (me.role === 'admin') return 'admin';
  if (me.role !== 'responder' || teamId === null) return null;
  if (list.data === undefined) return undefined;
  const mine = list.data.data.find((m) => m.user_id === me.id);
  return mine === undefined ? null : mine.role === 'manager' ? 'manager' : 'member';
}

/**
 * Whether the signed-in person may change what team `teamId` owns (null: no team, admins only);
 * undefined while that is not known yet.
 */
export function useManagesTeam(teamId: string | null | undefined): boolean | undefined {
  const standing = useStanding(teamId);
  return standing === undefined ? undefined : standing === 'admin' || standing === 'manager';
}

/**
 * Whether the signed-in person may act on what team `teamId` owns as a responder (open an
 * incident on its service, send it a test alert): admins and the team's members.
 */
export function useActsForTeam(teamId: string | null | undefined): boolean | undefined {
  const standing = useStanding(teamId);
  return standing === undefined ? undefined : standing !== null;
}

/** The ids of the teams the signed-in person manages: `'all'` for an admin; undefined while loading. */
export function useManagedTeams(): 'all' | string[] | undefined {
  const me = useMe().data?.user;
  const mine = useQuery({
    queryKey: ['people', 'teams-of', me?.id],
    queryFn: () => api<Page<TeamView>>('GET', `/teams?limit=500&user_id=${encodeURIComponent(me?.id ?? '')}`),
    enabled: me?.role === 'responder',
  });
  const teams = me?.role === 'responder' ? (mine.data?.data ?? []) : [];
  const lists = useQueries({ queries: teams.map((t) => members(t.id)) });
  if (me === undefined) return undefined;
  if (me.role === 'admin') return 'all';
  if (me.role !== 'responder') return [];
  if (!mine.data || lists.some((l) => !l.data)) return undefined;
  return teams
    .filter((_, i) => lists[i]!.data!.data.some((m) => m.user_id === me.id && m.role === 'manager'))
    .map((t) => t.id);
}

/**
 * A page that changes a team's things, opened by its address by someone who may not: a plain
 * refusal instead of a form the API would refuse. Nothing while `allowed` is not known yet.
 */
export function ManagersOnly({
  allowed,
  what,
  children,
}: {
  allowed: boolean | undefined;
  what: string;
  children: ReactNode;
}) {
  if (allowed === undefined) return null;
  if (allowed) return children;
  return (
    <Alert color="orange" role="alert" title="Not yours to change">
      Only admins and the managers of its team can change {what}. Ask one of them if you need a change.
    </Alert>
  );
}
