import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { api, describeEachDialect } from '../../test/harness.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/small-company/tocsin.yaml');
const PUBLIC_URL = 'https://tocsin.example.com';

describeEachDialect(
  'GET /api/v1/config.schema.json',
  (server) => {
    it('answers anonymously with a schema that validates the example', async () => {
      const res = await api(server().app, 'GET', '/api/v1/config.schema.json', { token: null });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.match(String(res.headers['content-type']), /^application\/(schema\+)?json/);
      const schema = res.body;
      assert.equal(schema.$id, `${PUBLIC_URL}/api/v1/config.schema.json`);
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');

      const validate = addFormats.default(new Ajv({ allErrors: true })).compile(schema);
      const example: unknown = parse(await readFile(EXAMPLE, 'utf8'));
      assert.equal(validate(example), true, JSON.stringify(validate.errors));
      assert.equal(validate({ version: 1, teams: [{ name: 'x', colour: 'red' }] }), false);
    });

    it('ignores credentials: a bad token still gets the schema (public routes never authenticate)', async () => {
      const res = await api(server().app, 'GET', '/api/v1/config.schema.json', { token: 'tcs_nope' });
      assert.equal(res.status, 200);
    });
  },
  { env: { TOCSIN_PUBLIC_URL: PUBLIC_URL } },
);
