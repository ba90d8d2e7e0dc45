import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import type { Command } from '../command.ts';
import type { StatusUpdate } from '../incident-format.ts';
import { enc, incidentArg, printJson, textArg } from './incident-common.ts';

export const incidentUpdate: Command = {
  path: ['incident', 'update'],
  summary: "post a status update to the incident's subscribers",
  usage: `INC "MESSAGE" [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS },
  run: (inv) =>
    withApi(inv, async (api) => {
      const ref = incidentArg(inv);
      const update = await api.request<StatusUpdate>('POST', `/incidents/${enc(ref)}/updates`, {
        message: textArg(inv, 'the update message'),
      });
      if (inv.flags.json === true) printJson(inv.io, update);
      else
        inv.io.out(
          `posted update ${update.id} to ${ref} [${update.incident_status} ${update.severity}], notified ${JSON.stringify(update.notified)}`,
        );
      return 0;
    }),
};
