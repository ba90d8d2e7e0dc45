import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { captureIo } from '../../test/cli-io.ts';
import { auditActions } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { runCli } from '../cli/run.ts';
import type { RunbookSummaryView, RunbookView } from '../runbooks/schemas.ts';
import { applyConfig, planConfig } from './apply.ts';
import type { Plan } from './diff.ts';
import { exportConfig } from './export.ts';
import { formatPlan } from './format.ts';
import { loadConfigTexts } from './load.ts';

/**
 * Runbooks in tocsin.yaml: validated offline (references, matchers, unique titles, each at its
 * path), created and changed through the runbook actions (audited; a new text or new tags is a
 * new version, the rest changes in place), exported with the text as a block scalar so that the
 * export plans as no change, and pruned only when the file lists runbooks.
 */

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const load = (text: string) => loadConfigTexts([{ file: 'runbooks.yaml', text }]).config;

const BASE = [
  'version: 1',
  'teams:',
  '  - name: SRE',
  '  - name: Data',
  'services:',
  '  - name: Postgres',
  '    team: Data',
  '  - name: Kafka',
  '    team: Data',
];

const DISK_BODY = ['## Symptoms', '', 'The volume is over 90% full.'];

function diskFull(more: { tags?: string; matchers?: string; review?: number; body?: string[] } = {}) {
  return [
    '  - title: Disk full',
    '    team: Data',
    `    tags: ${more.tags ?? '[storage, disk]'}`,
    '    services: [Postgres, Kafka]',
    `    matchers: ${more.matchers ?? `['alertname="DiskFull"', 'instance=~"db-.*"']`}`,
    '    severities: [warning, critical]',
    '    sources: [prometheus]',
    ...(more.review === undefined ? [] : [`    review_interval_days: ${more.review}`]),
    '    body: |',
    ...(more.body ?? DISK_BODY).map((l) => (l === '' ? '' : `      ${l}`)),
  ];
}

// No body: its text is not the file's, and a new one starts from the template.
const KAFKA_LAG = ['  - title: Kafka lag', '    services: [Kafka]', '    review_interval_days: 30'];

describeEachDialect('config: runbooks', (server) => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-runbooks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const runbook = async (title: string): Promise<RunbookView> => {
    const list = await api<{ data: RunbookSummaryView[] }>(server().app, 'GET', '/api/v1/runbooks?limit=100');
    const found = list.body.data.find((r) => r.title === title);
    assert.ok(found, `no runbook ${JSON.stringify(title)} in ${JSON.stringify(list.body)}`);
    return (await api<RunbookView>(server().app, 'GET', `/api/v1/runbooks/${found.id}`)).body;
  };
  const titles = async () =>
    (await api<{ data: RunbookSummaryView[] }>(server().app, 'GET', '/api/v1/runbooks?limit=100')).body.data
      .map((r) => r.title)
      .sort();
  const versions = async (id: string) =>
    (
      await api<{ data: { version: number; note: string; edited_by: { type: string; id: string } }[] }>(
        server().app,
        'GET',
        `/api/v1/runbooks/${id}/versions`,
      )
    ).body.data;
  const bodyOf = async (id: string, version: number) =>
    (await api<{ body: string }>(server().app, 'GET', `/api/v1/runbooks/${id}/versions/${version}`)).body
      .body;

  it('validates offline, creates through the runbook actions (audited, version 1), then plans nothing', async () => {
    const text = lines(...BASE, 'runbooks:', ...diskFull(), ...KAFKA_LAG);
    const file = join(dir, 'tocsin.yaml');
    writeFileSync(file, text);
    const validate = captureIo();
    assert.equal(await runCli(['config', 'validate', '-f', file], validate.io), 0, validate.errText());
    assert.match(validate.text(), /, 2 runbooks in 1 file$/);

    const ctx = server().ctx('cli');
    const config = load(text);
    const plan = await planConfig({ ctx, input: { config } });
    assert.deepEqual(
      plan.changes.filter((c) => c.kind === 'runbooks').map((c) => `${c.op} ${c.name}`),
      ['create Disk full', 'create Kafka lag'],
    );
    await applyConfig({ ctx, input: { config } });

    const disk = await runbook('Disk full');
    assert.deepEqual(
      {
        owner: disk.owner_team?.name,
        tags: disk.tags,
        services: disk.services.map((s) => s.name),
        matchers: disk.matchers,
        severities: disk.severities,
        sources: disk.sources,
        review: disk.review_interval_days,
        version: disk.version,
        body: disk.body,
      },
      {
        owner: 'Data',
        tags: ['disk', 'storage'],
        services: ['Kafka', 'Postgres'],
        matchers: [
          { name: 'alertname', op: '=', value: 'DiskFull' },
          { name: 'instance', op: '=~', value: 'db-.*' },
        ],
        severities: ['critical', 'warning'],
        sources: ['prometheus'],
        review: 90,
        version: 1,
        body: lines(...DISK_BODY),
      },
    );
    assert.deepEqual(await auditActions(server().app, 'runbook', disk.id), ['runbook.create']);
    const [first] = await versions(disk.id);
    assert.deepEqual(
      { version: first?.version, note: first?.note, by: first?.edited_by.id },
      { version: 1, note: 'config apply', by: 'config' },
    );

    const lag = await runbook('Kafka lag');
    const template = await api<{ body: string }>(server().app, 'GET', '/api/v1/runbook-template');
    assert.equal(lag.owner_team, null, 'no team: admins own it');
    assert.equal(lag.body, template.body.body);
    assert.equal(lag.review_interval_days, 30);

    const again = await planConfig({ ctx, input: { config } });
    assert.deepEqual(again.changes, []);
  });

  it('a new text or new tags is version 2; matching and the review interval change in place', async () => {
    const ctx = server().ctx('cli');
    const body = [...DISK_BODY, '', 'Find what grew with `du -xh`.'];
    const changed = load(
      lines(
        ...BASE,
        'runbooks:',
        ...diskFull({
          tags: '[storage, disk, postgres]',
          matchers: `['alertname="DiskFull"', 'instance=~"pg-.*"']`,
          body,
        }),
        ...KAFKA_LAG,
      ),
    );
    const plan = await planConfig({ ctx, input: { config: changed } });
    assert.deepEqual(plan.changes, [
      {
        kind: 'runbooks',
        name: 'Disk full',
        op: 'update',
        fields: [
          { field: 'tags', before: ['disk', 'storage'], after: ['disk', 'postgres', 'storage'] },
          {
            field: 'matchers',
            before: [
              { name: 'alertname', op: '=', value: 'DiskFull' },
              { name: 'instance', op: '=~', value: 'db-.*' },
            ],
            after: [
              { name: 'alertname', op: '=', value: 'DiskFull' },
              { name: 'instance', op: '=~', value: 'pg-.*' },
            ],
          },
          // The text is described, not printed twice.
          { field: 'body', before: 'version 1, 3 lines', after: 'version 2, 5 lines (+2 -0)' },
        ],
        items: [],
      },
    ]);
    assert.ok(
      formatPlan(plan).includes('    body: "version 1, 3 lines" -> "version 2, 5 lines (+2 -0)"'),
      formatPlan(plan).join('\n'),
    );

    await applyConfig({ ctx, input: { config: changed } });
    const disk = await runbook('Disk full');
    assert.equal(disk.version, 2);
    assert.deepEqual(disk.tags, ['disk', 'postgres', 'storage']);
    assert.equal(disk.matchers[1]?.value, 'pg-.*');
    assert.deepEqual(
      (await versions(disk.id)).map((v) => `${v.version} ${v.note}`),
      ['2 config apply', '1 config apply'],
    );
    assert.equal(await bodyOf(disk.id, 1), lines(...DISK_BODY));
    assert.equal(await bodyOf(disk.id, 2), lines(...body));
    assert.deepEqual(await auditActions(server().app, 'runbook', disk.id), [
      'runbook.create',
      'runbook.update',
    ]);

    // Not the text: changed in place, audited, no new version.
    const review = load(
      lines(
        ...BASE,
        'runbooks:',
        ...diskFull({
          tags: '[storage, disk, postgres]',
          matchers: `['alertname="DiskFull"', 'instance=~"pg-.*"']`,
          review: 45,
          body,
        }),
        ...KAFKA_LAG,
      ),
    );
    const applied = await applyConfig({ ctx, input: { config: review } });
    assert.deepEqual(
      applied.plan.changes.map((c) => `${c.op} ${c.name} ${c.fields.map((f) => f.field).join(',')}`),
      ['update Disk full review_interval_days'],
    );
    const reviewed = await runbook('Disk full');
    assert.deepEqual([reviewed.version, reviewed.review_interval_days], [2, 45]);
    assert.deepEqual(await auditActions(server().app, 'runbook', disk.id), [
      'runbook.create',
      'runbook.update',
      'runbook.update',
    ]);
    assert.deepEqual((await planConfig({ ctx, input: { config: review } })).changes, []);
  });

  it('exports runbooks, the text as a block scalar, and the export plans as no change', async () => {
    // Written in the web UI, with what a block scalar must take care of: an indented first
    // line, a document marker, trailing spaces, a tab, no final newline; a quoted label name.
    const tricky = await api(server().app, 'POST', '/api/v1/runbooks', {
      body: {
        title: 'Tricky text',
        body: '  indented first\n---\ntrailing spaces   \n\tand a tab\nlast line without newline',
        matchers: ['"my label"="a \\"quoted\\" value"', 'job!~"(?i)batch.*"'],
      },
    });
    assert.equal(tricky.status, 201, JSON.stringify(tricky.body));
    // Line ends a block scalar cannot keep: written quoted instead.
    const windows = await api(server().app, 'POST', '/api/v1/runbooks', {
      body: { title: 'Windows text', body: 'Pasted from Windows\r\nwith blank lines after\n\n\n' },
    });
    assert.equal(windows.status, 201, JSON.stringify(windows.body));

    const ctx = server().ctx('cli');
    const exported = await exportConfig({ ctx });
    assert.deepEqual(exported.skipped, []);
    assert.match(exported.yaml, /^runbooks:\n {2}- title: Disk full\n {4}team: Data\n/m);
    assert.match(exported.yaml, /^ {4}matchers:\n {6}- alertname="DiskFull"\n {6}- instance=~"pg-\.\*"\n/m);
    assert.match(exported.yaml, /^ {4}body: \|\n {6}## Symptoms\n\n {6}The volume is over 90% full\.\n/m);
    assert.match(exported.yaml, /^ {4}review_interval_days: 30\n/m, 'Kafka lag');
    const reloaded = loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]).config;
    const roundTrip = await planConfig({ ctx, input: { config: reloaded } });
    assert.deepEqual(roundTrip.changes, [], exported.yaml);
  });

  it('prunes runbooks left out only when the file lists runbooks', async () => {
    const apply = (text: string) =>
      api<Plan>(server().app, 'POST', '/api/v1/config/apply', {
        body: { files: [{ name: 'tocsin.yaml', content: text }], prune: true },
      });
    const before = await titles();
    assert.deepEqual(before, ['Disk full', 'Kafka lag', 'Tricky text', 'Windows text']);
    const disk = await runbook('Disk full');

    // A file about services alone leaves the runbooks be, even with --prune.
    const untouched = await apply(lines(...BASE));
    assert.equal(untouched.status, 200, JSON.stringify(untouched.body));
    assert.deepEqual(
      untouched.body.changes.filter((c) => c.kind === 'runbooks'),
      [],
    );
    assert.deepEqual(await titles(), before);

    const pruned = await apply(lines(...BASE, 'runbooks:', ...KAFKA_LAG));
    assert.equal(pruned.status, 200, JSON.stringify(pruned.body));
    assert.deepEqual(
      pruned.body.changes.map((c) => `${c.op} ${c.kind} ${c.name}`),
      ['delete runbooks Disk full', 'delete runbooks Tricky text', 'delete runbooks Windows text'],
    );
    assert.deepEqual(await titles(), ['Kafka lag']);
    assert.deepEqual(await auditActions(server().app, 'runbook', disk.id), [
      'runbook.create',
      'runbook.update',
      'runbook.update',
      'runbook.delete',
    ]);
  });

  it('refuses an unknown team or service, a bad matcher and a repeated title, each at its path', async () => {
    const audit = async () =>
      (await api<{ data: unknown[] }>(server().app, 'GET', '/api/v1/audit?limit=500')).body.data.length;
    const before = await audit();
    const res = await api<{
      error: { code: string; problems: { file: string; line: number; path: string; message: string }[] };
    }>(server().app, 'POST', '/api/v1/config/apply', {
      body: {
        files: [
          {
            name: 'bad.yaml',
            content: lines(
              ...BASE, //                                       1-9
              'runbooks:', //                                   10
              '  - title: Broken', //                           11
              '    team: Nobody', //                            12
              '    services: [Postgres, Nowhere]', //           13
              '    matchers:', //                               14
              `      - 'alertname="DiskFull"'`, //              15
              `      - 'instance=~"db-("'`, //                  16
              `      - 'severity critical'`, //                 17
              '  - title: Broken', //                           18
            ),
          },
        ],
      },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'invalid_request');
    const found = res.body.error.problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`);
    assert.equal(found.length, 5, found.join('\n'));
    assert.equal(found[0], 'bad.yaml:12 runbooks[0].team: team "Nobody" is not defined');
    assert.equal(found[1], 'bad.yaml:13 runbooks[0].services[1]: service "Nowhere" is not defined');
    assert.match(
      found[2]!,
      /^bad\.yaml:16 runbooks\[0\]\.matchers\[1\]: invalid regular expression "db-\(": /,
    );
    assert.equal(
      found[3],
      'bad.yaml:17 runbooks[0].matchers[2]: expected one of =, !=, =~, !~ after the label name in matcher "severity critical"',
    );
    assert.match(
      found[4]!,
      /^bad\.yaml:18 runbooks\[1\]\.title: runbook "Broken" is defined twice \(first at bad\.yaml:11:/,
    );
    assert.equal(await audit(), before, 'nothing was changed');
  });
});
