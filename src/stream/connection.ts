import type { ServerResponse } from 'node:http';
import type { StreamEvent } from './events.ts';
import type { Subscriber } from './hub.ts';

/** Past this many bytes waiting for a slow browser, the stream ends; the browser resumes from the database. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Hub events held while a resuming stream reads what it missed; more means the read is far behind. */
const MAX_PENDING_EVENTS = 10_000;
/** Timeline ids sent lately, so the replay/live hand-over and late commits never send one twice. */
const SEEN_IDS = 5_000;

export interface Position {
  timelineId: string | undefined;
  seq: number;
}

/** `<timeline id>~<audit seq>`: what a browser sends back as Last-Event-ID. */
export function formatPosition(p: Position): string {
  return `${p.timelineId ?? ''}~${p.seq}`;
}

export function parsePosition(text: string): Position | undefined {
  const m = /^(tl_[0-9A-HJKMNP-TV-Z]{26})?~(\d{1,15})$/.exec(text);
  if (m === null) return undefined;
  return { timelineId: m[1], seq: Number(m[2]) };
}

/**
 * One browser's stream: Server-Sent Events written to the raw response. While it resumes
 * (`replaying`), hub events wait in `pending`; afterwards they are written at once, or queued
 * while the socket is full, up to MAX_BUFFERED_BYTES.
 */
export class StreamConnection implements Subscriber {
  readonly position: Position;
  private replaying = true;
  private pending: StreamEvent[] = [];
  private queue: string[] = [];
  private queuedBytes = 0;
  private full = false;
  private seen = new Set<string>();
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    start: Position,
    private readonly mayRead: (e: StreamEvent) => boolean,
    private readonly onEnd: () => void,
  ) {
    this.position = { ...start };
    res.on('drain', () => this.drain());
    res.on('close', () => this.end());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  deliver(events: StreamEvent[]): void {
    if (this.closed) return;
    if (this.replaying) {
      this.pending.push(...events);
      if (this.pending.length > MAX_PENDING_EVENTS) this.end();
      return;
    }
    this.send(events);
  }

  /** Ends the resume: what the hub sent meanwhile goes out, less what the resume already sent. */
  live(): void {
    this.replaying = false;
    const pending = this.pending;
    this.pending = [];
    this.send(pending);
  }

  send(events: StreamEvent[]): void {
    let frames = '';
    for (const e of events) {
      if (!this.mayRead(e)) continue;
      if (e.kind === 'timeline') {
        if (this.seen.has(e.timelineId)) continue;
        this.remember(e.timelineId);
        const p = this.position;
        if (p.timelineId === undefined || e.timelineId > p.timelineId) p.timelineId = e.timelineId;
        frames += this.frame('timeline', e.data, true);
      } else if (e.kind === 'oncall') {
        if (e.seq <= this.position.seq) continue;
        this.position.seq = e.seq;
        frames += this.frame('oncall', e.data, true);
      } else {
        frames += this.frame('incident', e.data, false);
      }
    }
    if (frames !== '') this.write(frames);
  }

  /** An event outside the change log: `ready`, `reset`, `end`. */
  sendControl(event: string, data: unknown): void {
    this.write(this.frame(event, JSON.stringify(data), true));
  }

  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.pending = [];
    this.res.end();
    this.onEnd();
  }

  /**
   * The incident snapshot carries no id: a browser that drops right after it resumes from the
   * entry before, and gets the snapshot again (it is state, not a log line).
   */
  private frame(event: string, data: string, withId: boolean): string {
    const id = withId ? `id: ${formatPosition(this.position)}\n` : '';
    return `event: ${event}\n${id}data: ${data}\n\n`;
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value!);
  }

  private write(text: string): void {
    if (this.closed) return;
    if (this.full) {
      this.queue.push(text);
      this.queuedBytes += Buffer.byteLength(text);
      // A browser this far behind is better served by reconnecting: its resume reads the database.
      if (this.queuedBytes > MAX_BUFFERED_BYTES) this.end();
      return;
    }
    this.full = !this.res.write(text);
  }

  private drain(): void {
    this.full = false;
    while (!this.full && this.queue.length > 0) {
      const text = this.queue.shift()!;
      this.queuedBytes -= Buffer.byteLength(text);
      this.full = !this.res.write(text);
    }
  }
}
