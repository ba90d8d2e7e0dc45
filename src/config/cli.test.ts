import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../cli/run.ts';
import { captureIo } from '../../test/cli-io.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/small-company/tocsin.yaml');

// Line numbers matter: an unknown key on line 7 and a missing team on line 9. They are in two
// services because an item that fails the schema is left out of the reference checks.
const BAD = `version: 1
teams:
  - name: Ops
services:
  - name: api
    team: Ops
    owner: Ops
  - name: web
    team: Nope
`;

describe('tocsin config validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-validate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, BAD);

  it('accepts the small-company example, with counts, without a database', async () => {
    const c = captureIo();
    assert.equal(await runCli(['config', 'validate', '-f', EXAMPLE], c.io), 0, c.err.join('\n'));
    assert.deepEqual(c.err, []);
    assert.equal(c.out.length, 1);
    assert.match(c.out[0]!, /^ok: 2 teams, \d+ users, \d+ services, .* in 1 file$/);
  });

  it('lists every problem as file:line:col and exits 2', async () => {
    const c = captureIo();
    assert.equal(await runCli(['config', 'validate', '-f', bad], c.io), 2);
    assert.deepEqual(c.out, []);
    const lines = c.err.join('\n');
    assert.ok(
      c.err.some((l) => l.startsWith(`${bad}:7:5 services[0].owner: unknown key "owner"`)),
      lines,
    );
    assert.ok(c.err.includes(`${bad}:9:11 services[1].team: team "Nope" is not defined`), lines);
  });

  it('--json prints {ok, problems}', async () => {
    const c = captureIo();
    assert.equal(await runCli(['config', 'validate', '--file', bad, '--json'], c.io), 2);
    const result = JSON.parse(c.out.join('\n')) as {
      ok: boolean;
      problems: { file: string; line: number }[];
    };
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems.map((p) => [p.file, p.line]).sort(), [
      [bad, 7],
      [bad, 9],
    ]);

    const ok = captureIo();
    assert.equal(await runCli(['config', 'validate', '-f', EXAMPLE, '--json'], ok.io), 0);
    assert.deepEqual(JSON.parse(ok.out.join('\n')), { ok: true, problems: [] });
  });

  it('exits 2 when -f is missing or the path does not exist', async () => {
    const none = captureIo();
    assert.equal(await runCli(['config', 'validate'], none.io), 2);
    assert.match(none.err.join('\n'), /-f FILE_OR_DIR is required/);

    const missing = captureIo();
    const path = join(dir, 'nope.yaml');
    assert.equal(await runCli(['config', 'validate', '-f', path], missing.io), 2);
    assert.match(
      missing.err[0]!,
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:1 cannot read: `),
    );
  });
});
