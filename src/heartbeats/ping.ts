import type { Dialect, Db } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { heartbeatEvent } from '../ingest/heartbeat-event.ts';
import { processBatch } from '../ingest/process.ts';
import {
  findHeartbeatForUpdate,
  markHeartbeatDown,
  markHeartbeatUp,
  setHeartbeatStartedAt,
} from './repository.ts';

/**
 * Healthchecks.io-style pings. A success ping marks the monitor up and sets when the next one
 * is due (period + grace); the engine opens an alert once that passes (see engine/timers.ts).
 * `/fail` opens the alert at once; the next success resolves it. State and alert change in one
 * transaction, so a crash cannot leave a monitor up with its alert still open, or the reverse.
 */
export type PingKind = 'success' | 'start' | 'fail';

export { heartbeatDedupKey, heartbeatEvent } from '../ingest/heartbeat-event.ts';

export async function ping(
  deps: { db: Db; dialect: Dialect },
  integration: Row<'integrations'>,
  kind: PingKind,
  now: number,
  body: unknown,
): Promise<{ state: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const hb = await findHeartbeatForUpdate(trx, deps.dialect, integration.id);
    const payload = { ping: kind, body };
    switch (kind) {
      case 'start':
        await setHeartbeatStartedAt(trx, hb.integration_id, now);
        return { state: hb.state === 'down' ? 'down' : 'started' };
      case 'fail':
        await markHeartbeatDown(trx, hb.integration_id, now);
        await processBatch(
          trx,
          deps.dialect,
          [heartbeatEvent(integration, 'trigger', `${integration.name} reported a failure`, now, payload)],
          now,
        );
        return { state: 'down' };
      case 'success': {
        const dueAt = now + (hb.period_seconds + hb.grace_seconds) * 1000;
        await markHeartbeatUp(trx, hb.integration_id, now, dueAt);
        if (hb.state === 'down') {
          await processBatch(
            trx,
            deps.dialect,
            [heartbeatEvent(integration, 'resolve', `${integration.name} is back`, now, payload)],
            now,
          );
        }
        return { state: 'up' };
      }
    }
  });
}
