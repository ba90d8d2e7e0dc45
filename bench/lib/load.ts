/**
 * Load over real HTTP with keep-alive connections (node:http, no external tool): a closed loop
 * (C requests always in flight, as fast as the server answers) and an open loop (requests
 * started on a fixed schedule whatever the server does). The open loop measures latency from
 * each request's scheduled start, so a stalled server shows up as latency instead of silently
 * lowering the offered rate (coordinated omission).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from './processes.ts';

export interface LoadRequest {
  /** POST unless given; a GET sends no body. */
  method?: 'GET' | 'POST';
  path: string;
  body: string;
  headers?: Record<string, string>;
  /** Alerts this request carries (1 for PagerDuty, the batch size for Alertmanager). */
  alerts: number;
}

export interface LoadResult {
  requests: number;
  /** Alerts in requests answered 2xx. */
  alerts: number;
  errors: number;
  /** The first failure, to show what went wrong. */
  firstError: string | undefined;
  seconds: number;
  /** Milliseconds per request, sorted ascending. */
  latencies: Float64Array;
  /** True when the time cap stopped the run before every request was sent. */
  cut: boolean;
}

function send(target: Endpoint, agent: http.Agent, r: LoadRequest): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method: r.method ?? 'POST',
        path: r.path,
        agent,
        headers: {
          ...(r.method === 'GET'
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body) }),
          ...r.headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        // A 2xx body is read and dropped: decoding every answer would make the load generator,
        // which shares the machine's cores with the server, the bottleneck of what it measures.
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (!ok) chunks.push(c);
        });
        res.on('end', () =>
          resolve({ ok, detail: ok ? '' : `${status} ${Buffer.concat(chunks).toString().slice(0, 300)}` }),
        );
        res.on('error', (e) => resolve({ ok: false, detail: e.message }));
      },
    );
    req.on('error', (e) => resolve({ ok: false, detail: e.message }));
    req.end(r.method === 'GET' ? undefined : r.body);
  });
}

class Recorder {
  latencies: Float64Array;
  n = 0;
  alerts = 0;
  errors = 0;
  firstError: string | undefined;
  constructor(capacity: number) {
    this.latencies = new Float64Array(capacity);
  }
  record(ms: number, ok: boolean, alerts: number, detail: string): void {
    this.latencies[this.n++] = ms;
    if (ok) this.alerts += alerts;
    else {
      this.errors++;
      this.firstError ??= detail;
    }
  }
  result(seconds: number, cut = false): LoadResult {
    const latencies = this.latencies.slice(0, this.n).sort();
    return {
      requests: this.n,
      alerts: this.alerts,
      errors: this.errors,
      firstError: this.firstError,
      seconds,
      latencies,
      cut,
    };
  }
}

/**
 * Sends requests 0..count-1 (built on demand by `make`) with `concurrency` in flight. After
 * `maxSeconds` no new request starts, so a slow server cannot stretch the run without bound;
 * requests 0..result.requests-1 are then the ones sent.
 */
export async function closedLoop(
  target: Endpoint,
  count: number,
  make: (i: number) => LoadRequest,
  concurrency: number,
  maxSeconds = Infinity,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const rec = new Recorder(count);
  let next = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const r = make(next++);
      const t0 = performance.now();
      const { ok, detail } = await send(target, agent, r);
      rec.record(performance.now() - t0, ok, r.alerts, detail);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return rec.result(seconds, next < count);
}

/**
 * Starts request i at start + i/rate seconds for `seconds`. Connections are capped at 256; a
 * request waiting for one still has its latency counted from its scheduled time.
 */
export async function openLoop(
  target: Endpoint,
  rate: number,
  seconds: number,
  make: (i: number) => LoadRequest,
): Promise<LoadResult> {
  const count = Math.round(rate * seconds);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const rec = new Recorder(count);
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let next = 0;
  while (next < count) {
    const now = performance.now();
    // Launch everything due by now; timers are coarse, so several may be due at once.
    while (next < count && start + (next * 1000) / rate <= now) {
      const scheduled = start + (next * 1000) / rate;
      const r = make(next++);
      const p = send(target, agent, r).then(({ ok, detail }) => {
        rec.record(performance.now() - scheduled, ok, r.alerts, detail);
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    const wait = start + (next * 1000) / rate - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(wait, 5))));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return rec.result(elapsed);
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
