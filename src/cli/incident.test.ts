import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildService, buildUser } from '../../test/factories.ts';
import { api, createTestDatabase, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { RemoteError, errorFromAnswer } from './api-client.ts';
import { runCli } from './run.ts';
import { captureIo, listeningCli } from '../../test/cli-io.ts';

/** Sets environment variables for the duration of `fn`; `undefined` unsets one. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

describe('api client error mapping', () => {
  it('maps statuses to AppErrors carrying the server message and the allowed transitions', () => {
    const conflict = errorFromAnswer(409, {
      error: {
        code: 'conflict',
        message: 'INC-3 is resolved; it can be: closed, reopened',
        allowed_transitions: ['close', 'reopen'],
      },
    });
    assert.ok(conflict instanceof ConflictError);
    assert.equal(conflict.message, 'INC-3 is resolved; it can be: closed, reopened (allowed: close, reopen)');
    const bad = errorFromAnswer(400, { error: { code: 'invalid_request', message: 'body.severity bad' } });
    assert.ok(bad instanceof ValidationError);
    assert.equal(bad.status, 400);
    assert.ok(errorFromAnswer(404, { error: { message: 'x' } }) instanceof NotFoundError);
    const boom = errorFromAnswer(500, 'gateway exploded');
    assert.ok(boom instanceof RemoteError);
    assert.equal(boom.status, 500);
    assert.equal(boom.message, 'gateway exploded');
  });
});

const MINUTE = 60_000;
// Two hours behind the real clock: the CLI computes `--since 3h` from the real one, and the
// in-process transport (system clock) writes after everything the test server wrote.
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 120 * MINUTE;
let clock = fixedClock(T0);

describeEachDialect(
  'tocsin incident CLI',
  (server, dialect) => {
    let serviceName: string;
    let serviceId: string;
    let otherServiceId: string;
    let alice: { id: string; name: string; email: string };
    let ref: string;
    let token: string;

    /** Runs the CLI against the listening server. */
    const run = listeningCli(server);
    const cli = (...argv: string[]) => run.as(token, ...argv);

    before(async () => {
      const app = server().app;
      token = server().adminToken;
      const service = await buildService(app);
      serviceName = service.name;
      serviceId = service.id;
      otherServiceId = (await buildService(app)).id;
      alice = await buildUser(app, { name: 'Alice Commander', role: 'responder' });
    });

    it('declare resolves service names and ids and prints the ref and channel', async () => {
      const r = await cli(
        'incident',
        'declare',
        '--title',
        'Checkout is down',
        '--service',
        serviceName,
        '--service',
        otherServiceId,
        '--severity',
        'SEV1',
        '--description',
        'Every payment fails with 502',
      );
      assert.equal(r.code, 0, r.errText());
      const m = /^declared (INC-\d+) triggered SEV1 "Checkout is down"$/m.exec(r.text());
      assert.ok(m, r.text());
      ref = m[1]!;
      const day = new Date(T0).toISOString().slice(0, 10).replace(/-/g, '');
      assert.match(r.text(), new RegExp(`channel {3}#inc-${day}-\\S+`));
      assert.match(r.text(), new RegExp(`services {2}${serviceName}, `));

      const got = await api<{ service_ids: string[]; severity: string; origin: string }>(
        server().app,
        'GET',
        `/api/v1/incidents/${ref}`,
      );
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.service_ids, [serviceId, otherServiceId]);
      assert.equal(got.body.origin, 'declared');
    });

    it('list filters by severity and service, as JSON and as a table', async () => {
      const json = await cli('incident', 'list', '--severity', 'SEV1', '--service', serviceName, '--json');
      assert.equal(json.code, 0, json.errText());
      const page = JSON.parse(json.text()) as { data: { ref: string; severity: string }[] };
      assert.deepEqual(
        page.data.map((i) => i.ref),
        [ref],
      );

      const none = await cli('incident', 'list', '--severity', 'SEV4', '--service', serviceName, '--json');
      assert.deepEqual((JSON.parse(none.text()) as { data: unknown[] }).data, []);

      const t = await cli('incident', 'list', '--service', serviceName, '--since', '3h', '--all');
      assert.equal(t.code, 0, t.errText());
      assert.match(t.out[0]!, /^REF\s+SEV\s+STATUS\s+SERVICE\s+AGE\s+TITLE$/);
      assert.match(
        t.text(),
        new RegExp(`^${ref}\\s+SEV1\\s+triggered\\s+${serviceName}\\s+2h \\d\\dm\\s+Checkout is down$`, 'm'),
      );

      const future = await cli(
        'incident',
        'list',
        '--service',
        serviceName,
        '--since',
        '2199-01-01T00:00:00Z',
      );
      assert.equal(future.text(), 'no incidents match');
    });

    it('ack, note --pin, a backdated note, assign, update, mitigate, resolve', async () => {
      clock.advance(5 * MINUTE);
      const ack = await cli('incident', 'ack', ref);
      assert.equal(ack.code, 0, ack.errText());
      assert.equal(ack.text(), `${ref} acknowledged SEV1 "Checkout is down"`);

      const pin = await cli('incident', 'note', ref, 'Rolled back deploy 42', '--pin');
      assert.equal(pin.code, 0, pin.errText());
      assert.match(pin.text(), new RegExp(`^added note \\S+ to ${ref} \\(pinned\\)$`));

      const past = await cli(
        'incident',
        'note',
        ref,
        'Deploy 42',
        'started',
        '--at',
        new Date(T0 + 2 * MINUTE).toISOString(),
      );
      assert.equal(past.code, 0, past.errText());
      assert.match(past.text(), new RegExp(`\\(backdated to ${new Date(T0 + 2 * MINUTE).toISOString()}\\)$`));
      clock.advance(5 * MINUTE);

      const assign = await cli(
        'incident',
        'assign',
        ref,
        '--role',
        'commander',
        '--user',
        alice.email.toUpperCase(),
      );
      assert.equal(assign.code, 0, assign.errText());
      assert.match(assign.text(), new RegExp(`${ref}: commander assigned`));
      assert.match(assign.text(), /^\s+\S.*\s+Alice Commander\s+\d{4}-/m);
      // BY is a name, not the actor reference the API answered with.
      assert.match(assign.text(), /^\s+\S.*\s+Alice Commander\s+\d{4}-\S+\s+admin$/m);
      const roles = await api<{ data: { role: string; user_id: string }[] }>(
        server().app,
        'GET',
        `/api/v1/incidents/${ref}/roles`,
      );
      assert.equal(roles.body.data.find((r) => r.role === 'commander')?.user_id, alice.id);

      const scribe = await cli('incident', 'assign', ref, '--role', 'scribe', '--user', 'Alice Commander');
      assert.equal(scribe.code, 0, scribe.errText());
      const unassign = await cli('incident', 'assign', ref, '--role', 'scribe', '--unassign', '--json');
      assert.equal(unassign.code, 0, unassign.errText());
      const after = JSON.parse(unassign.text()) as { data: { role: string }[]; history: { role: string }[] };
      assert.equal(
        after.data.some((r) => r.role === 'scribe'),
        false,
      );
      assert.ok(after.history.some((h) => h.role === 'scribe'));

      const update = await cli('incident', 'update', ref, 'Rollback is out; errors falling');
      assert.equal(update.code, 0, update.errText());
      assert.match(update.text(), new RegExp(`^posted update \\S+ to ${ref} \\[acknowledged SEV1\\]`));

      clock.advance(10 * MINUTE);
      const mitigate = await cli('incident', 'mitigate', ref);
      assert.equal(mitigate.code, 0, mitigate.errText());
      assert.equal(mitigate.text(), `${ref} mitigated SEV1 "Checkout is down"`);
      clock.advance(10 * MINUTE);
      const resolve = await cli('incident', 'resolve', ref, '--json');
      assert.equal(resolve.code, 0, resolve.errText());
      assert.equal((JSON.parse(resolve.text()) as { status: string }).status, 'resolved');
    });

    it('close needs the postmortem of a SEV1: exit 1 with the allowed transitions, then closes with one', async () => {
      const refused = await cli('incident', 'close', ref);
      assert.equal(refused.code, 1);
      assert.match(refused.errText(), /^tocsin incident close: .*postmortem/);
      assert.match(refused.errText(), /\(allowed: [^)]*reopen[^)]*\)$/);

      const ack = await cli('incident', 'ack', ref);
      assert.equal(ack.code, 1);
      assert.match(ack.errText(), /^tocsin incident ack: .*\(allowed: [^)]*reopen/);

      const closed = await cli('incident', 'close', ref, '--postmortem-url', 'https://wiki.example.com/pm/1');
      assert.equal(closed.code, 0, closed.errText());
      assert.equal(
        closed.text(),
        `${ref} closed SEV1 "Checkout is down"  postmortem https://wiki.example.com/pm/1`,
      );
    });

    it('show prints fields, durations, roles, updates and the timeline with pinned and backdated marks', async () => {
      const r = await cli('incident', 'show', ref);
      assert.equal(r.code, 0, r.errText());
      const text = r.text();
      assert.equal(r.out[0], `${ref}  SEV1  closed  Checkout is down`);
      assert.match(text, new RegExp(`services {6}${serviceName}, `));
      assert.match(text, /acknowledged {2}\d{4}-\S+ {2}by admin {2}\(after 5m 00s\)/);
      assert.match(text, /mitigated {5}\d{4}-\S+ {2}by admin {2}\(after 20m 00s\)/);
      assert.match(text, /durations {5}to acknowledge 5m 00s, to mitigate 20m 00s, to resolve 30m 00s/);
      assert.match(text, /postmortem {4}https:\/\/wiki\.example\.com\/pm\/1/);
      assert.match(text, /Every payment fails with 502/);
      assert.match(text, /^Roles$/m);
      assert.match(text, /^\s+\S.*Alice Commander/m);
      assert.match(text, /^Tasks \(\d+\/\d+ done\)$/m);
      assert.match(
        text,
        /Status updates \(1 of 1, newest first\)\n.*\[acknowledged SEV1\] {2}Rollback is out; errors falling {2}\(admin\)$/m,
      );
      assert.match(text, /^Timeline \(oldest first\)$/m);
      assert.match(text, /Rolled back deploy 42.*\[pinned\]/);
      assert.match(text, /Deploy 42 started.*\[backdated, recorded \d{4}-/);
      // The backdated note sorts before the acknowledgement it preceded.
      const lines = r.out.slice(r.out.indexOf('Timeline (oldest first)'));
      const backdated = lines.findIndex((l) => l.includes('Deploy 42 started'));
      const acked = lines.findIndex((l) => /^\s+\S+\s+acknowledged\s/.test(l));
      assert.ok(backdated > 0 && acked > backdated, lines.join('\n'));

      const json = await cli('incident', 'show', ref, '--json');
      const d = JSON.parse(json.text()) as { incident: { ref: string }; timeline: { pinned: boolean }[] };
      assert.equal(d.incident.ref, ref);
      assert.ok(d.timeline.some((e) => e.pinned));
    });

    it('severity changes through PATCH', async () => {
      const declared = await cli(
        'incident',
        'declare',
        '--title',
        'Slow search',
        '--service',
        serviceId,
        '--severity',
        'SEV3',
        '--json',
      );
      assert.equal(declared.code, 0, declared.errText());
      const other = (JSON.parse(declared.text()) as { ref: string }).ref;
      const r = await cli('incident', 'severity', other, 'SEV2');
      assert.equal(r.code, 0, r.errText());
      assert.equal(r.text(), `${other} triggered SEV2 "Slow search"`);
    });

    it('works straight on the database with TOCSIN_DATABASE_URL and TOCSIN_TOKEN', async () => {
      const env = { TOCSIN_URL: undefined, TOCSIN_DATABASE_URL: server().tdb.url, TOCSIN_TOKEN: token };
      const listed = await withEnv(env, async () => {
        const c = captureIo();
        return { code: await runCli(['incident', 'list', '--json', '--severity', 'SEV1'], c.io), ...c };
      });
      assert.equal(listed.code, 0, listed.errText());
      assert.ok((JSON.parse(listed.text()) as { data: { ref: string }[] }).data.some((i) => i.ref === ref));

      const noted = await withEnv(env, async () => {
        const c = captureIo();
        return { code: await runCli(['incident', 'note', ref, 'written without a server'], c.io), ...c };
      });
      assert.equal(noted.code, 0, noted.errText());
      // Only the command's own line: no first-start banner or request log from the in-process app.
      assert.equal(noted.out.length, 1, noted.text());
      const timeline = await api<{ data: { message: string; actor: { type: string; id: string } }[] }>(
        server().app,
        'GET',
        `/api/v1/incidents/${ref}/timeline?limit=500`,
      );
      const entry = timeline.body.data.find((e) => e.message.includes('written without a server'));
      assert.ok(entry, 'the note reached the database');
      assert.equal(entry.actor.type, 'user');
      assert.match(entry.actor.id, /^usr_/);

      const missing = await withEnv({ ...env, TOCSIN_TOKEN: undefined }, async () => {
        const c = captureIo();
        return { code: await runCli(['incident', 'list'], c.io), ...c };
      });
      assert.equal(missing.code, 2);
      assert.match(missing.errText(), /set TOCSIN_TOKEN/);

      // An empty database: booting would create an admin whose generated password nobody sees.
      const empty = await createTestDatabase(dialect);
      try {
        const c = captureIo();
        const code = await withEnv({ ...env, TOCSIN_DATABASE_URL: empty.url }, () =>
          runCli(['incident', 'list'], c.io),
        );
        assert.equal(code, 2);
        assert.match(c.errText(), /has no admin yet: start Tocsin once/);
        const admins = await empty.db.selectFrom('users').select('id').execute();
        assert.deepEqual(admins, []);
      } finally {
        await empty.drop();
      }
    });

    it('bad input exits 2 naming the field; unknown incidents exit 1', async () => {
      const sev = await cli(
        'incident',
        'declare',
        '--title',
        'x',
        '--service',
        serviceId,
        '--severity',
        'SEV9',
      );
      assert.equal(sev.code, 2);
      assert.match(sev.errText(), /^tocsin incident declare: .*severity/);

      const noRef = await cli('incident', 'ack');
      assert.equal(noRef.code, 2);
      assert.match(noRef.errText(), /INC is required/);

      const noText = await cli('incident', 'note', ref);
      assert.equal(noText.code, 2);
      assert.match(noText.errText(), /note text is required/);

      const role = await cli('incident', 'assign', ref, '--role', 'wizard', '--user', alice.id);
      assert.equal(role.code, 2);
      assert.match(role.errText(), /role/);

      const user = await cli(
        'incident',
        'assign',
        ref,
        '--role',
        'commander',
        '--user',
        'nobody@example.com',
      );
      assert.equal(user.code, 2);
      assert.match(user.errText(), /--user: no user/);

      const service = await cli('incident', 'list', '--service', 'no such service');
      assert.equal(service.code, 2);
      assert.match(service.errText(), /--service: no service named "no such service"/);

      const since = await cli('incident', 'list', '--since', 'yesterday');
      assert.equal(since.code, 2);
      assert.match(since.errText(), /--since must be an RFC 3339 time/);

      const status = await cli('incident', 'list', '--status', 'sleeping');
      assert.equal(status.code, 2);
      // status may repeat (the web UI's open incidents), so the API names the first value.
      assert.match(status.errText(), /querystring\.status\.0 must be one of: triggered/);

      const unknown = await cli('incident', 'show', 'INC-999999');
      assert.equal(unknown.code, 1);
      assert.match(unknown.errText(), /not found/);

      const badToken = captureIo();
      assert.equal(
        await runCli(['incident', 'list', '--url', run.url(), '--token', 'tcs_wrong'], badToken.io),
        1,
      );
      assert.match(badToken.errText(), /API token is not valid/);
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
