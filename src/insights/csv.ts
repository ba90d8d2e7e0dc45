/**
 * Reports as CSV (RFC 4180) for spreadsheets: one row per object, nested objects flattened into
 * `parent_child` columns. A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`) is prefixed with `'`: service and alert names come from outside.
 */
type Flat = Record<string, string | number | boolean | null>;

function flatten(value: Record<string, unknown>, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix === '' ? k : `${prefix}_${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatten(v as Record<string, unknown>, key, out);
    else if (!Array.isArray(v)) out[key] = v as string | number | boolean | null;
  }
  return out;
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Record<string, unknown>[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns: string[] = [];
  for (const r of flat) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const lines = [columns.map(cell).join(','), ...flat.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
