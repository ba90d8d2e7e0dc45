import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DATE_TIME_MESSAGE, addBoundedDateTime } from '../platform/time-bounds.ts';
import { CONFIG_KINDS, ConfigFile, type ConfigKind } from './schema.ts';
import type { ConfigPath } from './references.ts';

/**
 * JSON Schema validation of one YAML document, with Ajv's errors turned into one readable message
 * per problem and a path that load.ts can look up in the YAML tree.
 */

export interface SchemaProblem {
  path: ConfigPath;
  message: string;
  /** Point at the key rather than the value (an unknown key has no schema value to show). */
  atKey?: boolean;
}

// allErrors: report everything wrong in one run; verbose: parentSchema and data for the messages.
// date-time bounded to the same years as the API's request validators.
const ajv = addBoundedDateTime(
  addFormats.default(new Ajv({ allErrors: true, verbose: true, strict: false })),
);
let whole: ValidateFunction | undefined;
const items = new Map<ConfigKind, ValidateFunction>();

export function validateDocument(value: unknown): SchemaProblem[] {
  whole ??= ajv.compile(ConfigFile);
  if (whole(value)) return [];
  return describeErrors(whole.errors ?? []);
}

/** Whether one object of a kind is valid on its own: only those go on to the reference checks. */
export function isValidItem(kind: ConfigKind, value: unknown): boolean {
  let check = items.get(kind);
  if (!check) {
    check = ajv.compile(CONFIG_KINDS[kind]);
    items.set(kind, check);
  }
  return check(value);
}

export function pointerToPath(pointer: string): ConfigPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function describeErrors(errors: ErrorObject[]): SchemaProblem[] {
  const kept = collapseAlternatives(errors);
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of kept) {
    const p = describe(e);
    const key = `${JSON.stringify(p.path)} ${p.message}`;
    if (!seen.has(key)) out.push(p);
    seen.add(key);
  }
  return out;
}

/**
 * An `anyOf` (alert grouping modes, matcher object-or-string) fails with an error per branch. When
 * exactly one branch fits the value's shape (its type and constant fields agree), its errors are
 * the real ones; otherwise one message lists the accepted forms.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  let list = errors;
  // Innermost first, so a nested anyOf is already collapsed when its parent looks at it.
  const anyOfs = errors
    .filter((e) => e.keyword === 'anyOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const alt of anyOfs) {
    const prefix = `${alt.schemaPath}/`;
    // The schema path is the same for every list item, so the instance path tells them apart.
    const under = (e: ErrorObject) =>
      e.schemaPath.startsWith(prefix) &&
      (e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`));
    const branches = new Map<string, ErrorObject[]>();
    for (const e of list) {
      if (!under(e)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const fitting = [...branches.values()].filter((errs) => !errs.some((e) => mismatchesShape(e, alt)));
    const rest = list.filter((e) => e !== alt && !under(e));
    const best = fitting.length === 1 ? fitting[0] : undefined;
    list = best ? [...rest, ...best] : [...rest, alt];
  }
  return list;
}

function mismatchesShape(e: ErrorObject, alt: ErrorObject): boolean {
  if (e.keyword === 'type' && e.instancePath === alt.instancePath) return true;
  return (
    e.keyword === 'const' &&
    pointerToPath(e.instancePath).length <= pointerToPath(alt.instancePath).length + 1
  );
}

function describe(e: ErrorObject): SchemaProblem {
  const path = pointerToPath(e.instancePath);
  const parent: unknown = e.parentSchema;
  const props = propertyNames(parent);
  const params: Record<string, unknown> = e.params;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const hint = props.length ? `; expected one of: ${props.join(', ')}` : '';
      return { path: [...path, key], message: `unknown key ${JSON.stringify(key)}${hint}`, atKey: true };
    }
    case 'required':
      return { path, message: `missing required key ${JSON.stringify(params.missingProperty)}` };
    case 'type':
      return { path, message: `must be ${article(yamlType(String(params.type)))}, not ${typeOf(e.data)}` };
    case 'enum':
      return { path, message: `must be one of: ${listOf(params.allowedValues)}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return {
        path,
        message:
          params.pattern === '\\S' ? 'must not be blank' : `must match the pattern ${String(params.pattern)}`,
      };
    case 'minProperties':
    case 'maxProperties':
      if (hasExactlyOneKey(parent)) return { path, message: `must have exactly one of: ${props.join(', ')}` };
      return { path, message: e.message ?? 'is invalid' };
    case 'anyOf':
      return { path, message: `must be one of: ${alternatives(e.schema)}` };
    case 'format':
      return {
        path,
        message: params.format === 'date-time' ? DATE_TIME_MESSAGE : (e.message ?? 'is invalid'),
      };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

function propertyNames(schema: unknown): string[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  return Object.keys(schema.properties);
}

function hasExactlyOneKey(schema: unknown): boolean {
  return isRecord(schema) && schema.minProperties === 1 && schema.maxProperties === 1;
}

/** "an object with mode "labels"", "a string": the accepted forms of an anyOf, for its message. */
function alternatives(branches: unknown): string {
  if (!Array.isArray(branches)) return 'one of the accepted forms';
  return branches
    .map((b: unknown) => {
      if (!isRecord(b)) return 'a value';
      const fixed = Object.entries(isRecord(b.properties) ? b.properties : {}).find(
        ([, s]) => isRecord(s) && 'const' in s,
      );
      const base = article(typeof b.type === 'string' ? yamlType(b.type) : 'value');
      if (!fixed || !isRecord(fixed[1])) return base;
      return `${base} with ${fixed[0]}: ${JSON.stringify(fixed[1].const)}`;
    })
    .join('; ');
}

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values);
}

// The file is YAML, so say what YAML calls them.
function yamlType(jsonType: string): string {
  if (jsonType === 'object') return 'mapping';
  if (jsonType === 'array') return 'list';
  return jsonType;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${article(typeof value)} (${JSON.stringify(value)})`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
