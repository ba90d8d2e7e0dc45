import type { Clock } from '../platform/clock.ts';
import { type Db, type Dialect, isTransient, isUniqueViolation } from '../platform/db/connect.ts';
import { GroupCommit } from '../platform/db/group-commit.ts';
import type { EventResult, IngestEvent } from './event.ts';
import { processBatch } from './process.ts';

/**
 * Alerts through group commit (platform/db/group-commit.ts): the events of every request that
 * arrived meanwhile go through one processBatch in one transaction.
 */
const MAX_EVENTS_PER_COMMIT = 2000;

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
      // Another node created the same open alert first, or PostgreSQL broke a deadlock: reread and retry.
      retryable: (e) => isUniqueViolation(e) || isTransient(e),
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

  private commit(events: IngestEvent[]): Promise<EventResult[]> {
    return this.deps.db
      .transaction()
      .execute((trx) => processBatch(trx, this.deps.dialect, events, this.deps.clock.now()));
  }
}
