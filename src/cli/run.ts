import { parseArgs } from 'node:util';
import { CONFIG_KEYS, configFlagOptions } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import type { CliIo, Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function configFlagsHelp(io: CliIo): void {
  io.out('\nflags every command accepts (each also read from its environment variable):');
  for (const k of Object.values(CONFIG_KEYS)) io.out(`  --${k.flag.padEnd(14)} ${k.env}`);
}

function usage(io: CliIo): void {
  io.out('usage: tocsin <command> [flags]   (tocsin <command> --help for its flags)\n\ncommands:');
  for (const c of COMMANDS) io.out(`  ${c.path.join(' ').padEnd(18)} ${c.summary}`);
  configFlagsHelp(io);
}

/** One command's help: what `tocsin <command> --help` prints. */
function commandHelp(io: CliIo, c: Command): void {
  io.out(`usage: tocsin ${c.path.join(' ')} ${c.usage ?? ''}`.trimEnd());
  io.out(`\n${c.summary}`);
  configFlagsHelp(io);
}

/** `tocsin incident`: the commands under a first word, or nothing when it names none. */
function groupHelp(io: CliIo, words: string[]): boolean {
  const group = COMMANDS.filter((c) => words.length > 0 && words.every((w, i) => c.path[i] === w));
  if (group.length === 0) return false;
  io.out(`usage: tocsin ${words.join(' ')} <command> [flags]   (--help on each for its flags)\n\ncommands:`);
  for (const c of group) io.out(`  ${c.path.join(' ').padEnd(18)} ${c.summary}`);
  return true;
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
  const help = argv.includes('--help') || argv.includes('-h');
  if (command === undefined) {
    // Words before any flag value: `tocsin incident --help`, `tocsin alert`.
    if (!groupHelp(io, words.slice(0, 1))) usage(io);
    return argv.length > 0 && !help ? 2 : 0;
  }
  if (help) {
    commandHelp(io, command);
    return 0;
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
