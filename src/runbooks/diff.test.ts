import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffLines, unifiedDiff } from './diff.ts';

const apply = (lines: ReturnType<typeof diffLines>) => ({
  before: lines.filter((l) => l.op !== '+').map((l) => l.text),
  after: lines.filter((l) => l.op !== '-').map((l) => l.text),
});

describe('runbook diff', () => {
  it('keeps what is common and marks the changed line as removed then added', () => {
    const lines = diffLines('a\nb\nc\n', 'a\nB\nc\n');
    assert.deepEqual(lines, [
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
    ]);
  });

  it('finds the shortest edit: one insertion in the middle, not a rewrite', () => {
    const lines = diffLines('x\ny\nz', 'x\ny\nnew\nz');
    assert.equal(lines.filter((l) => l.op !== ' ').length, 1);
    assert.deepEqual(lines[2], { op: '+', text: 'new' });
  });

  it('rebuilds both sides exactly from random edits', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rand(30) }, () => `l${rand(6)}`);
      const b = a.filter(() => rand(4) !== 0);
      for (let i = 0; i < rand(5); i++) b.splice(rand(b.length + 1), 0, `n${rand(6)}`);
      const lines = diffLines(a.join('\n'), b.join('\n'));
      assert.deepEqual(apply(lines), { before: a, after: b });
    }
  });

  it('diffs from and to an empty document', () => {
    assert.deepEqual(diffLines('', 'a\nb'), [
      { op: '+', text: 'a' },
      { op: '+', text: 'b' },
    ]);
    assert.deepEqual(diffLines('a', ''), [{ op: '-', text: 'a' }]);
  });

  it('writes unified hunks with line numbers and three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const text = unifiedDiff(diffLines(before, after), 'v1', 'v2');
    assert.equal(
      text,
      ['--- v1', '+++ v2', '@@ -7,7 +7,7 @@', 'line 7', 'line 8', 'line 9', '-line 10', '+line ten']
        .concat(['line 11', 'line 12', 'line 13'])
        .map((l) => (/^(---|\+\+\+|@@|[-+])/.test(l) ? l : ` ${l}`))
        .join('\n') + '\n',
    );
    assert.equal(unifiedDiff(diffLines('same', 'same'), 'v1', 'v2'), '');
  });

  it('numbers a hunk that only adds lines at the start', () => {
    const text = unifiedDiff(diffLines('a\nb', 'new\na\nb'), 'v1', 'v2');
    assert.equal(text, '--- v1\n+++ v2\n@@ -1,2 +1,3 @@\n+new\n a\n b\n');
    assert.ok(text.includes('+new'));
  });
});
