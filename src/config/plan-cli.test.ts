import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, TEST_ADMIN_TOKEN, type TestDatabase, createTestDatabase } from '../../test/harness.ts';
import { type ListeningTocsin, startListeningTocsin } from '../../test/peers/tocsin.ts';
import { runCli } from '../cli/run.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/small-company/tocsin.yaml');
const KEYS = {
  TOCSIN_KEY_PROMETHEUS_DB: 'prometheus-db-key-0123456789',
  TOCSIN_KEY_PROMETHEUS_GATEWAY: 'prometheus-gw-key-0123456789',
  TOCSIN_KEY_PAYMENT_PROVIDER: 'payment-provider-key-0123456789',
};

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The example's keys in the environment, as a CI job would have them, for the whole suite. */
function withKeys(): void {
  before(() => Object.assign(process.env, KEYS));
  after(() => {
    for (const k of Object.keys(KEYS)) delete process.env[k];
  });
}

/**
 * The three commands the way a user runs them: plan (exit 2 while there are changes), apply,
 * plan again (exit 0), export to a file and plan that file (exit 0). `target` is either a server
 * URL with a token or a database URL.
 */
function roundTrip(target: () => string[], dir: string): void {
  it('plan exits 2 and lists the creates, apply converges, plan exits 0', async () => {
    const plan = await cli('plan', '-f', EXAMPLE, ...target());
    assert.equal(plan.code, 2, plan.err);
    assert.match(plan.out, /^\+ user "anna@example\.com"$/m);
    assert.match(plan.out, /^\+ escalation policy "Platform"$/m);
    assert.match(plan.out, /^Plan: 20 to create, 0 to change, 0 to delete\.$/m);

    const apply = await cli('apply', '-f', EXAMPLE, ...target());
    assert.equal(apply.code, 0, apply.err);
    assert.match(apply.out, /^Applied: 20 created, 0 changed, 0 deleted\.$/m);

    const again = await cli('plan', '-f', EXAMPLE, ...target());
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /^No changes: the database matches the configuration\.$/m);
  });

  it('plan --json is the plan as data; a changed file shows field changes', async () => {
    const text = readFileSync(EXAMPLE, 'utf8').replace('repeat_count: 2', 'repeat_count: 3');
    const file = join(dir, 'changed.yaml');
    writeFileSync(file, text);
    const plan = await cli('plan', '-f', file, '--json', ...target());
    assert.equal(plan.code, 2, plan.err);
    const body = JSON.parse(plan.out) as {
      changes: { kind: string; name: string; op: string; fields: unknown[] }[];
    };
    assert.deepEqual(body.changes, [
      {
        kind: 'escalation_policies',
        name: 'Platform',
        op: 'update',
        fields: [{ field: 'repeat_count', before: 2, after: 3 }],
        items: [],
      },
    ]);
    const human = await cli('plan', '-f', file, ...target());
    assert.match(human.out, /^~ escalation policy "Platform"\n {4}repeat_count: 2 -> 3$/m);
  });

  it('export writes a file that plans as no change', async () => {
    const file = join(dir, 'exported.yaml');
    const exported = await cli('export', '-o', file, ...target());
    assert.equal(exported.code, 0, exported.err);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^ {2}- name: Platform primary$/m);
    const plan = await cli('plan', '-f', file, ...target());
    assert.equal(plan.code, 0, plan.out + plan.err);
  });

  it('a bad file prints file:line problems and exits 1 without contacting anything', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nteams:\n  - name: Ops\n    colour: red\n');
    const apply = await cli('apply', '-f', file, ...target());
    assert.equal(apply.code, 1);
    assert.match(
      apply.err,
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:5 teams\\[0\\]\\.colour: unknown key "colour"`,
        'm',
      ),
    );
    assert.match(apply.err, /nothing was changed/);
  });
}

for (const dialect of DIALECTS) {
  describe(`tocsin plan/apply/export against a server [${dialect}]`, () => {
    let tocsin: ListeningTocsin | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-cli-'));
    withKeys();
    before(async () => {
      tocsin = await startListeningTocsin(dialect);
    });
    after(async () => {
      await tocsin?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    roundTrip(() => ['--url', tocsin!.origin, '--token', TEST_ADMIN_TOKEN], dir);

    it('refuses without a token, and a server that is down exits 1', async () => {
      // Never exit 2 for a failure: to CI, plan's 2 means "there are changes".
      const noToken = await cli('plan', '-f', EXAMPLE, '--url', tocsin!.origin);
      assert.equal(noToken.code, 1);
      assert.match(noToken.err, /TOCSIN_TOKEN/);
      const down = await cli(
        'plan',
        '-f',
        EXAMPLE,
        '--url',
        'http://127.0.0.1:9',
        '--token',
        TEST_ADMIN_TOKEN,
      );
      assert.equal(down.code, 1);
      assert.match(down.err, /cannot reach/);
      const missing = await cli(
        'plan',
        '-f',
        join(dir, 'nope.yaml'),
        '--url',
        tocsin!.origin,
        '--token',
        TEST_ADMIN_TOKEN,
      );
      assert.equal(missing.code, 1);
      assert.match(missing.err, /nope\.yaml:1:1 cannot read: /);
      const noFile = await cli('plan', '--url', tocsin!.origin, '--token', TEST_ADMIN_TOKEN);
      assert.equal(noFile.code, 1);
      assert.match(noFile.err, /FILE_OR_DIR is required/);
    });
  });

  describe(`tocsin plan/apply/export on the database [${dialect}]`, () => {
    let tdb: TestDatabase | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-db-'));
    withKeys();
    before(async () => {
      tdb = await createTestDatabase(dialect);
    });
    after(async () => {
      await tdb?.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    roundTrip(() => ['--database', tdb!.url], dir);

    it('a key variable that is not set fails the apply at its line, changing nothing', async () => {
      const file = join(dir, 'new-service.yaml');
      const text = readFileSync(EXAMPLE, 'utf8').replace(
        '\nmaintenance_windows:',
        '  - name: Search\n    team: Platform\n    integrations:\n      - { name: Prometheus, type: alertmanager, key_from_env: TOCSIN_KEY_UNSET }\n\nmaintenance_windows:',
      );
      assert.ok(text.includes('name: Search'));
      writeFileSync(file, text);
      const apply = await cli('apply', '-f', file, '--database', tdb!.url);
      assert.equal(apply.code, 1, apply.out);
      assert.match(apply.err, /TOCSIN_KEY_UNSET, which is not set/);
      // Search would be created first of all; the failed apply left it out.
      const plan = await cli('plan', '-f', file, '--database', tdb!.url, '--json');
      assert.equal(plan.code, 2);
      const body = JSON.parse(plan.out) as { changes: { op: string; name: string }[] };
      assert.deepEqual(
        body.changes.map((c) => `${c.op} ${c.name}`),
        ['create Search'],
      );
    });
  });
}
