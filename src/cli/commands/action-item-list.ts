import type { ActionItemView } from '../../action-items/schemas.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { table, truncate } from '../incident-format.ts';
import {
  type Page,
  fetchAll,
  parseLimit,
  printJson,
  resolveServiceId,
  resolveUserId,
} from './incident-common.ts';

/** `tocsin action-item list`: the follow-ups across incidents, e.g. `--owner me --overdue`. */
export const actionItemList: Command = {
  path: ['action-item', 'list'],
  summary: 'list action items across incidents, filtered by owner, status, overdue, service or incident',
  usage: `[--owner me|EMAIL|NAME|ID] [--status open|in_progress|done|wont_do] [--overdue] [--service NAME|ID] [--incident INC] [--limit N] [--all] [--json] ${API_USAGE}`,
  options: {
    ...API_OPTIONS,
    owner: { type: 'string' },
    status: { type: 'string' },
    overdue: { type: 'boolean' },
    service: { type: 'string' },
    incident: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      const query = new URLSearchParams();
      const owner = stringFlag(flags, 'owner');
      if (owner !== undefined)
        query.set('owner', owner === 'me' ? 'me' : await resolveUserId(api, owner, '--owner'));
      const status = stringFlag(flags, 'status');
      if (status !== undefined) query.set('status', status);
      if (flags.overdue === true) query.set('overdue', 'true');
      const service = stringFlag(flags, 'service');
      if (service !== undefined) query.set('service', await resolveServiceId(api, service));
      const incident = stringFlag(flags, 'incident');
      if (incident !== undefined) query.set('incident_id', incident);

      let items: ActionItemView[];
      if (flags.all === true) {
        items = await fetchAll<ActionItemView>(api, `/action-items?${query.toString()}`);
      } else {
        const limit = parseLimit(stringFlag(flags, 'limit'));
        if (limit !== undefined) query.set('limit', String(limit));
        const page = await api.request<Page<ActionItemView>>('GET', `/action-items?${query.toString()}`);
        if (flags.json === true) {
          printJson(io, page);
          return 0;
        }
        if (page.next_cursor !== null)
          io.err('more action items than shown: pass --all, or --limit up to 500');
        items = page.data;
      }
      if (flags.json === true) {
        printJson(io, { data: items, next_cursor: null });
        return 0;
      }
      for (const line of actionItemTable(items)) io.out(line);
      return 0;
    }),
};

function actionItemTable(items: ActionItemView[]): string[] {
  if (items.length === 0) return ['no action items match'];
  return table(
    ['ID', 'INCIDENT', 'STATUS', 'PRIORITY', 'DUE', 'OWNER', 'TITLE'],
    items.map((i) => [
      i.id,
      i.incident.ref,
      i.status,
      i.priority,
      i.due_date === null ? '-' : `${i.due_date}${i.overdue ? ' OVERDUE' : ''}`,
      i.owner?.name ?? '-',
      truncate(i.title, 60),
    ]),
  );
}
