import type { Queryable } from '../../platform/db/connect.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorUserIds, loadActorNames } from '../../users/actors.ts';
import { ALERTS_SHOWN, type FactsPerson, type IncidentFacts } from './facts.ts';
import { EVERY_OCCURRENCE, FIRST_ONLY, type KeyEntryRow, keyEvents } from './key-events.ts';
import {
  actionItemsOf,
  firstTimelineEntry,
  incidentRow,
  incidentServiceNames,
  linkedAlerts,
  peopleByIds,
  roleAssignmentsOf,
  timelineActorRefs,
  timelineEntriesOf,
} from './repository.ts';

/** A guard, not a limit anyone should meet: an incident with more key events is summarised by its first. */
const KEY_EVENTS_MAX = 1000;

/** Everything the draft is written from, read in one pass over the incident's existing tables. */
export async function loadIncidentFacts(db: Queryable, incidentId: string): Promise<IncidentFacts> {
  const row = await incidentRow(db, incidentId);
  if (row === undefined) throw NotFoundError.of('incident', incidentId);

  const entries: KeyEntryRow[] = await timelineEntriesOf(db, row.id, EVERY_OCCURRENCE, KEY_EVENTS_MAX);
  for (const kinds of FIRST_ONLY) {
    const first = await firstTimelineEntry(db, row.id, kinds);
    if (first !== undefined) entries.push(first);
  }
  const alerts = await linkedAlerts(db, row.id, ALERTS_SHOWN);
  const names = await loadActorNames(
    db,
    entries.map((e) => e.actor),
  );

  return {
    incident: {
      id: row.id,
      number: row.number,
      title: row.title,
      description: row.description,
      severity: row.severity,
      status: row.status,
      origin: row.origin,
      created_at: row.created_at,
      acknowledged_at: row.acknowledged_at,
      mitigated_at: row.mitigated_at,
      resolved_at: row.resolved_at,
      closed_at: row.closed_at,
    },
    services: await incidentServiceNames(db, row.id, row.service_id),
    events: keyEvents(entries, alerts[0], names),
    people: await peopleInvolved(db, row.id),
    alerts,
    alert_count: Math.max(row.alert_count, alerts.length),
    action_items: await actionItemsOf(db, row.id),
  };
}

/** Role holders (in the order they first took a role), then whoever else acted, by name. */
async function peopleInvolved(db: Queryable, incidentId: string): Promise<FactsPerson[]> {
  const assignments = await roleAssignmentsOf(db, incidentId);
  const acted = actorUserIds(await timelineActorRefs(db, incidentId));
  const ids = [...new Set([...assignments.map((a) => a.user_id), ...acted])];
  const users = new Map((await peopleByIds(db, ids)).map((u) => [u.id, u]));
  const people = new Map<string, FactsPerson>();
  for (const id of ids) {
    const user = users.get(id);
    // A deleted user's entries stay on the timeline; there is nobody left to name.
    if (user !== undefined) people.set(id, { ...user, roles: [] });
  }
  for (const a of assignments) {
    people.get(a.user_id)?.roles.push({
      role: a.role,
      name: a.role_name ?? a.role,
      assigned_at: a.assigned_at,
      ended_at: a.ended_at,
    });
  }
  const all = [...people.values()];
  const withRoles = all.filter((p) => p.roles.length > 0);
  const without = all.filter((p) => p.roles.length === 0).sort((a, b) => a.name.localeCompare(b.name));
  return [...withRoles, ...without];
}
