import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import type { Command } from '../command.ts';
import { incidentSummary } from '../incident-format.ts';
import { type Incident, enc, incidentArg, printJson } from './incident-common.ts';

/**
 * `ack`, `mitigate`, `resolve` and `reopen` differ only in the endpoint they call, so one
 * factory builds the four; an illegal transition answers 409 and exits 1 with the allowed ones.
 */
function statusCommand(word: string, endpoint: string, summary: string): Command {
  return {
    path: ['incident', word],
    summary,
    usage: `INC [--json] ${API_USAGE}`,
    options: { ...API_OPTIONS },
    run: (inv) =>
      withApi(inv, async (api) => {
        const incident = await api.request<Incident>(
          'POST',
          `/incidents/${enc(incidentArg(inv))}/${endpoint}`,
        );
        if (inv.flags.json === true) printJson(inv.io, incident);
        else inv.io.out(incidentSummary(incident));
        return 0;
      }),
  };
}

export const incidentAck = statusCommand(
  'ack',
  'acknowledge',
  'acknowledge an incident: stops its escalation',
);
export const incidentMitigate = statusCommand(
  'mitigate',
  'mitigate',
  'mark an incident mitigated: the impact is over, the cause may not be fixed',
);
export const incidentResolve = statusCommand('resolve', 'resolve', 'resolve an incident and its alerts');
export const incidentReopen = statusCommand('reopen', 'reopen', 'reopen a resolved or closed incident');
