/**
 * A webhook receiver for paging benchmarks, in its own process (page-receiver-child.ts) so the
 * load generator's event loop cannot delay when a page is seen, nor the receiver slow the load.
 * Both processes read the clock as `performance.timeOrigin + performance.now()` (epoch ms,
 * sub-millisecond); `clockOffset` measures how far apart the two readings are, and arrivals are
 * returned already converted to this process's clock.
 *
 * Pages are matched to the alerts that caused them by key: every benchmark alert carries a key
 * `bk-<run>-<phase>-<n>` in its summary (Tocsin) or labels (Alertmanager), which the page body
 * repeats. `alertKey` builds one.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Arrival {
  /** Epoch ms when the whole request had arrived. */
  t: number;
  path: string;
  idem: string | null;
  /** Distinct benchmark alert keys named in the body. */
  keys: string[];
  bytes: number;
}

export type ReceiverRequest = { type: 'clock'; id: number } | { type: 'take'; id: number } | { type: 'stop' };

export type ReceiverReply =
  | { type: 'ready'; port: number }
  | { type: 'clock'; id: number; t: number }
  | { type: 'take'; id: number; arrivals: Arrival[]; total: number };

export const now = (): number => performance.timeOrigin + performance.now();

export function alertKey(run: string, phase: string, n: number): string {
  if (!/^[a-z0-9]+$/.test(run) || !/^[a-z0-9]+$/.test(phase)) throw new Error(`bad key part ${run} ${phase}`);
  return `bk-${run}-${phase}-${n}`;
}

export interface PageReceiver {
  port: number;
  /** `http://127.0.0.1:port${path}`. */
  url(path: string): string;
  /** The receiver's clock minus this process's, in ms (positive: the receiver reads later). */
  clockOffset: number;
  /** Round trip of the best clock probe: the offset's uncertainty is half of it. */
  clockRtt: number;
  /** Every arrival so far (in this process's clock), oldest first; grows with `pull()`. */
  arrivals: Arrival[];
  /** Fetches what arrived since the last pull; returns how many new arrivals there were. */
  pull(): Promise<number>;
  stop(): Promise<void>;
}

export async function startPageReceiver(): Promise<PageReceiver> {
  const child: ChildProcess = fork(resolve(import.meta.dirname, 'page-receiver-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (m: ReceiverReply) => void; reject: (e: Error) => void }>();
  let onReady: ((port: number) => void) | undefined;
  child.on('message', (raw: unknown) => {
    const m = raw as ReceiverReply;
    if (m.type === 'ready') onReady?.(m.port);
    else {
      waiting.get(m.id)?.resolve(m);
      waiting.delete(m.id);
    }
  });
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      // A receiver that died cannot answer: fail the waits instead of hanging the run.
      for (const w of waiting.values()) w.reject(new Error(`page receiver exited (${code ?? signal})`));
      waiting.clear();
      r();
    }),
  );
  const port = await new Promise<number>((resolvePort, reject) => {
    onReady = resolvePort;
    child.once('exit', (code) => reject(new Error(`page receiver exited (${code}) before it was ready`)));
  });
  const ask = <T extends 'clock' | 'take'>(type: T): Promise<Extract<ReceiverReply, { type: T }>> =>
    new Promise((resolveReply, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error('page receiver is not running'));
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve: (m) => resolveReply(m as Extract<ReceiverReply, { type: T }>), reject });
      const message: ReceiverRequest = { type, id };
      child.send(message);
    });

  // Clock probes: the one with the shortest round trip bounds the offset best.
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 50; i++) {
    const t0 = now();
    const { t } = await ask('clock');
    const t1 = now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: t - (t0 + t1) / 2 };
  }

  const arrivals: Arrival[] = [];
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    clockOffset: best.offset,
    clockRtt: best.rtt,
    arrivals,
    async pull() {
      const { arrivals: fresh } = await ask('take');
      for (const a of fresh) arrivals.push({ ...a, t: a.t - best.offset });
      return fresh.length;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' } satisfies ReceiverRequest);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
