import { systemClock } from '../../platform/clock.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { incidentTable } from '../incident-format.ts';
import {
  type Incident,
  type Page,
  enc,
  parseLimit,
  parseTime,
  printJson,
  resolveServiceId,
  serviceNames,
} from './incident-common.ts';

export const incidentList: Command = {
  path: ['incident', 'list'],
  summary: 'list incidents, filtered by status, severity, service and time range',
  usage: `[--status S] [--severity SEV1..SEV4] [--service NAME|ID] [--urgency high|low] [--since RFC3339|1h|7d] [--until RFC3339|1h] [--limit N] [--all] [--json] ${API_USAGE}`,
  options: {
    ...API_OPTIONS,
    status: { type: 'string' },
    severity: { type: 'string' },
    service: { type: 'string' },
    urgency: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      // The CLI's own clock: relative times and ages are the invoking user's "now".
      const now = systemClock.now();
      const query = new URLSearchParams();
      for (const key of ['status', 'severity', 'urgency'] as const) {
        const v = stringFlag(flags, key);
        if (v !== undefined) query.set(key, v);
      }
      const service = stringFlag(flags, 'service');
      if (service !== undefined) query.set('service_id', await resolveServiceId(api, service));
      for (const key of ['since', 'until'] as const) {
        const v = stringFlag(flags, key);
        if (v !== undefined) query.set(key, parseTime(`--${key}`, v, now));
      }
      const limit = parseLimit(stringFlag(flags, 'limit'));
      if (limit !== undefined) query.set('limit', String(limit));

      const incidents: Incident[] = [];
      let cursor: string | null = null;
      do {
        const qs: string = `${query.toString()}${cursor === null ? '' : `&cursor=${enc(cursor)}`}`;
        const page: Page<Incident> = await api.request<Page<Incident>>('GET', `/incidents?${qs}`);
        incidents.push(...page.data);
        cursor = flags.all === true ? page.next_cursor : null;
        if (flags.all !== true && flags.json === true) {
          printJson(io, page);
          return 0;
        }
        if (flags.all !== true && page.next_cursor !== null) {
          io.err(`more incidents than shown: pass --all, or --limit up to 500`);
        }
      } while (cursor !== null);

      if (flags.json === true) {
        printJson(io, { data: incidents, next_cursor: null });
        return 0;
      }
      const names = await serviceNames(
        api,
        incidents.map((i) => i.service_id),
      );
      for (const line of incidentTable(incidents, names, now)) io.out(line);
      return 0;
    }),
};
