import type { Clock } from '../platform/clock.ts';
import { type Db, type Dialect, isUniqueViolation } from '../platform/db/connect.ts';
import { GroupCommit } from '../platform/db/group-commit.ts';
import type { EventResult, IngestEvent } from './event.ts';
import { processBatch } from './process.ts';

/**
 * Alerts through group commit (platform/db/group-commit.ts): the events of every request that
 * arrived meanwhile go through one processBatch in one transaction.
 */
const MAX_EVENTS_PER_COMMIT = 2000;
const RETRIES = 3;

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  // Another node created the same open alert first, or PostgreSQL broke a deadlock: reread and retry.
  return isUniqueViolation(e) || code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

export class GroupCommitter {
  private readonly group: GroupCommit<IngestEvent[], EventResult[]>;

  constructor(private readonly deps: { db: Db; dialect: Dialect; clock: Clock }) {
    this.group = new GroupCommit({
      commit: async (requests) => {
        const results = await this.commit(requests.flat());
        let i = 0;
        return requests.map((events) => results.slice(i, (i += events.length)));
      },
      size: (events) => events.length,
      maxPerCommit: MAX_EVENTS_PER_COMMIT,
    });
  }

  submit(events: IngestEvent[]): Promise<EventResult[]> {
    if (events.length === 0) return Promise.resolve([]);
    return this.group.submit(events);
  }

  /** Resolves when everything submitted so far is committed (for shutdown). */
  flush(): Promise<void> {
    return this.group.flush();
  }

  private async commit(events: IngestEvent[]): Promise<EventResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.db
          .transaction()
          .execute((trx) => processBatch(trx, this.deps.dialect, events, this.deps.clock.now()));
      } catch (e) {
        if (attempt >= RETRIES || !isRetryable(e)) throw e;
      }
    }
  }
}
