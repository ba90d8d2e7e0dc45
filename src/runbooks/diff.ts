/**
 * A line diff between two versions of a runbook (Myers' O(ND) algorithm), pure. The answer is
 * the list of lines, each kept, added or removed, and a unified text form for the CLI and for
 * anyone who prefers `patch`-style output.
 */
export type DiffOp = ' ' | '+' | '-';
export interface DiffLine {
  op: DiffOp;
  text: string;
}

/** Past this many differing lines the diff stops looking for the shortest edit and says so. */
const MAX_EDITS = 20_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail first: most edits touch a few lines of a long document.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ op: ' ', text }));
  out.push(...middle(midA, midB));
  out.push(...a.slice(a.length - tail).map((text) => ({ op: ' ' as const, text })));
  return out;
}

/** Myers' greedy forward search with the trace kept, then walked back into an edit script. */
function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((text) => ({ op: '+', text }));
  if (m === 0) return a.map((text) => ({ op: '-', text }));
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max;
  let v: Int32Array = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }
  if (found < 0) {
    // Too different to be worth the search: everything removed, then everything added.
    return [
      ...a.map((text) => ({ op: '-' as const, text })),
      ...b.map((text) => ({ op: '+' as const, text })),
    ];
  }
  const script: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      script.push({ op: ' ', text: a[x]! });
    }
    if (x === prevX) {
      y--;
      script.push({ op: '+', text: b[y]! });
    } else {
      x--;
      script.push({ op: '-', text: a[x]! });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    script.push({ op: ' ', text: a[x]! });
  }
  return script.reverse();
}

/** The diff as unified text with `context` lines around each change (`@@ -a,b +c,d @@` hunks). */
export function unifiedDiff(
  lines: readonly DiffLine[],
  fromName: string,
  toName: string,
  context = 3,
): string {
  const changed = lines.map((l) => l.op !== ' ');
  if (!changed.includes(true)) return '';
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  let i = 0;
  let aLine = 1;
  let bLine = 1;
  const advance = (l: DiffLine) => {
    if (l.op !== '+') aLine++;
    if (l.op !== '-') bLine++;
  };
  while (i < lines.length) {
    if (!changed[i]) {
      advance(lines[i]!);
      i++;
      continue;
    }
    // A hunk: back up `context` kept lines, then run until `2 * context` kept lines in a row.
    let start = i;
    let back = 0;
    while (start > 0 && back < context && !changed[start - 1]) {
      start--;
      back++;
    }
    let aStart = aLine - back;
    let bStart = bLine - back;
    let end = i;
    let quiet = 0;
    while (end < lines.length && (changed[end] || quiet < 2 * context)) {
      quiet = changed[end] ? 0 : quiet + 1;
      end++;
    }
    end -= Math.max(0, quiet - context);
    const hunk = lines.slice(start, end);
    const aCount = hunk.filter((l) => l.op !== '+').length;
    const bCount = hunk.filter((l) => l.op !== '-').length;
    if (aCount === 0) aStart--;
    if (bCount === 0) bStart--;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
    for (let j = i; j < end; j++) advance(lines[j]!);
    i = end;
  }
  return `${out.join('\n')}\n`;
}
