import type { Clock } from '../platform/clock.ts';
import { type Db, type Dialect, isUniqueViolation } from '../platform/db/connect.ts';
import type { EventResult, IngestEvent } from './event.ts';
import { processBatch } from './process.ts';

/**
 * Group commit: requests that arrive while a transaction is committing wait and are committed
 * together in the next one, so N concurrent requests cost one transaction (one fsync) instead
 * of N. Every caller's promise settles only after its events are durable.
 */
interface Waiting {
  events: IngestEvent[];
  resolve(results: EventResult[]): void;
  reject(error: unknown): void;
}

const MAX_EVENTS_PER_COMMIT = 2000;
const RETRIES = 3;

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  // Another node created the same open alert first, or PostgreSQL broke a deadlock: reread and retry.
  return isUniqueViolation(e) || code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class GroupCommitter {
  private queue: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly deps: { db: Db; dialect: Dialect; clock: Clock }) {}

  submit(events: IngestEvent[]): Promise<EventResult[]> {
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Resolves when everything submitted so far is committed (for shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Each batch is cut one event-loop turn late (setImmediate runs after the poll phase), so
    // every request whose bytes arrived meanwhile is parsed and queued first. On SQLite this is
    // what makes group commit work at all: better-sqlite3 is synchronous, so a commit (and its
    // fsync) blocks the loop, nothing can join it, and without the yield the next request would
    // start its own transaction before the others queued behind it had even been read.
    await nextTurn();
    while (this.queue.length > 0) {
      const batch: Waiting[] = [];
      let size = 0;
      while (
        this.queue.length > 0 &&
        (batch.length === 0 || size + this.queue[0]!.events.length <= MAX_EVENTS_PER_COMMIT)
      ) {
        const w = this.queue.shift()!;
        batch.push(w);
        size += w.events.length;
      }
      try {
        const results = await this.commit(batch.flatMap((w) => w.events));
        let i = 0;
        for (const w of batch) {
          w.resolve(results.slice(i, i + w.events.length));
          i += w.events.length;
        }
      } catch {
        // One bad request must not fail the others it was batched with: commit each alone.
        for (const w of batch) {
          try {
            w.resolve(await this.commit(w.events));
          } catch (e) {
            w.reject(e);
          }
        }
      }
      await nextTurn();
    }
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
