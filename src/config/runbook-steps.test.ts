import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auditActions } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { RunbookSummaryView } from '../runbooks/schemas.ts';
import type { StepView } from '../runbooks/steps/schemas.ts';
import { applyConfig, planConfig } from './apply.ts';
import type { Plan } from './diff.ts';
import { exportConfig } from './export.ts';
import { formatPlan } from './format.ts';
import { loadConfigTexts } from './load.ts';

/**
 * Runbooks' automated steps in tocsin.yaml: created, changed, reordered and deleted by name
 * through the step actions (each audited on the runbook), left alone for a runbook without
 * `steps:`, exported so that the export plans as no change, secrets only ever named in templates
 * (their values in no export, plan or audit entry), and bad steps refused at their path: offline
 * for what the file alone shows, at plan for the secrets and addresses only the server knows.
 */

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const load = (text: string) => loadConfigTexts([{ file: 'steps.yaml', text }]).config;
const SECRET = 'tok-8c1e5a90f3d24b7a';

const BASE = [
  'version: 1',
  'teams:',
  '  - name: Data',
  'services:',
  '  - name: Postgres',
  '    team: Data',
  'runbooks:',
  '  - title: Kafka lag',
  '  - title: Disk full',
  '    team: Data',
  '    services: [Postgres]',
];

const COLLECT = [
  '      - name: Collect usage',
  '        method: GET',
  "        url: 'https://ops.example.com/disk?host={{labels.instance}}'",
  '        approval: safe',
  '        auto_run: true',
  '        auto_run_per_hour: 2',
];
const restart = (timeout = 30) => [
  '      - name: Restart',
  '        url: https://ops.example.com/restart',
  '        headers: [{ name: Content-Type, value: application/json }]',
  `        body: '{"host": "{{labels.instance}}", "incident": "{{incident.ref}}"}'`,
  `        timeout_seconds: ${timeout}`,
  '        expected_status: 202',
  '        approval: approval',
  '        approver_role: admin',
];
const CHECK = [
  '      - name: Check replicas',
  '        url: https://ops.example.com/replicas',
  '        approval: safe',
];
const NOTIFY = [
  '      - name: Page vendor',
  '        url: https://vendor.example.com/page',
  '        headers:',
  "          - { name: Authorization, value: 'Bearer {{secrets.ops_token}}' }",
  `        body: 'token={{secrets.ops_token}}&ref={{incident.ref}}'`,
  '        approval: approval',
];

describeEachDialect('config: runbook steps', (server) => {
  const runbookId = async (title: string) => {
    const list = await api<{ data: RunbookSummaryView[] }>(server().app, 'GET', '/api/v1/runbooks?limit=100');
    const found = list.body.data.find((r) => r.title === title);
    assert.ok(found, `no runbook ${JSON.stringify(title)}`);
    return found.id;
  };
  const stepsOf = async (title: string) =>
    (await api<{ data: StepView[] }>(server().app, 'GET', `/api/v1/runbooks/${await runbookId(title)}/steps`))
      .body.data;
  const planOf = (text: string) => planConfig({ ctx: server().ctx('cli'), input: { config: load(text) } });
  const apply = (text: string) => applyConfig({ ctx: server().ctx('cli'), input: { config: load(text) } });
  const itemsOf = (plan: Plan) => plan.changes.flatMap((c) => c.items);

  it('creates the steps in the order listed, through the step actions (audited), then plans nothing', async () => {
    const text = lines(...BASE, '    steps:', ...COLLECT, ...restart());
    const plan = await planOf(text);
    assert.deepEqual(
      plan.changes.map((c) => `${c.op} ${c.name}`),
      ['create Data', 'create Postgres', 'create Kafka lag', 'create Disk full'],
    );
    await apply(text);

    const steps = await stepsOf('Disk full');
    assert.deepEqual(
      steps.map((s) => ({
        ...s,
        id: undefined,
        runbook_id: undefined,
        created_at: undefined,
        updated_at: undefined,
      })),
      [
        {
          id: undefined,
          runbook_id: undefined,
          created_at: undefined,
          updated_at: undefined,
          position: 0,
          name: 'Collect usage',
          method: 'GET',
          url: 'https://ops.example.com/disk?host={{labels.instance}}',
          headers: [],
          body: null,
          timeout_seconds: 10,
          expected_status: null,
          approval: 'safe',
          approver_role: 'responder',
          auto_run: true,
          auto_run_per_hour: 2,
          secrets: [],
        },
        {
          id: undefined,
          runbook_id: undefined,
          created_at: undefined,
          updated_at: undefined,
          position: 1,
          name: 'Restart',
          method: 'POST',
          url: 'https://ops.example.com/restart',
          headers: [{ name: 'Content-Type', value: 'application/json' }],
          body: '{"host": "{{labels.instance}}", "incident": "{{incident.ref}}"}',
          timeout_seconds: 30,
          expected_status: 202,
          approval: 'approval',
          approver_role: 'admin',
          auto_run: false,
          auto_run_per_hour: 3,
          secrets: [],
        },
      ],
    );
    assert.deepEqual(await auditActions(server().app, 'runbook', await runbookId('Disk full')), [
      'runbook.create',
      'runbook_step.create',
      'runbook_step.create',
    ]);
    assert.deepEqual(await stepsOf('Kafka lag'), []);
    assert.deepEqual((await planOf(text)).changes, []);
  });

  it('changes, reorders and deletes steps by name; a runbook without steps: keeps its own', async () => {
    // Added in the web UI to a runbook whose file entry has no `steps:`: not the file's to remove.
    const added = await api(server().app, 'POST', `/api/v1/runbooks/${await runbookId('Kafka lag')}/steps`, {
      body: { name: 'Lag report', url: 'https://ops.example.com/lag' },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const diskId = await runbookId('Disk full');

    const reordered = lines(...BASE, '    steps:', ...restart(20), ...CHECK, ...COLLECT);
    const plan = await planOf(reordered);
    assert.deepEqual(plan.changes, [
      {
        kind: 'runbooks',
        name: 'Disk full',
        op: 'update',
        fields: [],
        items: [
          {
            list: 'steps',
            op: 'change',
            key: 'Restart',
            fields: [
              { field: 'timeout_seconds', before: 30, after: 20 },
              { field: 'position', before: 1, after: 0 },
            ],
          },
          { list: 'steps', op: 'add', key: 'Check replicas', fields: [] },
          {
            list: 'steps',
            op: 'change',
            key: 'Collect usage',
            fields: [{ field: 'position', before: 0, after: 2 }],
          },
        ],
      },
    ]);
    assert.deepEqual(formatPlan(plan).slice(0, 6), [
      '~ runbook "Disk full"',
      '    ~ steps "Restart"',
      '        timeout_seconds: 30 -> 20',
      '        position: 1 -> 0',
      '    + steps "Check replicas"',
      '    ~ steps "Collect usage"',
    ]);
    await apply(reordered);
    assert.deepEqual(
      (await stepsOf('Disk full')).map((s) => `${s.position} ${s.name} ${s.timeout_seconds}`),
      ['0 Restart 20', '1 Check replicas 10', '2 Collect usage 10'],
    );
    assert.deepEqual((await planOf(reordered)).changes, []);

    // A deletion leaves a gap in the stored positions: the order is the same, so that is no change.
    const fewer = lines(...BASE, '    steps:', ...restart(20), ...COLLECT);
    assert.deepEqual(itemsOf(await planOf(fewer)), [
      { list: 'steps', op: 'remove', key: 'Check replicas', fields: [] },
    ]);
    await apply(fewer);
    assert.deepEqual(
      (await stepsOf('Disk full')).map((s) => `${s.position} ${s.name}`),
      ['0 Restart', '2 Collect usage'],
    );
    assert.deepEqual((await planOf(fewer)).changes, []);
    assert.deepEqual(await auditActions(server().app, 'runbook', diskId), [
      'runbook.create',
      'runbook_step.create',
      'runbook_step.create',
      'runbook_step.update',
      'runbook_step.update',
      'runbook_step.create',
      'runbook_step.delete',
    ]);
    assert.deepEqual(
      (await stepsOf('Kafka lag')).map((s) => s.name),
      ['Lag report'],
    );

    // `steps: []` manages them: the web UI's step goes.
    const none = fewer.replace('  - title: Kafka lag\n', '  - title: Kafka lag\n    steps: []\n');
    assert.deepEqual(itemsOf(await planOf(none)), [
      { list: 'steps', op: 'remove', key: 'Lag report', fields: [] },
    ]);
    await apply(none);
    assert.deepEqual(await stepsOf('Kafka lag'), []);
  });

  it('exports the steps with defaults left out, and the export plans as no change', async () => {
    const minimal = await api(
      server().app,
      'POST',
      `/api/v1/runbooks/${await runbookId('Kafka lag')}/steps`,
      {
        body: { name: 'Lag report', url: 'https://ops.example.com/lag' },
      },
    );
    assert.equal(minimal.status, 201, JSON.stringify(minimal.body));
    const ctx = server().ctx('cli');
    const exported = await exportConfig({ ctx });
    assert.deepEqual(exported.skipped, []);
    assert.match(
      exported.yaml,
      /^ {4}steps:\n {6}- name: Lag report\n {8}url: https:\/\/ops\.example\.com\/lag\n {8}approval: approval\n {4}body: /m,
    );
    assert.match(exported.yaml, /^ {6}- name: Collect usage\n {8}method: GET\n/m);
    assert.match(exported.yaml, /^ {8}approver_role: admin\n/m);
    assert.doesNotMatch(
      exported.yaml,
      /method: POST|timeout_seconds: 10|auto_run: false|auto_run_per_hour: 3/,
    );
    const reloaded = loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]).config;
    assert.deepEqual((await planConfig({ ctx, input: { config: reloaded } })).changes, [], exported.yaml);
  });

  it('names secrets in templates only: applied as the config actor, never in export, plan or audit', async () => {
    const secret = await api(server().app, 'POST', '/api/v1/runbook-secrets', {
      body: { name: 'ops_token', value: SECRET },
    });
    assert.equal(secret.status, 201, JSON.stringify(secret.body));
    const text = lines(...BASE, '    steps:', ...restart(20), ...COLLECT, ...NOTIFY);
    const applied = await api<Plan>(server().app, 'POST', '/api/v1/config/apply', {
      body: { files: [{ name: 'tocsin.yaml', content: text }] },
    });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    // Added after a gap (2) in the stored positions: the steps before it are numbered as listed.
    assert.deepEqual(itemsOf(applied.body), [
      {
        list: 'steps',
        op: 'change',
        key: 'Collect usage',
        fields: [{ field: 'position', before: 2, after: 1 }],
      },
      { list: 'steps', op: 'add', key: 'Page vendor', fields: [] },
    ]);
    const notify = (await stepsOf('Disk full')).find((s) => s.name === 'Page vendor');
    assert.deepEqual(notify?.secrets, ['ops_token']);

    const ctx = server().ctx('cli');
    const exported = await exportConfig({ ctx });
    assert.ok(exported.yaml.includes('value: Bearer {{secrets.ops_token}}'), exported.yaml);
    assert.ok(!exported.yaml.includes(SECRET));
    const reloaded = loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]).config;
    assert.deepEqual((await planConfig({ ctx, input: { config: reloaded } })).changes, [], exported.yaml);

    const changed = await planOf(text.replace('Bearer {{secrets.ops_token}}', 'Token {{secrets.ops_token}}'));
    assert.deepEqual(itemsOf(changed), [
      {
        list: 'steps',
        op: 'change',
        key: 'Page vendor',
        fields: [
          {
            field: 'headers',
            before: [{ name: 'Authorization', value: 'Bearer {{secrets.ops_token}}' }],
            after: [{ name: 'Authorization', value: 'Token {{secrets.ops_token}}' }],
          },
        ],
      },
    ]);
    assert.ok(!formatPlan(changed).join('\n').includes(SECRET));
    const audit = await api(server().app, 'GET', '/api/v1/audit?limit=500');
    assert.ok(JSON.stringify(audit.body).includes('{{secrets.ops_token}}'));
    assert.ok(!JSON.stringify(audit.body).includes(SECRET));
  });

  it('refuses bad steps at their path: offline for the file, at plan for secrets and addresses', async () => {
    const auditSize = async () =>
      (await api<{ data: unknown[] }>(server().app, 'GET', '/api/v1/audit?limit=500')).body.data.length;
    const before = await auditSize();
    type Problems = { error: { problems: { file: string; line: number; path: string; message: string }[] } };
    const post = (path: string, content: string) =>
      api<Problems>(server().app, 'POST', path, { body: { files: [{ name: 'bad.yaml', content }] } });
    const found = (res: { body: Problems }) =>
      res.body.error.problems.map((p) => `${p.line} ${p.path}: ${p.message}`);

    const offline = await post(
      '/api/v1/config/apply',
      lines(
        ...BASE, //                                                                 1-11
        '    steps:', //                                                            12
        '      - name: Probe', //                                                   13
        '        method: GET', //                                                   14
        "        url: 'https://ops.example.com/?t={{secrets.ops_token}}'", //      15
        '        headers:', //                                                      16
        '          - { name: Host, value: ops.example.com }', //                    17
        "          - { name: X-Ref, value: '{{incident.number}}' }", //             18
        "        body: 'x'", //                                                     19
        '        auto_run: true', //                                                20
        '      - name: Probe', //                                                   21
        "        url: 'ftp://ops.example.com/{{labels.path}}'", //                  22
      ),
    );
    assert.equal(offline.status, 400, JSON.stringify(offline.body));
    const problems = found(offline);
    assert.equal(problems.length, 7, problems.join('\n'));
    assert.equal(
      problems[0],
      '15 runbooks[1].steps[0].url: a secret may not go in the URL (receivers and proxies log URLs); send it in a header or the body',
    );
    assert.equal(problems[1], '17 runbooks[1].steps[0].headers[0].name: Host is set by Tocsin');
    assert.match(
      problems[2]!,
      /^18 runbooks\[1\]\.steps\[0\]\.headers\[1\]\.value: unknown variable \{\{incident\.number\}\}; /,
    );
    assert.equal(
      problems[3],
      '19 runbooks[1].steps[0].body: a GET request has no body; use POST, PUT or PATCH',
    );
    assert.equal(
      problems[4],
      '20 runbooks[1].steps[0].auto_run: only safe steps run on their own (approval: safe); a step that needs approval waits for a person',
    );
    assert.match(
      problems[5]!,
      /^21 runbooks\[1\]\.steps\[1\]\.name: step "Probe" is defined twice \(first at bad\.yaml:13:/,
    );
    assert.equal(problems[6], '22 runbooks[1].steps[1].url: must be http or https');

    // Only the server knows its secrets and what its outbound guard refuses: found at plan.
    const online = lines(
      ...BASE, //                                                                   1-11
      '    steps:', //                                                              12
      '      - name: Metadata', //                                                  13
      '        url: http://169.254.169.254/latest/meta-data', //                    14
      '      - name: Vendor', //                                                    15
      '        url: https://vendor.example.com/page', //                            16
      '        headers:', //                                                        17
      "          - { name: Authorization, value: 'Bearer {{secrets.nope}}' }", //  18
    );
    for (const path of ['/api/v1/config/plan', '/api/v1/config/apply']) {
      const res = await post(path, online);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      const atPlan = found(res);
      assert.equal(atPlan.length, 2, atPlan.join('\n'));
      assert.match(atPlan[0]!, /^14 runbooks\[1\]\.steps\[0\]\.url: blocked: /);
      assert.equal(
        atPlan[1],
        '18 runbooks[1].steps[1].headers[0].value: no secret named "nope"; add it under runbook secrets first',
      );
    }
    // Without the files' lines (a config built in code), the path alone.
    await assert.rejects(planOf(online), (e: Error) => {
      assert.match(e.message, /^runbooks\[1\]\.steps\[0\]\.url: blocked: /);
      assert.match(e.message, /\nrunbooks\[1\]\.steps\[1\]\.headers\[0\]\.value: no secret named "nope"/);
      return true;
    });
    assert.equal(await auditSize(), before, 'nothing was changed');
  });
});
