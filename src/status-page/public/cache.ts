import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Clock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { type PageData, loadPageData } from './page-data.ts';
import { readFingerprint } from './repository.ts';

/**
 * The public page is what the world reloads during an outage, so it is served from memory: one
 * snapshot of the page's data per node, and every answer rendered from it once (bytes + ETag),
 * then reused until the data changes.
 *
 * Freshness without a query per request: at most every CHECK_MS a node asks the database
 * whether anything changed (readFingerprint: newest updated_at and count of each status table),
 * and rebuilds when it did. A request that finds the last check older than CHECK_MS answers from
 * the snapshot at once and starts the check in the background; one that finds it older than
 * STALE_MS (nobody asked for a while) waits for the check, so no answer is ever more than
 * STALE_MS behind the database: an update is visible on every node within 2 s. The snapshot is
 * also rebuilt every REBUILD_MS regardless: today's uptime bar grows with the clock, and the
 * 90-day window moves at midnight.
 */

export const CHECK_MS = 500;
export const STALE_MS = 1500;
export const REBUILD_MS = 60_000;
/** Rendered pages kept per snapshot (history pages, incident pages); past this the memo restarts. */
const MEMO_LIMIT = 500;

/** Smaller bodies are sent as they are: gzip's header and the CPU would gain nothing. */
const GZIP_MIN_BYTES = 1024;

export interface Rendered {
  status: number;
  body: Buffer;
  etag: string;
  type: string;
  /** The body gzipped once per snapshot (browsers and CDNs ask for it), with its own ETag. */
  gzip: { body: Buffer; etag: string } | undefined;
}

export function rendered(body: string | Buffer, type: string, status = 200): Rendered {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const tag = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  const gzip = bytes.length < GZIP_MIN_BYTES ? undefined : { body: gzipSync(bytes), etag: `"${tag}-gz"` };
  return { status, body: bytes, etag: `"${tag}"`, type, gzip };
}

export class Snapshot {
  private readonly memo = new Map<string, Promise<Rendered>>();
  /** Renderings that have finished, for the synchronous path (PublicPageCache.ready). */
  private readonly done = new Map<string, Rendered>();
  constructor(
    readonly fingerprint: string,
    readonly builtAt: number,
    readonly data: PageData,
  ) {}

  /** `make()` once per key for this snapshot; concurrent callers share the one rendering. */
  render(key: string, make: () => Rendered | Promise<Rendered>): Promise<Rendered> {
    let hit = this.memo.get(key);
    if (hit === undefined) {
      if (this.memo.size >= MEMO_LIMIT) {
        this.memo.clear();
        this.done.clear();
      }
      hit = Promise.resolve().then(make);
      hit.then(
        (r) => this.done.set(key, r),
        // A failed rendering is not kept: the next request tries again.
        () => this.memo.delete(key),
      );
      this.memo.set(key, hit);
    }
    return hit;
  }

  rendered(key: string): Rendered | undefined {
    return this.done.get(key);
  }
}

export interface CacheDeps {
  db: Queryable;
  clock: Clock;
  tocsinPublicUrl: string;
}

export class PublicPageCache {
  private snapshot: Snapshot | undefined;
  private lastCheck = -Infinity;
  private inflight: Promise<Snapshot> | undefined;

  constructor(
    private readonly deps: CacheDeps,
    /** Monotonic milliseconds for the check timing (real time even under a test clock). */
    private readonly tick: () => number = () => performance.now(),
  ) {}

  async current(): Promise<Snapshot> {
    const age = this.tick() - this.lastCheck;
    const snap = this.snapshot;
    if (snap !== undefined && age < CHECK_MS) return snap;
    if (snap !== undefined && age < STALE_MS) {
      // Answer now; the background check's failure shows up on a later, waiting request.
      this.refresh().catch(() => undefined);
      return snap;
    }
    return this.refresh();
  }

  /**
   * The answer for `key` when it can be given without waiting: the snapshot is fresh (checked
   * within CHECK_MS) and the key already rendered. The hot path of an outage: no promise, no I/O.
   */
  ready(key: string): { snap: Snapshot; r: Rendered } | undefined {
    const snap = this.snapshot;
    if (snap === undefined || this.tick() - this.lastCheck >= CHECK_MS) return undefined;
    const r = snap.rendered(key);
    return r === undefined ? undefined : { snap, r };
  }

  /** The next request checks the database (after a write this node made itself). */
  invalidate(): void {
    this.lastCheck = -Infinity;
  }

  private refresh(): Promise<Snapshot> {
    this.inflight ??= this.check().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async check(): Promise<Snapshot> {
    const started = this.tick();
    const fingerprint = await readFingerprint(this.deps.db);
    const snap = this.snapshot;
    if (snap !== undefined && snap.fingerprint === fingerprint && started - snap.builtAt < REBUILD_MS) {
      this.lastCheck = started;
      return snap;
    }
    const data = await loadPageData({
      db: this.deps.db,
      tocsinPublicUrl: this.deps.tocsinPublicUrl,
      now: this.deps.clock.now(),
    });
    // The fingerprint read before the load: a write landing in between makes the next check
    // see a new fingerprint and load again, never a snapshot newer than its fingerprint says.
    const next = new Snapshot(fingerprint, started, data);
    this.snapshot = next;
    this.lastCheck = started;
    return next;
  }
}
