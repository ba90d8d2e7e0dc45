import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import ts from 'typescript';
import { describeEachDialect } from '../../../test/harness.ts';
import type { Db, Dialect } from './connect.ts';

/**
 * The table types in tables.ts (and tables/*.ts) are written by hand beside the migrations;
 * nothing else ties the two together, and Kysely trusts the types. This compares them with a
 * freshly migrated schema on each dialect: the same tables, the same columns, `| null` exactly
 * where a column is nullable, and the same kind of value.
 */

/**
 * The kinds of value a column holds. Migrations use only text, integer and bigint (see
 * migrations/0001_foundation.ts); connect.ts reads PostgreSQL's bigint back as a number, so
 * both integer widths are `number` in TypeScript. Flags are 0/1 integers (SQLite has no
 * boolean), JSON is text.
 */
type Kind = 'text' | 'integer';

/** Kysely's own bookkeeping, not part of the Database interface. */
const MIGRATION_TABLES = new Set(['tocsin_migrations', 'tocsin_migrations_lock']);

interface Column {
  nullable: boolean;
  kind: Kind | 'unknown';
  /** As written: the SQL type of a column, the TypeScript type of a declared one. */
  type: string;
}
type Schema = Map<string, Map<string, Column>>;

function sqlColumn(type: string, nullable: boolean): Column {
  const t = type.toLowerCase();
  const kind = ['text', 'character varying', 'varchar'].includes(t)
    ? 'text'
    : ['integer', 'bigint', 'smallint', 'int', 'int4', 'int8'].includes(t)
      ? 'integer'
      : 'unknown';
  return { nullable, kind, type: t };
}

async function migratedSchema(db: Db, dialect: Dialect): Promise<Schema> {
  const schema: Schema = new Map();
  if (dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    for (const { name } of tables.rows) {
      if (MIGRATION_TABLES.has(name)) continue;
      const columns = await sql<{ name: string; type: string; notnull: number; pk: number }>`
        select name, type, "notnull", pk from pragma_table_info(${name})`.execute(db);
      schema.set(
        name,
        new Map(
          columns.rows.map((c) => [
            c.name,
            // SQLite lets a non-integer primary key hold null (a legacy quirk); PostgreSQL does
            // not, and no code writes one, so a key column counts as not null on both.
            sqlColumn(c.type, c.notnull === 0 && c.pk === 0),
          ]),
        ),
      );
    }
    return schema;
  }
  const columns = await sql<{
    table_name: string;
    column_name: string;
    is_nullable: string;
    data_type: string;
  }>`
    select c.table_name, c.column_name, c.is_nullable, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  for (const c of columns.rows) {
    if (MIGRATION_TABLES.has(c.table_name)) continue;
    let table = schema.get(c.table_name);
    if (table === undefined) schema.set(c.table_name, (table = new Map()));
    table.set(c.column_name, sqlColumn(c.data_type, c.is_nullable === 'YES'));
  }
  return schema;
}

/**
 * The `Database` interface as the compiler sees it, column by column: `Generated<T>` and
 * `ColumnType<S, I, U>` count as their select type S, `| null` makes a column nullable, string
 * types (literal unions included) are text and number types integer.
 */
function declaredSchema(): Schema {
  const file = fileURLToPath(new URL('./tables.ts', import.meta.url));
  const configPath = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(
    config.config,
    ts.sys,
    fileURLToPath(new URL('../../../', import.meta.url)),
  );
  const program = ts.createProgram([file], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `${file} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  assert.ok(moduleSymbol, 'tables.ts has no module symbol');
  const databaseSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Database');
  assert.ok(databaseSymbol, 'tables.ts exports no Database interface');
  const database = checker.getDeclaredTypeOfSymbol(databaseSymbol);

  const schema: Schema = new Map();
  for (const table of checker.getPropertiesOfType(database)) {
    const columns = new Map<string, Column>();
    const tableType = checker.getTypeOfSymbolAtLocation(table, source);
    for (const column of checker.getPropertiesOfType(tableType)) {
      const optional = (column.flags & ts.SymbolFlags.Optional) !== 0;
      columns.set(
        column.name,
        declaredColumn(checker, checker.getTypeOfSymbolAtLocation(column, source), optional),
      );
    }
    schema.set(table.name, columns);
  }
  return schema;
}

function declaredColumn(checker: ts.TypeChecker, declared: ts.Type, optional: boolean): Column {
  // Generated<T> and ColumnType<S, I, U> are { __select__: S; __insert__: I; __update__: U }.
  const select = declared.getProperty('__select__');
  const type =
    select !== undefined && select.valueDeclaration !== undefined
      ? checker.getTypeOfSymbolAtLocation(select, select.valueDeclaration)
      : declared;
  let nullable = false;
  const kinds = new Set<Column['kind']>();
  for (const m of type.isUnion() ? type.types : [type]) {
    if (m.flags & ts.TypeFlags.Null) nullable = true;
    else if (m.flags & ts.TypeFlags.StringLike) kinds.add('text');
    else if (m.flags & ts.TypeFlags.NumberLike) kinds.add('integer');
    // A row always has every column: `?` (or `| undefined`) is a declaration error, as is a
    // boolean (SQLite has no boolean; flags are 0/1 numbers).
    else kinds.add('unknown');
  }
  if (optional) kinds.add('unknown');
  const written = `${checker.typeToString(declared)}${optional ? ' (optional)' : ''}`;
  return { nullable, kind: kinds.size === 1 ? [...kinds][0]! : 'unknown', type: written };
}

function tableNames(schema: Schema): string[] {
  return [...schema.keys()].sort();
}

/** One line per difference, so a failure names every table and column that drifted. */
function fail(problems: string[], what: string): void {
  assert.equal(problems.length, 0, `${what}:\n  ${problems.sort().join('\n  ')}`);
}

/** What a column of each kind is declared as in TypeScript. */
const EXPECTED: Record<Column['kind'], string> = {
  text: 'declare a string type',
  integer: 'declare number; flags are 0/1 numbers',
  unknown: 'a type the migrations must not use: only text, integer and bigint',
};

const HINT =
  'the migrated schema (src/platform/db/migrations) and the declared types (src/platform/db/tables/) differ';

let declared: Schema | undefined;

describeEachDialect('declared table types match the migrated schema', (server, dialect) => {
  let actual: Schema;
  before(async () => {
    // Compiling the types takes a second or two; both dialects share one reading.
    declared ??= declaredSchema();
    actual = await migratedSchema(server().tdb.db, dialect);
  });

  it('declares exactly the tables the migrations create', () => {
    const want = declared!;
    assert.ok(
      actual.size > 0 && want.size > 0,
      `read ${actual.size} tables from the schema, ${want.size} declared`,
    );
    const problems = [
      ...tableNames(actual)
        .filter((t) => !want.has(t))
        .map((t) => `table ${t}: in the schema, missing from the Database interface`),
      ...tableNames(want)
        .filter((t) => !actual.has(t))
        .map((t) => `table ${t}: declared in the Database interface, no such table in the schema`),
    ];
    fail(problems, HINT);
  });

  it('declares exactly the columns of each table', () => {
    const problems: string[] = [];
    for (const [table, columns] of actual) {
      const want = declared!.get(table);
      if (want === undefined) continue;
      for (const c of columns.keys()) {
        if (!want.has(c)) problems.push(`${table}.${c}: a column in the schema, not declared`);
      }
      for (const c of want.keys()) {
        if (!columns.has(c)) problems.push(`${table}.${c}: declared, no such column in the schema`);
      }
    }
    fail(problems, HINT);
  });

  it('declares `| null` exactly on the nullable columns', () => {
    const problems: string[] = [];
    for (const [table, column, have, want] of pairs(actual, declared!)) {
      if (have.nullable === want.nullable) continue;
      problems.push(
        have.nullable
          ? `${table}.${column}: the column is nullable, declared \`${want.type}\` (no \`| null\`)`
          : `${table}.${column}: the column is not null, declared \`${want.type}\``,
      );
    }
    fail(problems, HINT);
  });

  it('declares the kind of value each column stores (string: text, number: integer/bigint)', () => {
    const problems: string[] = [];
    for (const [table, column, have, want] of pairs(actual, declared!)) {
      if (have.kind === want.kind && have.kind !== 'unknown') continue;
      problems.push(
        `${table}.${column}: the column is ${have.type} (${EXPECTED[have.kind]}), declared \`${want.type}\``,
      );
    }
    fail(problems, HINT);
  });
});

function* pairs(actual: Schema, declared: Schema): Generator<[string, string, Column, Column]> {
  for (const [table, columns] of actual) {
    for (const [column, have] of columns) {
      const want = declared.get(table)?.get(column);
      if (want !== undefined) yield [table, column, have, want];
    }
  }
}
