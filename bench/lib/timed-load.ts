/**
 * Load for end-to-end benchmarks that follow each request past its answer (alert -> page): like
 * load.ts's open and closed loops, but every request's send and answer moments are kept by index
 * (epoch ms, `performance.timeOrigin + performance.now()`, the clock page-receiver.ts uses), so
 * the page it caused can be matched to it later.
 */
import http from 'node:http';
import type { Endpoint } from './processes.ts';
import { now } from './page-receiver.ts';

export interface TimedRequest {
  path: string;
  body: string;
  headers?: Record<string, string>;
}

export interface TimedResult {
  count: number;
  /** Epoch ms when request i was started. */
  sentAt: Float64Array;
  /** Epoch ms when its answer had arrived (NaN if it never did). */
  answeredAt: Float64Array;
  /** HTTP status of request i (0: network error). */
  status: Uint16Array;
  errors: number;
  firstError: string | undefined;
  seconds: number;
}

function post(
  target: Endpoint,
  agent: http.Agent,
  r: TimedRequest,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method: 'POST',
        path: r.path,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(r.body),
          ...r.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString().slice(0, 300) }),
        );
        res.on('error', (e) => resolve({ status: 0, text: e.message }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, text: e.message }));
    req.end(r.body);
  });
}

class Timings {
  sentAt: Float64Array;
  answeredAt: Float64Array;
  status: Uint16Array;
  errors = 0;
  firstError: string | undefined;
  constructor(readonly count: number) {
    this.sentAt = new Float64Array(count).fill(NaN);
    this.answeredAt = new Float64Array(count).fill(NaN);
    this.status = new Uint16Array(count);
  }
  async send(target: Endpoint, agent: http.Agent, i: number, r: TimedRequest): Promise<void> {
    this.sentAt[i] = now();
    const { status, text } = await post(target, agent, r);
    this.answeredAt[i] = now();
    this.status[i] = status;
    if (status < 200 || status >= 300) {
      this.errors++;
      this.firstError ??= `${status} ${text}`;
    }
  }
  result(seconds: number): TimedResult {
    const { count, sentAt, answeredAt, status, errors, firstError } = this;
    return { count, sentAt, answeredAt, status, errors, firstError, seconds };
  }
}

/** Starts request i at start + i/rate s, whatever the server does (up to 256 connections). */
export async function timedOpenLoop(
  target: Endpoint,
  rate: number,
  count: number,
  make: (i: number) => TimedRequest,
): Promise<TimedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const rec = new Timings(count);
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let next = 0;
  while (next < count) {
    // Launch everything due by now; timers are coarse, so several may be due at once.
    while (next < count && start + (next * 1000) / rate <= performance.now()) {
      const i = next++;
      const p: Promise<void> = rec.send(target, agent, i, make(i)).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    const wait = start + (next * 1000) / rate - performance.now();
    if (next < count) await new Promise((r) => setTimeout(r, Math.max(0, Math.min(wait, 5))));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return rec.result(seconds);
}

/** Requests 0..count-1 with `concurrency` in flight, as fast as the server answers. */
export async function timedClosedLoop(
  target: Endpoint,
  count: number,
  concurrency: number,
  make: (i: number) => TimedRequest,
): Promise<TimedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const rec = new Timings(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await rec.send(target, agent, i, make(i));
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return rec.result(seconds);
}
