import { parseArgs } from 'node:util';
import { CONFIG_KEYS, configFlagOptions } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import type { CliIo, Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function usage(io: CliIo): void {
  io.out('usage: tocsin <command> [flags]\n\ncommands:');
  for (const c of COMMANDS) io.out(`  ${c.path.join(' ').padEnd(18)} ${c.summary}`);
  io.out('\nflags every command accepts (each also read from its environment variable):');
  for (const k of Object.values(CONFIG_KEYS)) io.out(`  --${k.flag.padEnd(14)} ${k.env}`);
}

function findCommand(words: string[]): Command | undefined {
  return COMMANDS.filter((c) => c.path.every((w, i) => words[i] === w)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
}

/** Parses argv and runs one command; returns the exit code. Separate from main.ts so tests can call it. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = findCommand(words);
  if (command === undefined || argv.includes('--help') || argv.includes('-h')) {
    usage(io);
    if (command !== undefined) io.out(`\n${command.path.join(' ')} ${command.usage ?? ''}`);
    return command === undefined && argv.length > 0 && !argv.includes('--help') ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...configFlagOptions(), ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(`tocsin ${command.path.join(' ')}: ${(e as Error).message}`);
    return 2;
  }
  try {
    const own = new Set(Object.keys(command.options ?? {}));
    const configFlags = Object.fromEntries(
      Object.values(CONFIG_KEYS)
        .filter((k) => !own.has(k.flag))
        .map((k) => {
          const v = parsed.values[k.flag];
          return [k.flag, typeof v === 'string' ? v : undefined];
        }),
    );
    return await command.run({
      flags: parsed.values,
      configFlags,
      args: parsed.positionals.slice(command.path.length),
      io,
    });
  } catch (e) {
    if (e instanceof AppError) {
      io.err(`tocsin ${command.path.join(' ')}: ${e.message}`);
      return e.status === 400 ? 2 : 1;
    }
    throw e;
  }
}
