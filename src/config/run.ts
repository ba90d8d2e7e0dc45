import type { Ctx } from '../platform/context.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import type { Change, ItemChange } from './diff.ts';
import { ConfigError, type ConfigProblem, type ConfigSources } from './load.ts';
import type { NConfig } from './normal.ts';
import { type ConfigKind, KIND_LABEL } from './schema.ts';
import type { State } from './state.ts';

/**
 * What the steps of an apply share: the transaction, the file and database in normal form, and
 * the ids of objects by name (those created during the apply included).
 */
export interface GeneratedKey {
  service: string;
  integration: string;
  key: string;
}

export interface Run {
  ctx: Ctx;
  desired: NConfig;
  state: State;
  /** Names (users: emails) to ids, filled from the database and by each create. */
  ids: Record<
    'users' | 'teams' | 'schedules' | 'escalation_policies' | 'services' | 'status_page_groups',
    Map<string, string>
  >;
  /** Values of the environment variables named by `key_from_env`. */
  keys: Readonly<Record<string, string>>;
  generated: GeneratedKey[];
  sources?: ConfigSources | undefined;
  /** TOCSIN_PUBLIC_URL: actions that present what they wrote (runbooks) link to the web UI. */
  publicUrl: string;
}

/** The server's address when none is configured (TOCSIN_HOST and TOCSIN_PORT's defaults). */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:7420';

export function newRun(
  ctx: Ctx,
  desired: NConfig,
  state: State,
  keys: Readonly<Record<string, string>>,
  sources?: ConfigSources,
  publicUrl = DEFAULT_PUBLIC_URL,
): Run {
  const idsOf = (m: Map<string, { id: string }>) => new Map([...m].map(([name, c]) => [name, c.id]));
  return {
    ctx,
    desired,
    state,
    keys,
    generated: [],
    sources,
    publicUrl,
    ids: {
      users: idsOf(state.users),
      teams: idsOf(state.teams),
      schedules: idsOf(state.schedules),
      escalation_policies: idsOf(state.escalation_policies),
      services: idsOf(state.services),
      status_page_groups: idsOf(state.status_page_groups),
    },
  };
}

/** The id of an object the file names; the reference checks guarantee it exists by now. */
export function idOf(run: Run, kind: keyof Run['ids'], name: string): string {
  const id = run.ids[kind].get(kind === 'users' ? name.toLowerCase() : name);
  if (id === undefined)
    throw new ValidationError(`${KIND_LABEL[kind]} ${JSON.stringify(name)} does not exist`);
  return id;
}

export function desiredOf<K extends ConfigKind>(run: Run, kind: K, name: string): NConfig[K][number] {
  const list: readonly { name: string; email?: string }[] = run.desired[kind];
  const found = list.find((x) => (kind === 'users' ? x.email === name : x.name === name));
  if (found === undefined) throw new Error(`${kind} ${name} is not in the file`);
  return found as NConfig[K][number];
}

export const itemsOf = (change: Change, list: string, op?: ItemChange['op']) =>
  change.items.filter((i) => i.list === list && (op === undefined || i.op === op));

export const changed = (change: Change | ItemChange, field: string) =>
  change.fields.some((f) => f.field === field);

/**
 * Runs one object's change; an error from the domain (a time zone the schema could not check, a
 * name another object already has) is reported at the object's place in the file.
 */
export async function located<T>(run: Run, change: Change, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AppError) || e instanceof ConfigError) throw e;
    const what = `${KIND_LABEL[change.kind]} ${JSON.stringify(change.name)}: ${e.message}`;
    const problem = problemFor(run, change, what);
    if (e instanceof ConflictError || e instanceof NotFoundError) {
      throw new ConflictError(problem ? `${problem.file}:${problem.line}:${problem.column} ${what}` : what, {
        problems: problem ? [problem] : [],
      });
    }
    if (problem) throw new ConfigError([problem]);
    throw new ValidationError(what);
  }
}

function problemFor(run: Run, change: Change, message: string): ConfigProblem | undefined {
  if (run.sources === undefined || change.op === 'delete') return undefined;
  const list: readonly { name: string; email?: string }[] = run.desired[change.kind];
  const index = list.findIndex((x) => (change.kind === 'users' ? x.email : x.name) === change.name);
  const at = index < 0 ? undefined : run.sources.locate([change.kind, index]);
  return at === undefined ? undefined : { ...at, message };
}
