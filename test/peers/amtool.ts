import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireBinary } from './process.ts';

/**
 * Debian's amtool (package prometheus-alertmanager) as a client. Run asynchronously: the Tocsin
 * under test usually serves from this same process, and a blocking child would starve it.
 */
export interface AmtoolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function requireAmtool(): string {
  return requireBinary('amtool', 'prometheus-alertmanager');
}

export function amtool(
  args: string[],
  opts: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<AmtoolResult> {
  const bin = requireAmtool();
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      // amtool's own request timeout is 30 s; the kill is later, so its error message is seen.
      {
        encoding: 'utf8',
        timeout: opts.timeoutMs ?? 45_000,
        env: { ...process.env, USER: 'amtool-test', ...opts.env },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** amtool that must succeed: its stdout, or an error with everything it said. */
export async function amtoolOk(args: string[]): Promise<string> {
  const r = await amtool(args);
  if (r.code !== 0) throw new Error(`amtool ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A directory for amtool's files (--http.config.file, silence exports); removed by `cleanup`. */
export function amtoolFiles(): { dir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-amtool-'));
  return {
    dir,
    write: (name, text) => {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An --http.config.file sending the secret as `Authorization: Bearer` (JSON is YAML). */
export const bearerConfig = (secret: string) =>
  JSON.stringify({ authorization: { type: 'Bearer', credentials: secret } });
