import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ValidationError } from '../platform/errors.ts';
import { ConfigError, formatProblems, loadConfigFiles, loadConfigTexts } from './load.ts';
import { configJsonSchema } from './schema.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/small-company/tocsin.yaml');

/** The formatted problems of a config that must fail, one `file:line:col path: message` each. */
function problemsOf(text: string, file = 'tocsin.yaml'): string[] {
  try {
    loadConfigTexts([{ file, text }]);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return formatProblems(err.problems).split('\n');
  }
  assert.fail('expected a ConfigError');
}

// Lines are numbered in the comments so the expected positions can be checked by eye.
const HEADER = `version: 1
teams:
  - name: Ops
users:
  - { name: Ann, email: ann@example.com }
`; // lines 1-5

describe('loadConfigFiles', () => {
  it('loads the small-company example with no problems', async () => {
    const { config, sources } = await loadConfigFiles(EXAMPLE);
    assert.equal(config.version, 1);
    assert.deepEqual(
      config.teams?.map((t) => t.name),
      ['Platform', 'Payments'],
    );
    assert.deepEqual(config.services?.find((s) => s.name === 'Checkout')?.dependencies, [
      'API gateway',
      'Database',
    ]);
    const keys = config.services?.flatMap((s) => s.integrations ?? []).map((i) => i.key_from_env);
    assert.ok(keys?.every((k) => typeof k === 'string'));
    assert.deepEqual(sources.files, [EXAMPLE]);
    const at = sources.locate(['services', 0, 'name']);
    assert.equal(at?.path, 'services[0].name');
    assert.equal(at?.file, EXAMPLE);
  });

  it('reports an unknown key at the key, with the keys allowed there', () => {
    assert.deepEqual(problemsOf(`${HEADER}services:\n  - name: api\n    team: Ops\n    owner: Ops\n`), [
      'tocsin.yaml:9:5 services[0].owner: unknown key "owner"; expected one of: name, description, team, escalation_policy, dependencies, alert_grouping, urgency_rules, integrations',
    ]);
  });

  it('reports every wrong type at once, each at its value', () => {
    const text = `${HEADER}services:
  - name: api
    team: Ops
    dependencies: api-db
  - name: web
    team: [Ops]
escalation_policies:
  - name: p
    levels:
      - { delay_minutes: "5", targets: [{ user: ann@example.com }] }
`;
    assert.deepEqual(problemsOf(text), [
      'tocsin.yaml:9:19 services[0].dependencies: must be a list, not a string ("api-db")',
      'tocsin.yaml:11:11 services[1].team: must be a string, not a list',
      'tocsin.yaml:15:26 escalation_policies[0].levels[0].delay_minutes: must be an integer, not a string ("5")',
    ]);
  });

  it('reports a reference to a missing object at the reference', () => {
    const text = `${HEADER}services:
  - name: api
    team: Ops
    escalation_policy: primary
escalation_policies:
  - name: p
    levels:
      - delay_minutes: 5
        targets: [{ schedule: nights }, { user: bob@example.com }, { team: Ops }]
`;
    assert.deepEqual(problemsOf(text), [
      'tocsin.yaml:9:24 services[0].escalation_policy: escalation policy "primary" is not defined',
      'tocsin.yaml:14:31 escalation_policies[0].levels[0].targets[0].schedule: schedule "nights" is not defined',
      'tocsin.yaml:14:49 escalation_policies[0].levels[0].targets[1].user: user "bob@example.com" is not defined',
    ]);
  });

  it('reports a duplicate name at the second definition', () => {
    const text = `${HEADER}  - { name: Ann Two, email: ANN@example.com }
services:
  - { name: api, team: Ops }
  - { name: api, team: Ops }
`;
    assert.deepEqual(problemsOf(text), [
      'tocsin.yaml:6:29 users[1].email: user "ANN@example.com" is defined twice (first at tocsin.yaml:5:25)',
      'tocsin.yaml:9:13 services[1].name: service "api" is defined twice (first at tocsin.yaml:8:13)',
    ]);
  });

  it('reports a dependency cycle with its path, at the dependency that closes it', () => {
    const text = `${HEADER}services:
  - { name: web, team: Ops, dependencies: [api] }
  - { name: api, team: Ops, dependencies: [db] }
  - { name: db, team: Ops, dependencies: [web] }
  - { name: cache, team: Ops, dependencies: [cache] }
`;
    assert.deepEqual(problemsOf(text), [
      'tocsin.yaml:9:43 services[2].dependencies[0]: dependency cycle: web -> api -> db -> web',
      'tocsin.yaml:10:46 services[3].dependencies[0]: dependency cycle: cache -> cache',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    assert.deepEqual(problemsOf('version: 1\nteams:\n  - name: Ops\n    name: Dev\n'), [
      'tocsin.yaml:4:5 Map keys must be unique',
    ]);
    // Each `---` document is checked on its own: a schema error in the first and a syntax error
    // in the second are both reported.
    assert.deepEqual(problemsOf('version: 1\nteams:\n  - nam: Ops\n---\nversion: 1\nservices: {\n'), [
      'tocsin.yaml:3:5 teams[0]: missing required key "name"',
      'tocsin.yaml:3:5 teams[0].nam: unknown key "nam"; expected one of: name, description, members',
      'tocsin.yaml:7:1 Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  it('reports schema and reference problems of different objects in one run', () => {
    const text = `${HEADER}services:
  - { name: api, team: Ops, colour: red }
  - { name: web, team: Web, dependencies: [api] }
`;
    assert.deepEqual(problemsOf(text), [
      'tocsin.yaml:7:29 services[0].colour: unknown key "colour"; expected one of: name, description, team, escalation_policy, dependencies, alert_grouping, urgency_rules, integrations',
      'tocsin.yaml:8:24 services[1].team: team "Web" is not defined',
    ]);
  });

  it('checks integrations: key_from_env is a variable name and keys themselves are refused', () => {
    const text = `${HEADER}services:
  - name: api
    team: Ops
    integrations:
      - { name: prom, type: alertmanager, key_from_env: "not a var" }
      - { name: pd, type: events-v2, key: abc }
`;
    assert.deepEqual(problemsOf(text), [
      'tocsin.yaml:10:57 services[0].integrations[0].key_from_env: must match the pattern ^[A-Za-z_][A-Za-z0-9_]*$',
      'tocsin.yaml:11:38 services[0].integrations[1].key: unknown key "key"; expected one of: name, type, enabled, rate_limit_per_minute, mapping, heartbeat, key_from_env',
    ]);
  });

  it('is a ValidationError, so the API answers 400 and the CLI prints the lines', () => {
    try {
      loadConfigTexts([{ file: 'tocsin.yaml', text: 'version: 2\n' }]);
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ValidationError);
      assert.match(err.message, /tocsin\.yaml:1:10 version: must be 1/);
    }
  });

  describe('a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('merges its files and reports an object defined in two files at the second', async () => {
      writeFileSync(join(dir, 'a-teams.yaml'), `${HEADER}services:\n  - { name: api, team: Ops }\n`);
      writeFileSync(join(dir, 'b-services.yml'), 'version: 1\nservices:\n  - { name: web, team: Ops }\n');
      writeFileSync(join(dir, 'notes.txt'), 'not config');
      const { config, sources } = await loadConfigFiles(dir);
      assert.deepEqual(
        config.services?.map((s) => s.name),
        ['api', 'web'],
      );
      assert.deepEqual(sources.locate(['services', 1, 'name']), {
        file: join(dir, 'b-services.yml'),
        line: 3,
        column: 13,
        path: 'services[0].name',
      });

      writeFileSync(
        join(dir, 'c-more.yaml'),
        'version: 1\nteams:\n  - name: Ops\nservices:\n  - { name: cart, team: Ops }\n  - { name: api, team: Ops }\n',
      );
      await assert.rejects(loadConfigFiles(dir), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(formatProblems(err.problems).split('\n'), [
          `${join(dir, 'c-more.yaml')}:3:11 teams[0].name: team "Ops" is defined twice (first at ${join(dir, 'a-teams.yaml')}:3:11)`,
          `${join(dir, 'c-more.yaml')}:6:13 services[1].name: service "api" is defined twice (first at ${join(dir, 'a-teams.yaml')}:7:13)`,
        ]);
        return true;
      });
    });
  });
});

describe('configJsonSchema', () => {
  it('is a draft-07 document that compiles with Ajv and accepts the example', async () => {
    const schema = configJsonSchema('https://tocsin.example.com/');
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.$id, 'https://tocsin.example.com/api/v1/config.schema.json');
    assert.equal(typeof schema.title, 'string');
    assert.equal(typeof schema.description, 'string');
    assert.equal(schema.additionalProperties, false);

    const ajv = addFormats.default(new Ajv({ allErrors: true }));
    const validate = ajv.compile(schema);
    const { readFile } = await import('node:fs/promises');
    const example: unknown = parse(await readFile(EXAMPLE, 'utf8'));
    assert.equal(validate(example), true, JSON.stringify(validate.errors));
    assert.equal(validate({ version: 1, teams: [{ name: 'x', colour: 'red' }] }), false);
  });
});
