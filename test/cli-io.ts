import type { CliIo } from '../src/cli/command.ts';

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
