import type { ApplyResult } from '../../config/apply.ts';
import type { Plan } from '../../config/diff.ts';
import {
  ConfigError,
  type ConfigProblem,
  formatProblems,
  loadConfigTexts,
  readConfigTexts,
  type LoadedConfig,
} from '../../config/load.ts';
import type { TocsinConfig } from '../../config/schema.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Ctx } from '../../platform/context.ts';
import { openDatabase } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { ValidationError } from '../../platform/errors.ts';
import { systemCtx } from '../../server.ts';
import { httpClient } from '../api-client.ts';
import { type CliIo, type Invocation, stringFlag } from '../command.ts';

/**
 * What `tocsin plan`, `apply` and `export` share: reading the files (checked here first, so a bad
 * file is reported with its lines before anything is contacted), the keys from the environment,
 * and the two ways to reach Tocsin: a running server (`--url`/TOCSIN_URL with a token) or the
 * database itself (`--database`/TOCSIN_DATABASE_URL), acting as `config`.
 */
export const CONFIG_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  database: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Plan's and apply's: the files and --prune besides the transport. */
export const FILE_OPTIONS = {
  ...CONFIG_OPTIONS,
  file: { type: 'string', short: 'f' },
  prune: { type: 'boolean' },
} as const;

export const CONFIG_USAGE =
  '[--url URL --token TOKEN | --database URL] [--json]  (or TOCSIN_URL + TOCSIN_TOKEN; else TOCSIN_DATABASE_URL)';

export interface ConfigFiles extends LoadedConfig {
  texts: { name: string; content: string }[];
}

/** Loads -f FILE_OR_DIR; prints every problem and returns undefined when the files are bad. */
export async function readFiles(inv: Invocation): Promise<ConfigFiles | undefined> {
  const target = stringFlag(inv.flags, 'file');
  if (target === undefined || target === '') {
    printProblems(
      inv,
      new ConfigError([{ file: '-f', line: 1, column: 1, path: '', message: 'FILE_OR_DIR is required' }]),
    );
    return undefined;
  }
  try {
    const texts = await readConfigTexts(target);
    return { ...loadConfigTexts(texts), texts: texts.map((t) => ({ name: t.file, content: t.text })) };
  } catch (e) {
    if (e instanceof ConfigError) {
      printProblems(inv, e);
      return undefined;
    }
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string') {
      // Reported like any other problem, so --json stays one shape and plan's exit 2 keeps meaning "changes".
      printProblems(
        inv,
        new ConfigError([
          { file: target, line: 1, column: 1, path: '', message: `cannot read: ${e.message}` },
        ]),
      );
      return undefined;
    }
    throw e;
  }
}

export interface FileInput {
  files: ConfigFiles;
  prune: boolean;
  keys: Record<string, string>;
}

/**
 * Reads -f, takes --prune and the keys, and runs `fn`; bad files, locally or as the server
 * found them, print as file:line problems and exit 1.
 */
export async function withFiles(inv: Invocation, fn: (input: FileInput) => Promise<number>): Promise<number> {
  const files = await readFiles(inv);
  if (files === undefined) return 1;
  try {
    return await fn({ files, prune: inv.flags.prune === true, keys: keysFromEnv(files.config) });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    printProblems(inv, e);
    return 1;
  }
}

export function printProblems(inv: Invocation, e: ConfigError): void {
  if (inv.flags.json === true) inv.io.out(JSON.stringify({ ok: false, problems: e.problems }));
  else {
    for (const p of e.problems) inv.io.err(formatProblems([p]));
    inv.io.err(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}; nothing was changed`);
  }
}

/** The values of the variables that key_from_env names, from this process's environment. */
export function keysFromEnv(
  config: TocsinConfig,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const service of config.services ?? []) {
    for (const i of service.integrations ?? []) {
      const value = i.key_from_env === undefined ? undefined : env[i.key_from_env];
      if (i.key_from_env !== undefined && value !== undefined && value !== '') keys[i.key_from_env] = value;
    }
  }
  return keys;
}

export type Target =
  | { kind: 'http'; request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> }
  | { kind: 'database'; ctx: Ctx; publicUrl: string | undefined };

/** Runs `fn` against the server named by --url/TOCSIN_URL, else straight on the database. */
export async function withTarget<T>(inv: Invocation, fn: (target: Target) => Promise<T>): Promise<T> {
  const url = stringFlag(inv.flags, 'url') ?? (process.env.TOCSIN_URL || undefined);
  if (url !== undefined) {
    const token = stringFlag(inv.flags, 'token') ?? process.env.TOCSIN_TOKEN;
    if (token === undefined || token === '') {
      throw new ValidationError(`set TOCSIN_TOKEN (or --token) to call ${url}: an admin's API token`);
    }
    const client = httpClient(url, token);
    return fn({
      kind: 'http',
      async request<R>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<R> {
        try {
          return await client.request<R>(method, path, body);
        } catch (e) {
          // The server checked the files too; its problems (with lines) print like local ones.
          const problems = problemsOf(e);
          throw problems === undefined ? e : new ConfigError(problems);
        }
      },
    });
  }
  const database = stringFlag(inv.flags, 'database');
  const config = loadConfig(process.env, {
    ...inv.configFlags,
    ...(database === undefined ? {} : { 'database-url': database }),
  });
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    return await fn({
      kind: 'database',
      ctx: systemCtx(handle, 'config', undefined, config.outbound),
      publicUrl: config.publicUrl,
    });
  } finally {
    await handle.close();
  }
}

function problemsOf(e: unknown): ConfigProblem[] | undefined {
  if (!(e instanceof ValidationError) || typeof e.details !== 'object' || e.details === null)
    return undefined;
  const error = (e.details as { error?: { problems?: unknown } }).error;
  return Array.isArray(error?.problems) && error.problems.length > 0
    ? (error.problems as ConfigProblem[])
    : undefined;
}

export function printKeys(io: CliIo, keys: ApplyResult['keys']): void {
  for (const k of keys) {
    io.out(`key for ${k.service} / ${k.integration} (shown once): ${k.key}`);
  }
}

export type { Plan };
