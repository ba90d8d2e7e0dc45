import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../test/harness.ts';

describeEachDialect('users API', (server) => {
  it('creates a user with contact methods, answers 201 and never shows the password hash', async () => {
    const { app } = server();
    const res = await api<Record<string, unknown>>(app, 'POST', '/api/v1/users', {
      body: {
        name: 'Alice',
        email: 'Alice@Example.com',
        role: 'responder',
        time_zone: 'Europe/Berlin',
        password: 'correct horse battery',
        contact_methods: [
          { type: 'email', address: 'alice@example.com' },
          { type: 'sms', address: '+14155550100', label: 'mobile' },
        ],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(String(res.body.id), /^usr_[0-9A-Z]{26}$/);
    assert.equal(res.body.email, 'alice@example.com');
    assert.equal(res.body.has_password, true);
    assert.equal((res.body.contact_methods as unknown[]).length, 2);
    assert.ok(!JSON.stringify(res.body).includes('argon2'));

    const got = await api<Record<string, unknown>>(app, 'GET', `/api/v1/users/${String(res.body.id)}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('rejects bad input with 400 naming the field', async () => {
    const { app } = server();
    const cases: [unknown, RegExp][] = [
      [{ email: 'x@example.com' }, /body\.name is required/],
      [{ name: 'Bob', email: 'not-an-email' }, /body\.email/],
      [
        { name: 'Bob', email: 'bob@example.com', role: 'king' },
        /body\.role must be one of: admin, responder, viewer/,
      ],
      [{ name: 42, email: 'bob@example.com' }, /body\.name must be string/],
      [{ name: 'Bob', email: 'bob@example.com', shoe_size: 9 }, /body\.shoe_size is not a known field/],
      [{ name: 'Bob', email: 'bob@example.com', time_zone: 'Mars/Olympus' }, /time_zone: unknown time zone/],
      [
        { name: 'Bob', email: 'bob@example.com', contact_methods: [{ type: 'sms', address: '555' }] },
        /contact_methods\.0\.address: must be an E\.164/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api<{ error: { code: string; message: string } }>(app, 'POST', '/api/v1/users', {
        body,
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'invalid_request');
      assert.match(res.body.error.message, message);
    }
  });

  it('answers 409 for a duplicate name or email, 404 for a missing user', async () => {
    const { app } = server();
    const first = await api(app, 'POST', '/api/v1/users', {
      body: { name: 'Carol', email: 'carol@example.com' },
    });
    assert.equal(first.status, 201);
    const byName = await api<{ error: { code: string } }>(app, 'POST', '/api/v1/users', {
      body: { name: 'Carol', email: 'carol2@example.com' },
    });
    assert.equal(byName.status, 409);
    assert.equal(byName.body.error.code, 'conflict');
    const byEmail = await api(app, 'POST', '/api/v1/users', {
      body: { name: 'Carol 2', email: 'CAROL@example.com' },
    });
    assert.equal(byEmail.status, 409);
    const missing = await api<{ error: { code: string } }>(
      app,
      'GET',
      '/api/v1/users/usr_01JAAAAAAAAAAAAAAAAAAAAAAA',
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
  });
});

describeEachDialect('users list', (server) => {
  it('filters by role and by name/email substring (wildcards matched literally) and pages with a cursor', async () => {
    const { app } = server();
    for (const [name, role] of [
      ['Zed 100%', 'viewer'],
      ['Zed 1000', 'viewer'],
      ['Zelda', 'responder'],
    ] as const) {
      const res = await api(app, 'POST', '/api/v1/users', {
        body: { name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.com`, role },
      });
      assert.equal(res.status, 201);
    }
    type List = { data: { name: string }[]; next_cursor: string | null };
    const pct = await api<List>(app, 'GET', `/api/v1/users?q=${encodeURIComponent('0%')}`);
    assert.deepEqual(
      pct.body.data.map((u) => u.name),
      ['Zed 100%'],
    );
    const viewers = await api<List>(app, 'GET', '/api/v1/users?role=viewer&q=zed');
    assert.deepEqual(viewers.body.data.map((u) => u.name).sort(), ['Zed 100%', 'Zed 1000']);
    const first = await api<List>(app, 'GET', '/api/v1/users?q=ze&limit=2');
    assert.equal(first.body.data.length, 2);
    assert.ok(first.body.next_cursor);
    const second = await api<List>(app, 'GET', `/api/v1/users?q=ze&limit=2&cursor=${first.body.next_cursor}`);
    assert.deepEqual(
      second.body.data.map((u) => u.name),
      ['Zelda'],
    );
    assert.equal(second.body.next_cursor, null);
  });
});
