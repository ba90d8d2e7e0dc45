import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Real peer programs (Prometheus, Alertmanager) run as child processes of a test file. Every child
 * is killed when the test process exits, even if an `after` hook never ran, so no run leaves a
 * daemon behind holding a port.
 */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The absolute path of `name`, or an error that says which Debian package provides it. */
export function requireBinary(name: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(':').filter((d) => d !== ''), '/usr/bin', '/usr/sbin'];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  // These tests are a promise of the issue ("in CI these tests must run, not skip"): fail loudly.
  throw new Error(
    `${name} is not installed: these tests need Debian's ${debianPackage} package ` +
      `(apt-get install ${debianPackage}; npm test installs it when run as root on Debian). They fail rather than skip without it.`,
  );
}

/** A port that was free a moment ago, for programs that must be told their port up front. */
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

/**
 * Polls `probe` until it returns something other than undefined, and returns that as soon as it
 * does. The deadline is generous for a loaded 2-core machine; on timeout the error names what was
 * awaited, the last thing the probe saw (`describe`), and the last error it threw.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const seen = opts.describe ? `\nlast seen: ${opts.describe()}` : '';
      const err =
        lastError === undefined
          ? ''
          : `\nlast error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}${err}`);
    }
    await delay(opts.intervalMs ?? 250);
  }
}

export interface Peer {
  name: string;
  child: ChildProcess;
  /** The tail of what the process printed, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; safe to call twice or after the process died. */
  stop(): Promise<void>;
}

const OUTPUT_TAIL = 16_384;

async function answersOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `command` and resolves once GET `readyUrl` answers 2xx. Fails with the program's own
 * output if it exits first or is not ready by the deadline, and then leaves nothing running.
 */
export async function startPeer(opts: {
  name: string;
  command: string;
  args: string[];
  readyUrl: string;
  timeoutMs?: number;
  /** Runs after the process is gone (e.g. removes its temp directory). */
  cleanup?: () => void;
}): Promise<Peer> {
  const child = spawn(opts.command, opts.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  // Both pipes must be drained or a chatty child blocks on a full pipe.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal !== null ? `signal ${signal}` : `code ${code}`;
      live.delete(child);
      resolve();
    });
    child.once('error', (e) => {
      exitInfo = `spawn error: ${e.message}`;
      live.delete(child);
      resolve();
    });
  });
  let stopped = false;
  const peer: Peer = {
    name: opts.name,
    child,
    output: () => tail,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (exitInfo === undefined) {
        child.kill('SIGTERM');
        // Unref'd: a program that stops quickly must not keep the test process alive for 10 s.
        const timer = delay(10_000, undefined, { ref: false }).then(() => 'timeout' as const);
        if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      opts.cleanup?.();
    },
  };

  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo !== undefined) {
      await peer.stop();
      throw new Error(`${opts.name} exited (${exitInfo}) before it was ready. Its output:\n${tail}`);
    }
    if (await answersOk(opts.readyUrl)) return peer;
    if (Date.now() >= deadline) {
      await peer.stop();
      throw new Error(
        `${opts.name} was not ready at ${opts.readyUrl} after ${timeoutMs} ms. Its output:\n${tail}`,
      );
    }
    await delay(100);
  }
}
