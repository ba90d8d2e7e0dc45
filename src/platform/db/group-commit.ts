/**
 * Group commit: requests that arrive while a transaction is committing wait and are committed
 * together in the next one, so N concurrent requests cost one transaction (one fsync) instead
 * of N. Every caller's promise settles only after its item is durable. Used by ingest (alerts)
 * and by SLO counts; `commit` writes a batch in one transaction and answers one result per item.
 */
interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

const RETRIES = 3;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class GroupCommit<T, R> {
  private queue: Waiting<T, R>[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly opts: {
      /** Writes the batch in one transaction; one result per item, in order. */
      commit: (items: T[]) => Promise<R[]>;
      /** An item's weight against `maxPerCommit` (e.g. the alerts in a request). */
      size: (item: T) => number;
      maxPerCommit: number;
      /** Errors worth committing the same batch again for (up to three tries in all). */
      retryable?: (e: unknown) => boolean;
    },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
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
      const batch: Waiting<T, R>[] = [];
      let size = 0;
      while (
        this.queue.length > 0 &&
        (batch.length === 0 || size + this.opts.size(this.queue[0]!.item) <= this.opts.maxPerCommit)
      ) {
        const w = this.queue.shift()!;
        batch.push(w);
        size += this.opts.size(w.item);
      }
      try {
        const results = await this.attempt(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch {
        // One bad request must not fail the others it was batched with: commit each alone.
        for (const w of batch) {
          try {
            w.resolve((await this.attempt([w.item]))[0]!);
          } catch (e) {
            w.reject(e);
          }
        }
      }
      await nextTurn();
    }
  }

  private async attempt(items: T[]): Promise<R[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.opts.commit(items);
      } catch (e) {
        if (attempt >= RETRIES || !(this.opts.retryable?.(e) ?? false)) throw e;
      }
    }
  }
}
