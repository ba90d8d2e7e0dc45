import type { ParseArgsConfig } from 'node:util';

/**
 * One CLI command per file under `commands/`. `path` is the words that name it
 * (`['user', 'create']`); `options` are parseArgs options besides the config flags every
 * command accepts. `run` returns the exit code.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export type Flags = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * `flags` are the command's own options; `configFlags` the config keys (--database-url ...) for
 * `loadConfig`. A command option with the same name as a config key (`user create --role`)
 * shadows it, so the two never mix.
 */
export interface Invocation {
  flags: Flags;
  configFlags: Record<string, string | undefined>;
  args: string[];
  io: CliIo;
}

export interface Command {
  path: string[];
  summary: string;
  usage?: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  run(invocation: Invocation): Promise<number>;
}

export function stringFlag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}
