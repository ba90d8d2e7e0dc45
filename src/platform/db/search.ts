import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * `column` contains `q`, case-insensitively, with `%` and `_` in `q` matched literally. SQLite
 * has no default LIKE escape character, hence the explicit ESCAPE.
 */
export function containsText(column: string, q: string): Expression<SqlBool> {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
