import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ValidationError } from '../platform/errors.ts';
import { checkReferences, type ConfigPath } from './references.ts';
import { checkValues } from './semantics.ts';
import { KIND_NAMES, SINGLE_KINDS, type ConfigKind, type TocsinConfig } from './schema.ts';
import { isValidItem, validateDocument } from './validate.ts';

/**
 * Reads `tocsin.yaml` (or every *.yaml / *.yml of a folder, merged) into one validated config.
 * Nothing is changed anywhere: a bad file throws a ConfigError listing every problem found, each
 * with the file, line and column of the YAML node it is about, so a user fixes them in one pass.
 */

export interface ConfigProblem {
  file: string;
  /** 1-based, like editors. */
  line: number;
  column: number;
  /** Where in that file, e.g. `services[1].escalation_policy`; '' for YAML syntax errors. */
  path: string;
  message: string;
}

export class ConfigError extends ValidationError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const n = problems.length;
    super(`the configuration has ${n} problem${n === 1 ? '' : 's'}:\n${formatProblems(problems)}`, {
      problems,
    });
    this.problems = problems;
  }
}

/** One line per problem: `tocsin.yaml:12:5 services[1].escalation_policy: message`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => `${p.file}:${p.line}:${p.column} ${p.path ? `${p.path}: ` : ''}${p.message}`)
    .join('\n');
}

export interface ConfigLocation {
  file: string;
  line: number;
  column: number;
  /** The path within that file (a merged config's indexes differ from each file's). */
  path: string;
}

export interface ConfigSources {
  files: string[];
  /** Where a node of the merged config was written, for plan output and later errors. */
  locate(path: ConfigPath): ConfigLocation | undefined;
}

export interface LoadedConfig {
  config: TocsinConfig;
  sources: ConfigSources;
}

export interface ConfigText {
  file: string;
  text: string;
}

/** A file, or a folder whose *.yaml and *.yml files (not sub-folders) are merged in name order. */
export async function loadConfigFiles(pathOrDir: string): Promise<LoadedConfig> {
  return loadConfigTexts(await readConfigTexts(pathOrDir));
}

/** The texts loadConfigFiles reads, for callers that send them on (the CLI to a server). */
export async function readConfigTexts(pathOrDir: string): Promise<ConfigText[]> {
  const inputs: ConfigText[] = [];
  if ((await stat(pathOrDir)).isDirectory()) {
    const names = (await readdir(pathOrDir)).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith('.')).sort();
    for (const name of names) {
      const file = join(pathOrDir, name);
      if ((await stat(file)).isFile()) inputs.push({ file, text: await readFile(file, 'utf8') });
    }
    if (inputs.length === 0) {
      throw new ConfigError([problemAt(pathOrDir, 'no *.yaml or *.yml files in this folder')]);
    }
  } else {
    inputs.push({ file: pathOrDir, text: await readFile(pathOrDir, 'utf8') });
  }
  return inputs;
}

/** A YAML document with what is needed to turn its node paths back into line numbers. */
interface Unit {
  file: string;
  fileIndex: number;
  doc: Document.Parsed;
  lines: LineCounter;
}

interface Origin {
  unit: Unit;
  index: number;
}

/** The pure part of loadConfigFiles, for texts that do not come from disk (tests, uploads). */
export function loadConfigTexts(inputs: readonly ConfigText[]): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const units: { unit: Unit; value: unknown }[] = [];

  inputs.forEach(({ file, text }, fileIndex) => {
    const lines = new LineCounter();
    // A file may hold several `---` documents; each one is a config on its own, like a file.
    for (const doc of parseAllDocuments(text, { lineCounter: lines, prettyErrors: false })) {
      const unit: Unit = { file, fileIndex, doc, lines };
      if (doc.errors.length > 0) {
        // Syntax errors make the tree unreliable, so this document is not checked further.
        for (const err of doc.errors) problems.push(problemAt(file, err.message, lines.linePos(err.pos[0])));
        continue;
      }
      if (doc.contents === null) continue;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch (err) {
        problems.push(problemAt(file, err instanceof Error ? err.message : String(err)));
        continue;
      }
      for (const p of validateDocument(value)) {
        const at = locateInUnit(unit, p.path, p.atKey);
        problems.push({ file, ...at, path: formatPath(p.path), message: p.message });
      }
      units.push({ unit, value });
    }
  });
  if (units.length === 0 && problems.length === 0) {
    problems.push(problemAt(inputs[0]?.file ?? '(none)', 'no configuration found (the file is empty)'));
  }

  // Merge kind by kind. Objects that failed the schema stay out of the reference checks (their
  // errors are already reported), but their names still count as defined.
  const lists: Partial<Record<ConfigKind, unknown[]>> = {};
  const origins: Partial<Record<ConfigKind, Origin[]>> = {};
  const known: Partial<Record<ConfigKind, string[]>> = {};
  for (const { unit, value } of units) {
    if (!isRecord(value)) continue;
    for (const kind of KIND_NAMES) {
      // `status_page:` is one object: a list of one here, unwrapped again below.
      const items = SINGLE_KINDS.has(kind) && isRecord(value[kind]) ? [value[kind]] : value[kind];
      if (!Array.isArray(items)) continue;
      items.forEach((item: unknown, index) => {
        if (isValidItem(kind, item)) {
          (lists[kind] ??= []).push(item);
          (origins[kind] ??= []).push({ unit, index });
        } else if (isRecord(item)) {
          const key = kind === 'users' ? item.email : item.name;
          if (typeof key === 'string') (known[kind] ??= []).push(key);
        }
      });
    }
  }
  // Each item passed its kind's schema above and `version` is fixed, so this is the schema's type.
  const single: Record<string, unknown> = {};
  for (const kind of SINGLE_KINDS) {
    const first = lists[kind]?.[0];
    delete lists[kind];
    if (first !== undefined) single[kind] = first;
    for (const origin of (origins[kind] ?? []).slice(1)) {
      const at = locateInUnit(origin.unit, [kind], true);
      problems.push({ file: origin.unit.file, ...at, path: kind, message: `${kind} is defined twice` });
    }
  }
  const config = { version: 1, ...lists, ...single } as TocsinConfig;

  const sources: ConfigSources = {
    files: inputs.map((i) => i.file),
    locate(path) {
      const [kind, index, ...rest] = path;
      if (typeof kind !== 'string' || typeof index !== 'number') return undefined;
      const origin = originOf(kind, index);
      if (!origin) return undefined;
      const filePath = SINGLE_KINDS.has(kind as ConfigKind) ? [kind, ...rest] : [kind, origin.index, ...rest];
      const at = locateInUnit(origin.unit, filePath, false);
      return { file: origin.unit.file, ...at, path: formatPath(filePath) };
    },
  };
  function originOf(kind: string, index: number): Origin | undefined {
    return (KIND_NAMES as string[]).includes(kind) ? origins[kind as ConfigKind]?.[index] : undefined;
  }

  for (const p of [...checkReferences(config, known), ...checkValues(config)]) {
    const at = sources.locate(p.path);
    if (!at) continue;
    const first = p.firstPath ? sources.locate(p.firstPath) : undefined;
    const also = first ? ` (first at ${first.file}:${first.line}:${first.column})` : '';
    problems.push({ ...at, message: `${p.message}${also}` });
  }

  if (problems.length > 0) {
    const order = new Map(inputs.map((i, n) => [i.file, n]));
    problems.sort(
      (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
    );
    throw new ConfigError(problems);
  }
  return { config, sources };
}

/**
 * The line and column of the node at `path` in one document: the deepest node that exists, so a
 * missing key points at the object that lacks it. `atKey` points at the key of the last step.
 */
function locateInUnit(unit: Unit, path: ConfigPath, atKey = false): { line: number; column: number } {
  let node: unknown = unit.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      node = pair.value;
      const valueStart = rangeStart(node);
      offset = (last && atKey ? keyStart : (valueStart ?? keyStart)) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      offset = rangeStart(node) ?? offset;
      if (node === undefined) break;
    } else {
      break;
    }
  }
  const pos = unit.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function rangeStart(node: unknown): number | undefined {
  if (!isRecord(node) || !Array.isArray(node.range)) return undefined;
  const start: unknown = node.range[0];
  return typeof start === 'number' ? start : undefined;
}

/** `services[1].escalation_policy`, as a user would write it in jq or JavaScript. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function problemAt(file: string, message: string, pos = { line: 1, col: 1 }): ConfigProblem {
  return { file, line: pos.line, column: pos.col, path: '', message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
