import type { TimelineEntryView } from '../../incidents/schemas.ts';
import { systemClock } from '../../platform/clock.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { enc, incidentArg, parseTime, printJson, textArg } from './incident-common.ts';

export const incidentNote: Command = {
  path: ['incident', 'note'],
  summary: "add a note to an incident's timeline; --pin marks a key event, --at backdates it",
  usage: `INC "TEXT" [--pin] [--at RFC3339|15m] [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, pin: { type: 'boolean' }, at: { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      const ref = incidentArg(inv);
      const message = textArg(inv, 'the note text');
      const at = stringFlag(flags, 'at');
      const entry = await api.request<TimelineEntryView>('POST', `/incidents/${enc(ref)}/notes`, {
        message,
        ...(flags.pin === true ? { pinned: true } : {}),
        // `--at 15m` means 15 minutes ago, by the clock of whoever runs the command.
        ...(at !== undefined ? { at: parseTime('--at', at, systemClock.now()) } : {}),
      });
      if (flags.json === true) {
        printJson(io, entry);
        return 0;
      }
      const marks = [
        ...(entry.pinned ? ['pinned'] : []),
        ...(entry.backdated ? [`backdated to ${entry.at}`] : []),
      ];
      io.out(`added note ${entry.id} to ${ref}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`);
      return 0;
    }),
};
