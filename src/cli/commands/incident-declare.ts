import { ValidationError } from '../../platform/errors.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { type Incident, printJson, resolveServiceId, serviceNames } from './incident-common.ts';
import { incidentSummary } from '../incident-format.ts';

export const incidentDeclare: Command = {
  path: ['incident', 'declare'],
  summary: 'declare an incident by hand; it pages the first service like an alert would',
  usage: `--title TITLE --service NAME|ID [--service NAME|ID ...] --severity SEV1..SEV4 [--description TEXT] [--urgency high|low] [--json] ${API_USAGE}`,
  options: {
    ...API_OPTIONS,
    title: { type: 'string' },
    service: { type: 'string', multiple: true },
    severity: { type: 'string' },
    description: { type: 'string' },
    urgency: { type: 'string' },
  },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      const title = stringFlag(flags, 'title');
      if (title === undefined) throw new ValidationError('--title is required');
      const services = Array.isArray(flags.service) ? flags.service.map(String) : [];
      if (services.length === 0)
        throw new ValidationError('--service is required (name or id; repeat it for more services)');
      const severity = stringFlag(flags, 'severity');
      if (severity === undefined)
        throw new ValidationError('--severity is required (SEV1, SEV2, SEV3 or SEV4)');
      const serviceIds: string[] = [];
      for (const s of services) serviceIds.push(await resolveServiceId(api, s));
      const description = stringFlag(flags, 'description');
      const urgency = stringFlag(flags, 'urgency');
      const incident = await api.request<Incident>('POST', '/incidents', {
        title,
        service_ids: serviceIds,
        severity,
        ...(description !== undefined ? { description } : {}),
        ...(urgency !== undefined ? { urgency } : {}),
      });
      if (flags.json === true) {
        printJson(io, incident);
        return 0;
      }
      const names = await serviceNames(api, incident.service_ids);
      io.out(`declared ${incidentSummary(incident)}`);
      io.out(`  services  ${incident.service_ids.map((id) => names.get(id) ?? id).join(', ')}`);
      io.out(`  channel   #${incident.slug}`);
      io.out(`  id        ${incident.id}`);
      return 0;
    }),
};
