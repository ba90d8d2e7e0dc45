import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, createMigratedDatabase } from '../../test/harness.ts';
import { runCli } from '../cli/run.ts';
import { fixedClock } from '../platform/clock.ts';
import { systemCtx } from '../server.ts';
import { createTeam } from '../teams/create.ts';
import { addTeamMember } from '../teams/members.ts';
import { createUser } from '../users/create.ts';
import { createSchedule } from './create.ts';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

for (const dialect of DIALECTS) {
  describe(`oncall CLI [${dialect}]`, () => {
    it('oncall now and oncall shifts print the computed schedule; bad flags exit 2', async () => {
      const tdb = await createMigratedDatabase(dialect);
      try {
        const ctx = systemCtx(tdb, 'test', fixedClock(Date.parse('2024-01-01T00:00:00Z')));
        const team = await createTeam({ ctx, input: { name: 'Payments' } });
        const ids: string[] = [];
        for (const name of ['Ann', 'Ben']) {
          const user = await createUser({ ctx, input: { name, email: `${name.toLowerCase()}@example.com` } });
          await addTeamMember({ ctx, input: { teamId: team.id, user_id: user.id } });
          ids.push(user.id);
        }
        await createSchedule({
          ctx,
          input: {
            name: 'Payments primary',
            team_id: team.id,
            layers: [
              {
                start_date: '2024-01-01',
                shift_length: 1,
                shift_unit: 'days',
                participants: ids,
                restrictions: [{ type: 'daily', start: '09:00', end: '17:00' }],
              },
            ],
          },
        });
        const db = ['--database-url', tdb.url];

        const now = captureIo();
        assert.equal(
          await runCli(['oncall', 'now', '--at', '2024-01-02T10:00:00Z', ...db], now.io),
          0,
          now.err.join('\n'),
        );
        assert.deepEqual(now.out, [
          'on call at 2024-01-02T10:00:00.000Z:',
          '  Payments primary  Ben  until 2024-01-02T17:00:00.000Z',
        ]);
        const night = captureIo();
        await runCli(
          ['oncall', 'now', '--schedule', 'Payments primary', '--at', '2024-01-02T20:00:00Z', ...db],
          night.io,
        );
        assert.deepEqual(night.out.slice(1), ['  Payments primary  NOBODY (coverage gap)']);

        const shifts = captureIo();
        const code = await runCli(
          [
            'oncall',
            'shifts',
            'Payments primary',
            '--from',
            '2024-01-01T00:00:00Z',
            '--to',
            '2024-01-02T12:00:00Z',
            ...db,
          ],
          shifts.io,
        );
        assert.equal(code, 0, shifts.err.join('\n'));
        assert.deepEqual(shifts.out, [
          'Payments primary: shifts from 2024-01-01T00:00:00.000Z to 2024-01-02T12:00:00.000Z',
          '  2024-01-01T00:00:00.000Z  2024-01-01T09:00:00.000Z  NOBODY (coverage gap)',
          '  2024-01-01T09:00:00.000Z  2024-01-01T17:00:00.000Z  Ann',
          '  2024-01-01T17:00:00.000Z  2024-01-02T09:00:00.000Z  NOBODY (coverage gap)',
          '  2024-01-02T09:00:00.000Z  2024-01-02T12:00:00.000Z  Ben',
        ]);
        const json = captureIo();
        await runCli(
          [
            'oncall',
            'shifts',
            'Payments primary',
            '--from',
            '2024-01-02T00:00:00Z',
            '--to',
            '2024-01-03T00:00:00Z',
            '--json',
            ...db,
          ],
          json.io,
        );
        assert.equal((JSON.parse(json.out[0]!) as { data: unknown[] }).data.length, 1);

        const missing = captureIo();
        assert.equal(await runCli(['oncall', 'now', '--schedule', 'Nope', ...db], missing.io), 2);
        assert.match(missing.err.join('\n'), /--schedule: no schedule named "Nope"/);
        const noFrom = captureIo();
        assert.equal(
          await runCli(
            ['oncall', 'shifts', 'Payments primary', '--to', '2024-01-02T00:00:00Z', ...db],
            noFrom.io,
          ),
          2,
        );
        assert.match(noFrom.err.join('\n'), /--from is required/);
      } finally {
        await tdb.drop();
      }
    });
  });
}
