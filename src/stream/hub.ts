import type { FastifyBaseLogger } from 'fastify';
import { CHANGES_CHANNEL } from '../platform/changes.ts';
import type { Db, DbHandle } from '../platform/db/connect.ts';
import { idFloorAt, idTime } from '../platform/ids.ts';
import { type StreamEvent, onCallEvents, timelineEvents } from './events.ts';
import {
  lastAuditSeq,
  newestTimelineId,
  onCallChangesAfter,
  timelineByIds,
  timelineIdsSince,
} from './repository.ts';

/**
 * One per process: hears the change signal (LISTEN on PostgreSQL, in-process on SQLite), reads
 * what changed once, and hands it to every open stream of this process. A browser's stream
 * never queries on a change itself, so a thousand open tabs cost one read per change.
 *
 * Timeline ids are made before their transaction commits, so a slow transaction can commit an
 * entry whose id sorts before one already sent. The hub therefore re-reads the ids of the last
 * LAG_MS (by id time, and by recorded_at for backdated entries) and sends those it has not sent.
 * On-call changes come from the audit log, whose `seq` is commit order: no window needed.
 */
export const LAG_MS = 10_000;
const PAGE = 500;

export interface Subscriber {
  deliver(events: StreamEvent[]): void;
}

export interface Hub {
  /** Registers a stream; resolves once the hub hears changes, with the positions it starts from. */
  subscribe(s: Subscriber): Promise<() => void>;
  /** The newest timeline id and audit seq the hub has read (a fresh stream starts there). */
  position(): { timelineId: string | undefined; seq: number };
  close(): Promise<void>;
}

export function createHub(
  db: Db,
  listen: DbHandle['listen'] | undefined,
  now: () => number,
  log: FastifyBaseLogger,
): Hub {
  const subscribers = new Set<Subscriber>();
  /** Ids sent, with the time that keeps them in the re-read window (id time, or recorded_at). */
  const recent = new Map<string, number>();
  let top: string | undefined;
  let seq = 0;
  let started: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let running = false;
  let again = false;
  let closed = false;

  const windowStart = () => Math.min(top === undefined ? 0 : (idTime(top) ?? 0), now()) - LAG_MS;

  const readWindow = async () => {
    const from = windowStart();
    const floor = idFloorAt('tl', from);
    const rows = await timelineIdsSince(db, floor, from);
    return rows.map((r) => ({ id: r.id, key: r.id >= floor ? (idTime(r.id) ?? 0) : (r.recorded_at ?? 0) }));
  };

  const fanOut = (events: StreamEvent[]) => {
    if (events.length === 0) return;
    for (const s of subscribers) s.deliver(events);
  };

  const pollOnce = async () => {
    const fresh = (await readWindow()).filter((r) => !recent.has(r.id));
    for (let i = 0; i < fresh.length; i += PAGE) {
      const slice = fresh.slice(i, i + PAGE);
      const rows = await timelineByIds(
        db,
        slice.map((r) => r.id),
      );
      for (const r of slice) recent.set(r.id, r.key);
      for (const r of rows) if (top === undefined || r.id > top) top = r.id;
      fanOut(await timelineEvents(db, rows));
    }
    const from = windowStart();
    for (const [id, key] of recent) if (key < from) recent.delete(id);
    for (;;) {
      const changes = await onCallChangesAfter(db, seq, PAGE);
      if (changes.length === 0) break;
      seq = changes[changes.length - 1]!.seq;
      fanOut(onCallEvents(changes));
      if (changes.length < PAGE) break;
    }
  };

  // One read at a time; signals during a read make one more read, not one each.
  const poke = () => {
    if (closed || started === undefined) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        await started;
        do {
          again = false;
          await pollOnce();
        } while (again && !closed);
      } catch (e) {
        log.warn({ err: e }, 'live stream: reading changes failed; retrying on the next change');
      } finally {
        running = false;
      }
    })();
  };

  const start = async () => {
    top = await newestTimelineId(db);
    const aSeq = await lastAuditSeq(db);
    // The audit seq is read after the timeline: a change committed in between is then read twice
    // at worst (the timeline window skips what it has), never missed.
    seq = aSeq;
    for (const r of await readWindow()) recent.set(r.id, r.key);
    unlisten = listen?.(CHANGES_CHANNEL, poke, (e) =>
      log.warn({ err: e }, 'live stream: LISTEN failed; reconnecting'),
    );
  };

  return {
    async subscribe(s) {
      // A failed start (the database away) is tried again by the next browser, not remembered.
      started ??= start().catch((e: unknown) => {
        started = undefined;
        throw e;
      });
      await started;
      subscribers.add(s);
      return () => {
        subscribers.delete(s);
      };
    },
    position: () => ({ timelineId: top, seq }),
    async close() {
      closed = true;
      subscribers.clear();
      await unlisten?.();
    },
  };
}
