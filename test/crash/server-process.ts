import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { TEST_ADMIN_TOKEN, TEST_OUTBOUND_ALLOW } from '../harness.ts';
import { ROOT, sourceCli } from '../source-cli.ts';

/**
 * Tocsin as a real separate process (`tocsin serve` from source: test/source-cli.ts), so a test
 * can SIGKILL it the way the kernel's OOM killer or a power cut would: no shutdown hook runs,
 * nothing is flushed.
 */
const OUTPUT_TAIL = 8192;

// A test that fails half-way must not leave a server holding the port and the database.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A port that was free a moment ago; the server gets it up front and keeps it across restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** The tail of what it printed, for failure messages. */
  output(): string;
  /** SIGKILL, and wait until it is gone; a no-op once it has exited. */
  kill(): Promise<void>;
}

/** `env` wins over the test defaults (test receivers on 127.0.0.1 are reachable: TEST_OUTBOUND_ALLOW). */
export function spawnTocsin(env: Record<string, string>): ServerProcess {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
    ...env,
  };
  // Set by node's test runner for its own children; a server is not a test file.
  delete childEnv.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, sourceCli('serve'), {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ?? `exit ${code}`);
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return {
    child,
    exited,
    output: () => tail,
    kill: async () => {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls /readyz until it answers 200; fails early, with the server's output, if the process dies. */
export async function waitReady(server: ServerProcess, origin: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died: string | undefined;
  void server.exited.then((how) => {
    died = how;
  });
  for (;;) {
    if (died !== undefined)
      throw new Error(`Tocsin exited (${died}) before it was ready:\n${server.output()}`);
    try {
      const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`Tocsin was not ready within ${timeoutMs} ms:\n${server.output()}`);
    }
    await delay(25);
  }
}

/** Waits until an engine-role process says its engine runs; fails with its output after `timeoutMs`. */
export async function engineStarted(p: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/Tocsin engine/.test(p.output())) {
    if (Date.now() > deadline) throw new Error(`engine did not start:\n${p.output()}`);
    await delay(50);
  }
}

/** POSTs JSON to a running server as the bootstrap admin; throws unless it answers 201 or 202. */
export async function adminPost<T>(origin: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 202)
    throw new Error(`POST ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}
