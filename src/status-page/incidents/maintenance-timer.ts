import { systemActor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Db, Dialect } from '../../platform/db/connect.ts';
import type { PublicIncidentStatus } from '../../platform/db/tables/status-page.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { PUBLIC_ONLY } from '../../platform/outbound/address.ts';
import { applyPublicUpdate } from './apply-update.ts';
import { presentPublicUpdate } from './presenter.ts';
import { dueMaintenances, findPublicIncident, maintenanceDueQueries } from './repository.ts';

/**
 * The engine's side of scheduled maintenance with auto_transition: at scheduled_for it moves
 * to in_progress (its components under_maintenance), at scheduled_until to completed (they
 * return), each as an automatic update that subscribers hear of. One transaction per move, and
 * the move is conditional on the status it moves from, so with several engines each happens
 * exactly once. The maintenance window needs nothing: it has the same period.
 */

export const STARTED_BODY =
  'Scheduled maintenance is currently in progress. We will provide updates as necessary.';
export const COMPLETED_BODY = 'The scheduled maintenance has been completed.';

export interface MaintenanceTimerDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
}

/** One pass; returns how many maintenances it moved. */
export async function runDueMaintenance(deps: MaintenanceTimerDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const due = await dueMaintenances(deps.db, now, limit);
  let moved = 0;
  for (const m of due) {
    const ctx: Ctx = {
      actor: systemActor('engine'),
      db: deps.db,
      dialect: deps.dialect,
      clock: deps.clock,
      outbound: PUBLIC_ONLY,
    };
    const done = await inTransaction(ctx, async (ctx) => {
      const row = await findPublicIncident(ctx.db, m.id);
      if (row === undefined) return false;
      const starting = m.status === 'scheduled';
      const from: PublicIncidentStatus[] = starting ? ['scheduled'] : ['in_progress', 'verifying'];
      const update = await applyPublicUpdate(
        ctx,
        row,
        {
          status: starting ? 'in_progress' : 'completed',
          body: starting ? STARTED_BODY : COMPLETED_BODY,
          deliver: true,
        },
        { from },
      );
      if (update === undefined) return false;
      await recordAudit(ctx, {
        action: 'status_page.update.post',
        targetType: 'status_incident',
        targetId: row.id,
        after: presentPublicUpdate(update, new Map()),
      });
      return true;
    });
    if (done) moved++;
  }
  return moved;
}

/** For the engine's sleep: when the next automatic moves are due. */
export { maintenanceDueQueries };
