/**
 * Text the databases cannot hold as sent: PostgreSQL refuses U+0000 in text (`invalid byte
 * sequence for encoding "UTF8": 0x00`, a 500 if it reaches a query), and a lone UTF-16 surrogate
 * (`"\ud800"` is valid JSON) does not survive UTF-8, so SQLite and PostgreSQL read back another
 * string than was written. Ingest replaces both (refusing an alert would drop a page); the API
 * refuses them at the HTTP edge with a 400 naming the field.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Each unstorable character becomes U+FFFD, on both dialects alike. */
export function storableText(s: string): string {
  return s.replace(UNSTORABLE_ALL, '\uFFFD');
}

/** Why `s` cannot be stored as sent, or undefined when it can. */
export function unstorableReason(s: string): string | undefined {
  const m = UNSTORABLE.exec(s);
  if (m === null) return undefined;
  return m[0] === '\u0000'
    ? 'must not contain NUL (U+0000) characters'
    : 'must not contain unpaired UTF-16 surrogates';
}

/**
 * The path (`body.labels.env`) of the first string, or object key, in `value` that cannot be
 * stored, with why; undefined when all can. Iterative, so a deeply nested body cannot overflow
 * the stack.
 */
export function findUnstorable(root: string, value: unknown): { path: string; reason: string } | undefined {
  const stack: [string, unknown][] = [[root, value]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [path, v] = item;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason !== undefined) return { path, reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([`${path}.${i}`, v[i]]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const reason = unstorableReason(k);
        if (reason !== undefined) return { path: `${path} (a key)`, reason };
        stack.push([`${path}.${k}`, child]);
      }
    }
  }
  return undefined;
}
