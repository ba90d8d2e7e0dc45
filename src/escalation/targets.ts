import { onCallAt } from '../oncall/core/schedule.ts';
import { loadSpecs, parseParticipants } from '../oncall/load.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { EscalationTarget } from '../platform/db/tables/escalation.ts';
import {
  activeUserIds,
  bumpCounter,
  layerVersionsOfSchedule,
  schedulesWithId,
  teamMemberIds,
} from './repository.ts';

/**
 * Who a level's targets mean at `now`: users as themselves, a team as its members, a schedule
 * as whoever `onCallAt` says, round-robin as the next participant of the schedule (a counter row
 * per policy level, so successive incidents go to successive people on every node). The result
 * is distinct, existing, active (not deactivated) users in target order.
 */
export async function resolveTargets(
  db: Queryable,
  targets: EscalationTarget[],
  now: number,
  roundRobinKey: string,
): Promise<string[]> {
  const out: string[] = [];
  const add = (id: string | null | undefined) => {
    if (id && !out.includes(id)) out.push(id);
  };
  for (const t of targets) {
    switch (t.type) {
      case 'user':
        add(t.id);
        break;
      case 'team': {
        const members = await teamMemberIds(db, t.id);
        for (const m of members) add(m.user_id);
        break;
      }
      case 'schedule': {
        const rows = await schedulesWithId(db, t.id);
        const spec = (await loadSpecs(db, rows, now, now + 1)).get(t.id);
        if (spec) add(onCallAt(spec, now)?.userId);
        break;
      }
      case 'schedule_round_robin':
        add(await nextParticipant(db, t.id, `${roundRobinKey}:${t.id}`));
        break;
      default: {
        const unknown: never = t.type;
        throw new Error(`unknown escalation target type ${String(unknown)}`);
      }
    }
  }
  if (out.length === 0) return out;
  // Deleted and deactivated users stay in rotations and policies but can never be paged: a
  // schedule slot of theirs resolves to nobody, and a level left with nobody is skipped.
  const pageable = await activeUserIds(db, out);
  return out.filter((id) => pageable.has(id));
}

/** The schedule's participants (every layer's current rotation, in order), taken in turn. */
async function nextParticipant(db: Queryable, scheduleId: string, counter: string): Promise<string | null> {
  const versions = await layerVersionsOfSchedule(db, scheduleId);
  const people: string[] = [];
  const seenLayers = new Set<string>();
  for (const v of versions) {
    // The newest version of each layer is its current rotation.
    if (seenLayers.has(v.layer_id)) continue;
    seenLayers.add(v.layer_id);
    for (const p of parseParticipants(v.participants)) if (!people.includes(p)) people.push(p);
  }
  if (people.length === 0) return null;
  const value = await bumpCounter(db, counter);
  return people[(value - 1) % people.length]!;
}
