import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { buildUser, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';

/**
 * Every kind of bad tocsin.yaml sent to `POST /api/v1/config/apply` is refused with 400, names the
 * file and line of each problem, and changes nothing: no team, user or service appears and no audit
 * record is written, even when the failure happens halfway through the apply transaction.
 * YAML texts are written line by line so the expected line numbers can be checked by eye.
 */

interface Problem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

interface ErrorBody {
  error: { code: string; message: string; problems?: Problem[] };
}

interface ConfigFile {
  name: string;
  content: string;
}

/** The tests of one dialect share a database, so names get a suffix. */
const tag = () => randomBytes(3).toString('hex');

const lines = (...l: string[]) => `${l.join('\n')}\n`;

interface Snapshot {
  teams: string[];
  users: string[];
  services: string[];
  audit: string[];
}

async function ids(app: App, url: string): Promise<string[]> {
  const res = await api<{ data: { id: string }[] }>(app, 'GET', url);
  assert.equal(res.status, 200, `GET ${url}: ${JSON.stringify(res.body)}`);
  return res.body.data.map((x) => x.id);
}

async function snapshot(app: App): Promise<Snapshot> {
  return {
    teams: await ids(app, '/api/v1/teams?limit=500'),
    users: await ids(app, '/api/v1/users?limit=500'),
    services: await ids(app, '/api/v1/services?limit=500'),
    audit: await ids(app, '/api/v1/audit?limit=500'),
  };
}

async function assertUnchanged(app: App, before: Snapshot): Promise<void> {
  const now = await snapshot(app);
  for (const key of ['teams', 'users', 'services', 'audit'] as const) {
    assert.equal(now[key].length, before[key].length, `${key}: count changed`);
    assert.deepEqual(now[key], before[key], `${key}: contents changed`);
  }
}

/**
 * Applies `files` (as `token`, the admin by default), checks the status and that nothing
 * changed, and returns the error body.
 */
async function refused(
  app: App,
  body: unknown,
  opts: { status?: number; token?: string } = {},
): Promise<ErrorBody['error']> {
  const before = await snapshot(app);
  const res = await api<ErrorBody>(app, 'POST', '/api/v1/config/apply', {
    body,
    ...(opts.token === undefined ? {} : { token: opts.token }),
  });
  assert.equal(res.status, opts.status ?? 400, JSON.stringify(res.body));
  await assertUnchanged(app, before);
  return res.body.error;
}

/** A 400 invalid_request for the files, with its problems. */
async function rejectedFiles(app: App, files: ConfigFile[]): Promise<Problem[]> {
  const error = await refused(app, { files });
  assert.equal(error.code, 'invalid_request');
  assert.ok(Array.isArray(error.problems), `no problems in ${JSON.stringify(error)}`);
  return error.problems;
}

/** The one problem at file:line, with its path and a message fragment. */
function expectProblem(
  problems: Problem[],
  want: { file: string; line: number; column?: number; path?: string; message: string },
): Problem {
  const found = problems.find(
    (p) => p.file === want.file && p.line === want.line && p.message.includes(want.message),
  );
  assert.ok(found, `expected ${JSON.stringify(want)} in ${JSON.stringify(problems, null, 2)}`);
  if (want.path !== undefined) assert.equal(found.path, want.path);
  if (want.column !== undefined) assert.equal(found.column, want.column);
  return found;
}

describeEachDialect('config apply refuses bad files and changes nothing', (server) => {
  it('an unknown key: at the key, listing the allowed keys', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                  1
          'teams:', //                      2
          `  - name: Ops ${t}`, //          3
          'services:', //                   4
          `  - name: api ${t}`, //          5
          `    team: Ops ${t}`, //          6
          `    owner: Ops ${t}`, //         7
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const p = expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 7,
      column: 5,
      path: 'services[0].owner',
      message: 'unknown key "owner"',
    });
    assert.match(p.message, /expected one of: name, description, team/);
  });

  it('a wrong type: at the value, naming the expected type', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                                  1
          'users:', //                                      2
          `  - { name: Ann ${t}, email: ann-${t}@example.com }`, // 3
          'escalation_policies:', //                        4
          `  - name: primary ${t}`, //                      5
          '    levels:', //                                 6
          '      - delay_minutes: soon', //                 7
          `        targets: [{ user: ann-${t}@example.com }]`, // 8
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 7,
      column: 24,
      path: 'escalation_policies[0].levels[0].delay_minutes',
      message: 'must be an integer, not a string ("soon")',
    });
  });

  it('a reference to a missing object: at the reference', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                                  1
          'users:', //                                      2
          `  - { name: Ann ${t}, email: ann-${t}@example.com }`, // 3
          'escalation_policies:', //                        4
          `  - name: primary ${t}`, //                      5
          '    levels:', //                                 6
          '      - delay_minutes: 5', //                    7
          '        targets:', //                            8
          '          - schedule: Nope', //                  9
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 9,
      column: 23,
      path: 'escalation_policies[0].levels[0].targets[0].schedule',
      message: 'schedule "Nope" is not defined',
    });
  });

  it('a dependency cycle between services: at the dependency that closes it', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                     1
          'teams:', //                         2
          `  - name: Ops ${t}`, //             3
          'services:', //                      4
          `  - name: a-${t}`, //               5
          `    team: Ops ${t}`, //             6
          `    dependencies: [b-${t}]`, //     7
          `  - name: b-${t}`, //               8
          `    team: Ops ${t}`, //             9
          `    dependencies: [a-${t}]`, //     10
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 10,
      column: 20,
      path: 'services[1].dependencies[0]',
      message: `dependency cycle: a-${t} -> b-${t} -> a-${t}`,
    });
  });

  it('a YAML syntax error (an unclosed [): where the parser notices it, with an empty path', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                       1
          'teams:', //                           2
          `  - name: Ops ${t}`, //               3
          'services:', //                        4
          `  - name: api ${t}`, //               5
          `    team: Ops ${t}`, //               6
          '    dependencies: [a, b', //          7  the [ is never closed
          'users: []', //                        8
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    // The yaml parser reports an unclosed flow sequence where it finds the next block line
    // (line 8, column 1), not at the `[` on line 7.
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 8,
      column: 1,
      path: '',
      message: 'end with a ]',
    });
  });

  it('several errors in one file: every one reported, sorted by line', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                               1
          'services:', //                                2
          `  - name: web ${t}`, //                       3
          '    team: Nowhere', //                        4  missing team (a reference check, found last)
          `  - name: api ${t}`, //                       5
          `    team: Ops ${t}`, //                       6
          '    colour: red', //                          7  unknown key
          'teams:', //                                   8
          `  - name: Ops ${t}`, //                       9
          '    members: x', //                           10 wrong type
          'escalation_policies:', //                     11
          `  - name: primary ${t}`, //                   12
          '    levels:', //                              13
          '      - delay_minutes: soon', //              14 wrong type
          `        targets: [{ team: Ops ${t} }]`, //    15
        ),
      },
    ]);
    assert.equal(problems.length, 4, JSON.stringify(problems, null, 2));
    assert.deepEqual(
      problems.map((p) => p.line),
      [4, 7, 10, 14],
    );
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 4,
      path: 'services[0].team',
      message: 'team "Nowhere" is not defined',
    });
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 7,
      path: 'services[1].colour',
      message: 'unknown key "colour"',
    });
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 10,
      path: 'teams[0].members',
      message: 'must be a list, not a string ("x")',
    });
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 14,
      path: 'escalation_policies[0].levels[0].delay_minutes',
      message: 'must be an integer',
    });
  });

  it('two files, the second one bad: the problem names the second file and its own line', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'people.yaml',
        content: lines(
          'version: 1', //                                  1
          'teams:', //                                      2
          `  - name: Ops ${t}`, //                          3
          'users:', //                                      4
          `  - { name: Ann ${t}, email: ann-${t}@example.com }`, // 5
        ),
      },
      {
        name: 'services.yaml',
        content: lines(
          'version: 1', //                          1
          'services:', //                           2
          `  - name: api ${t}`, //                  3
          `    team: Ops ${t}`, //                  4  defined in people.yaml: fine
          '    escalation_policy: Missing', //      5
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    expectProblem(problems, {
      file: 'services.yaml',
      line: 5,
      column: 24,
      path: 'services[0].escalation_policy',
      message: 'escalation policy "Missing" is not defined',
    });
    assert.ok(!problems.some((p) => p.file === 'people.yaml'));
  });

  it('a time zone the schema cannot check: refused before anything changes, at the value', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                          1
          'users:', //                              2
          `  - name: Mars ${t}`, //                 3
          `    email: mars-${t}@example.com`, //    4
          '    time_zone: Mars/Olympus', //         5
        ),
      },
    ]);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 5,
      column: 16,
      path: 'users[0].time_zone',
      message: 'unknown time zone "Mars/Olympus"',
    });
  });

  it('times outside 1970-2200 and periods over 366 days, as the API refuses them (issue 14 item 5)', async () => {
    const t = tag();
    const problems = await rejectedFiles(server().app, [
      {
        name: 'tocsin.yaml',
        content: lines(
          'version: 1', //                                  1
          'silences:', //                                   2
          `  - name: century ${t}`, //                      3
          '    matchers: ["env=staging"]', //               4
          '    starts_at: "2026-12-01T00:00:00Z"', //       5
          '    ends_at: "2126-12-01T00:00:00Z"', //         6
          '    comment: forever', //                        7
          `  - name: far ${t}`, //                          8
          '    matchers: ["env=staging"]', //               9
          '    starts_at: "9999-12-01T00:00:00Z"', //       10
          '    ends_at: "9999-12-02T00:00:00Z"', //         11
          '    comment: far', //                            12
        ),
      },
    ]);
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 6,
      path: 'silences[0].ends_at',
      message: 'must be at most 366 days after starts_at',
    });
    expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 10,
      path: 'silences[1].starts_at',
      message:
        'must match format "date-time": an RFC 3339 time such as 2026-01-31T09:00:00Z, in the years 1970 to 2200',
    });
  });

  it('a file that fails inside the apply transaction: all or nothing', async () => {
    const { app } = server();
    const t = tag();
    // An existing user whose role the file changes before the failing user: the update is made
    // inside the transaction, so it must be rolled back too.
    const existing = await buildUser(app, { name: `Aaron ${t}`, email: `aaron-${t}@example.com` });
    assert.equal(existing.role, 'responder');
    // A user whose name only the database knows is taken: no file check can see it.
    await buildUser(app, { name: `Zed ${t}`, email: `zed-${t}@example.com` });
    const content = lines(
      'version: 1', //                               1
      'teams:', //                                   2
      `  - name: Ops ${t}`, //                       3
      '    members:', //                             4
      `      - user: ann-${t}@example.com`, //       5
      'users:', //                                   6
      `  - name: Aaron ${t}`, //                     7  exists: role responder -> viewer
      `    email: aaron-${t}@example.com`, //        8
      '    role: viewer', //                         9
      `  - name: Ann ${t}`, //                       10 new, valid
      `    email: ann-${t}@example.com`, //          11
      `  - name: Zed ${t}`, //                       12 new email, but the name is taken
      `    email: zed-two-${t}@example.com`, //      13
    );

    // Every file check passes: plan answers 200 with the four changes.
    const plan = await api<{ changes: { kind: string; name: string; op: string }[] }>(
      app,
      'POST',
      '/api/v1/config/plan',
      { body: { files: [{ name: 'tocsin.yaml', content }] } },
    );
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.deepEqual(
      plan.body.changes.map((c) => `${c.kind} ${c.op} ${c.name}`).sort(),
      [
        `teams create Ops ${t}`,
        `users create ann-${t}@example.com`,
        `users create zed-two-${t}@example.com`,
        `users update aaron-${t}@example.com`,
      ].sort(),
    );

    const error = await refused(app, { files: [{ name: 'tocsin.yaml', content }] }, { status: 409 });
    assert.equal(error.code, 'conflict');
    assert.match(error.message, /^tocsin\.yaml:12:/);
    const problems = error.problems ?? [];
    assert.equal(problems.length, 1, JSON.stringify(error));
    const p = expectProblem(problems, {
      file: 'tocsin.yaml',
      line: 12,
      path: 'users[2]',
      message: `a user named "Zed ${t}" already exists`,
    });
    assert.match(p.message, new RegExp(`zed-two-${t}@example\\.com`));

    // Rolled back: the user updated and the user created before the failure are as they were.
    const users = await api<{ data: { id: string; email: string; role: string }[] }>(
      app,
      'GET',
      '/api/v1/users?limit=500',
    );
    assert.ok(!users.body.data.some((u) => u.email === `ann-${t}@example.com`));
    assert.ok(!users.body.data.some((u) => u.email === `zed-two-${t}@example.com`));
    assert.equal(users.body.data.find((u) => u.id === existing.id)?.role, 'responder');
    const teams = await api<{ data: { name: string }[] }>(app, 'GET', '/api/v1/teams?limit=500');
    assert.ok(!teams.body.data.some((x) => x.name === `Ops ${t}`));
    const audit = await api<{ data: { action: string }[] }>(app, 'GET', '/api/v1/audit?limit=500');
    assert.ok(!audit.body.data.some((e) => e.action === 'config.apply'));
  });

  it('refuses responders and viewers (403) before looking at the files', async () => {
    const { app } = server();
    const body = {
      files: [{ name: 'tocsin.yaml', content: `version: 1\nteams:\n  - name: Ops ${tag()}\n` }],
    };
    for (const role of ['responder', 'viewer'] as const) {
      const user = await buildUser(app, { role });
      const token = await tokenFor(app, user.id);
      const error = await refused(app, body, { status: 403, token });
      assert.equal(error.code, 'forbidden', role);
      const plan = await api<ErrorBody>(app, 'POST', '/api/v1/config/plan', { body, token });
      assert.equal(plan.status, 403, role);
    }
  });

  it('refuses a body with an unknown field, or a file entry with one (400)', async () => {
    const { app } = server();
    const content = `version: 1\nteams:\n  - name: Ops ${tag()}\n`;
    const top = await refused(app, { files: [{ name: 'tocsin.yaml', content }], force: true });
    assert.equal(top.code, 'invalid_request');
    assert.match(top.message, /force/);
    const inner = await refused(app, { files: [{ name: 'tocsin.yaml', content, path: '/etc/x' }] });
    assert.equal(inner.code, 'invalid_request');
    const none = await refused(app, { files: [] });
    assert.equal(none.code, 'invalid_request');
  });
});
