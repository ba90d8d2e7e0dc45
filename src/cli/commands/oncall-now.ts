import { ValidationError } from '../../platform/errors.ts';
import { onCallNow } from '../../oncall/query.ts';
import { findScheduleById, findScheduleByName } from '../../oncall/repository.ts';
import type { OnCallEntryView } from '../../oncall/schemas.ts';
import { type Command, stringFlag } from '../command.ts';
import { withDatabase } from '../db.ts';

export const oncallNow: Command = {
  path: ['oncall', 'now'],
  summary: 'who is on call on every schedule (or one), now or --at a time',
  usage: '[--schedule NAME|ID] [--at RFC3339] [--json]',
  options: { schedule: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
  run: (inv) =>
    withDatabase(inv, async (ctx) => {
      const { flags, io } = inv;
      const name = stringFlag(flags, 'schedule');
      let id: string | undefined;
      if (name !== undefined) {
        const row = (await findScheduleByName(ctx.db, name)) ?? (await findScheduleById(ctx.db, name));
        if (row === undefined)
          throw new ValidationError(`--schedule: no schedule named ${JSON.stringify(name)}`);
        id = row.id;
      }
      const at = stringFlag(flags, 'at');
      if (at !== undefined && Number.isNaN(Date.parse(at))) {
        throw new ValidationError('--at must be an RFC 3339 time such as 2027-01-01T09:00:00Z');
      }
      // One instant for every page, so a long listing is a consistent snapshot.
      const when = new Date(at ?? ctx.clock.now()).toISOString();
      const entries: OnCallEntryView[] = [];
      let cursor: string | undefined;
      do {
        const page = await onCallNow(ctx, { at: when, filter: { id }, page: { limit: 500, cursor } });
        entries.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
      if (flags.json === true) {
        io.out(JSON.stringify({ at: when, data: entries }));
        return 0;
      }
      io.out(`on call at ${when}:`);
      if (entries.length === 0) io.out('  (no schedules)');
      const width = Math.max(0, ...entries.map((e) => e.schedule_name.length));
      for (const e of entries) {
        const who =
          e.user_id === null
            ? 'NOBODY (coverage gap)'
            : `${e.user_name ?? e.user_id}  until ${e.shift_end ?? '?'}${e.source === 'layer' ? '' : ` (${e.source})`}`;
        io.out(`  ${e.schedule_name.padEnd(width)}  ${who}`);
      }
      return 0;
    }),
};
