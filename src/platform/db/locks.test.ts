import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { it } from 'node:test';
import { ADVISORY_LOCKS } from './locks.ts';

it('gives every advisory lock purpose its own key', () => {
  const keys = Object.values(ADVISORY_LOCKS);
  assert.equal(new Set(keys).size, keys.length, JSON.stringify(ADVISORY_LOCKS));
  // pg_advisory_xact_lock(int, int) takes the pairs' first key as a 32-bit integer.
  for (const key of keys) assert.ok(Number.isInteger(key) && key > 0 && key < 2 ** 31, String(key));
});

it('every advisory lock in src/ takes its key from ADVISORY_LOCKS, one purpose per key', async () => {
  const src = new URL('../../', import.meta.url);
  const files = (await readdir(src, { recursive: true })).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('locks.ts'),
  );
  const users = new Map<string, string[]>();
  for (const file of files) {
    const text = await readFile(new URL(file, src), 'utf8');
    for (const call of text.matchAll(/pg_(?:try_)?advisory_(?:xact_)?lock(?:_shared)?\(([^,)]*)/g)) {
      const key = /^\$\{ADVISORY_LOCKS\.(\w+)\}$/.exec(call[1]!.trim())?.[1];
      assert.ok(
        key !== undefined && key in ADVISORY_LOCKS,
        `${file}: ${call[0]} takes a key from ADVISORY_LOCKS`,
      );
      users.set(key, [...(users.get(key) ?? []), file]);
    }
  }
  assert.ok(users.size > 0, 'found the advisory locks');
  for (const [key, where] of users)
    assert.equal(new Set(where).size, 1, `${key} is used in ${where.join(', ')}`);
});
