import { ValidationError } from '../../platform/errors.ts';
import { scheduleShifts } from '../../oncall/query.ts';
import { findScheduleById, findScheduleByName } from '../../oncall/repository.ts';
import { type Command, stringFlag } from '../command.ts';
import { withDatabase } from '../db.ts';

function time(flag: string, value: string | undefined): string {
  if (value === undefined)
    throw new ValidationError(`--${flag} is required (RFC 3339, e.g. 2027-01-01T00:00:00Z)`);
  if (Number.isNaN(Date.parse(value))) throw new ValidationError(`--${flag} must be an RFC 3339 time`);
  return new Date(value).toISOString();
}

export const oncallShifts: Command = {
  path: ['oncall', 'shifts'],
  summary: 'the computed shifts of a schedule in [--from, --to), gaps included',
  usage: 'SCHEDULE --from RFC3339 --to RFC3339 [--json]',
  options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  run: (inv) =>
    withDatabase(inv, async (ctx) => {
      const { flags, io, args } = inv;
      const name = args.join(' ');
      if (name === '') throw new ValidationError('SCHEDULE is required (name or id)');
      const row = (await findScheduleByName(ctx.db, name)) ?? (await findScheduleById(ctx.db, name));
      if (row === undefined) throw new ValidationError(`SCHEDULE: no schedule named ${JSON.stringify(name)}`);
      const result = await scheduleShifts(ctx, {
        id: row.id,
        from: time('from', stringFlag(flags, 'from')),
        to: time('to', stringFlag(flags, 'to')),
      });
      if (flags.json === true) {
        io.out(JSON.stringify(result));
        return 0;
      }
      io.out(`${row.name}: shifts from ${result.from} to ${result.to}`);
      const lines = [
        ...result.data.map((s) => ({
          start: s.start,
          text: `${s.start}  ${s.end}  ${s.user_name ?? s.user_id}${s.source === 'layer' ? '' : ` (${s.source})`}`,
        })),
        ...result.gaps.map((g) => ({ start: g.start, text: `${g.start}  ${g.end}  NOBODY (coverage gap)` })),
      ].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
      for (const l of lines) io.out(`  ${l.text}`);
      return 0;
    }),
};
