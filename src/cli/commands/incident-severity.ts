import { ValidationError } from '../../platform/errors.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import type { Command } from '../command.ts';
import { incidentSummary } from '../incident-format.ts';
import { type Incident, enc, incidentArg, printJson } from './incident-common.ts';

export const incidentSeverity: Command = {
  path: ['incident', 'severity'],
  summary: "change an incident's severity; rising to a paging severity pages again",
  usage: `INC SEV1..SEV4 [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS },
  run: (inv) =>
    withApi(inv, async (api) => {
      const ref = incidentArg(inv);
      const severity = inv.args[1];
      if (severity === undefined)
        throw new ValidationError('SEVERITY is required after the incident (e.g. SEV1)');
      const incident = await api.request<Incident>('PATCH', `/incidents/${enc(ref)}`, { severity });
      if (inv.flags.json === true) printJson(inv.io, incident);
      else inv.io.out(incidentSummary(incident));
      return 0;
    }),
};
