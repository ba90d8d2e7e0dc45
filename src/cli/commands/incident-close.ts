import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { incidentSummary } from '../incident-format.ts';
import { type Incident, enc, incidentArg, printJson } from './incident-common.ts';

export const incidentClose: Command = {
  path: ['incident', 'close'],
  summary: 'close a resolved incident; severities that need a postmortem need --postmortem-url',
  usage: `INC [--postmortem-url URL] [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, 'postmortem-url': { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const url = stringFlag(inv.flags, 'postmortem-url');
      const incident = await api.request<Incident>(
        'POST',
        `/incidents/${enc(incidentArg(inv))}/close`,
        url !== undefined ? { postmortem_url: url } : {},
      );
      if (inv.flags.json === true) printJson(inv.io, incident);
      else
        inv.io.out(
          `${incidentSummary(incident)}${incident.postmortem_url !== null ? `  postmortem ${incident.postmortem_url}` : ''}`,
        );
      return 0;
    }),
};
