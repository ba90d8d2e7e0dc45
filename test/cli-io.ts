import type { AddressInfo } from 'node:net';
import { before } from 'node:test';
import type { CliIo } from '../src/cli/command.ts';
import { runCli } from '../src/cli/run.ts';
import type { TestServer } from './harness.ts';

/** What a CLI run printed, for asserting on: lines to stdout and stderr. */
export function captureIo(): {
  out: string[];
  err: string[];
  text(): string;
  errText(): string;
  io: CliIo;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    text: () => out.join('\n'),
    errText: () => err.join('\n'),
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) },
  };
}

/**
 * Has the suite's app listen on a free port (in a `before`), and returns a runner of the CLI
 * against it with a token (the bootstrap admin's unless given): what a person's terminal does.
 */
export function listeningCli(server: () => TestServer) {
  let url = '';
  before(async () => {
    const app = server().app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  return {
    url: () => url,
    async as(token: string, ...argv: string[]) {
      const c = captureIo();
      const code = await runCli([...argv, '--url', url, '--token', token], c.io);
      return { code, ...c };
    },
  };
}
