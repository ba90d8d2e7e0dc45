import type { TimelineEntryView } from '../../incidents/schemas.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import type { Command } from '../command.ts';
import { type RolesAnswer, type StatusUpdate, type Task, incidentDetail } from '../incident-format.ts';
import {
  type Incident,
  enc,
  fetchAll,
  incidentArg,
  printJson,
  serviceNames,
  userNames,
} from './incident-common.ts';

export const incidentShow: Command = {
  path: ['incident', 'show'],
  summary: 'an incident in full: fields, durations, roles, tasks, latest updates and the timeline',
  usage: `INC [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      const incident = await api.request<Incident>('GET', `/incidents/${enc(incidentArg(inv))}`);
      // By id from here on: the ref the user typed resolves to this same incident.
      const base = `/incidents/${enc(incident.id)}`;
      const roles = await api.request<RolesAnswer>('GET', `${base}/roles`);
      // Tasks and updates are short lists the API answers whole.
      const tasks = (await api.request<{ data: Task[] }>('GET', `${base}/tasks`)).data;
      const updates = (await api.request<{ data: StatusUpdate[] }>('GET', `${base}/updates`)).data;
      const timeline = await fetchAll<TimelineEntryView>(api, `${base}/timeline`);
      const detail = { incident, roles, tasks, updates, timeline };
      if (flags.json === true) {
        printJson(io, detail);
        return 0;
      }
      const services = await serviceNames(api, incident.service_ids);
      const names = await userNames(api, [
        incident.declared_by,
        incident.acknowledged_by,
        incident.mitigated_by,
        incident.resolved_by,
        incident.closed_by,
        ...roles.data.map((r) => r.assigned_by),
        ...tasks.map((t) => t.assignee_id),
        ...updates.map((u) => u.created_by),
        ...timeline.map((e) => e.actor),
      ]);
      for (const line of incidentDetail(detail, services, names)) io.out(line);
      return 0;
    }),
};
