import type { IncidentView, TimelineEntryView } from '../incidents/schemas.ts';
import type { ActorView } from '../users/actors.ts';

/** Human output of `tocsin incident ...`: tables and the detail view. `--json` bypasses all of it. */
export interface RoleHolder {
  role: string;
  name: string;
  user_id: string;
  user_name: string | null;
  assigned_at: string;
  assigned_by: ActorView | null;
}

export interface RolesAnswer {
  data: RoleHolder[];
  history: {
    role: string;
    user_id: string;
    user_name: string | null;
    assigned_at: string;
    assigned_by: ActorView | null;
    ended_at: string | null;
    ended_by: ActorView | null;
  }[];
}

export interface Task {
  id: string;
  title: string;
  position: number;
  assignee_id: string | null;
  source: string;
  done: boolean;
  done_at: string | null;
  done_by: ActorView | null;
}

export interface StatusUpdate {
  id: string;
  message: string;
  incident_status: string;
  severity: string;
  created_at: string;
  created_by: ActorView | null;
  notified: unknown;
}

/**
 * Display names of actors and users: the API's actor objects carry their name; bare user ids
 * (role holders, task assignees) map to names.
 */
export type Names = Map<string, string>;

export function who(ref: ActorView | string | null, names: Names): string {
  if (ref === null) return '-';
  if (typeof ref === 'object') return ref.name;
  const id = ref.startsWith('user:') ? ref.slice('user:'.length) : ref;
  return names.get(id) ?? ref;
}

/** `4m 12s`, `2h 05m`, `3d 4h`; `-` when the transition has not happened. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

export function age(iso: string, now: number): string {
  return duration((now - Date.parse(iso)) / 1000);
}

export function truncate(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function incidentTable(incidents: IncidentView[], services: Names, now: number): string[] {
  if (incidents.length === 0) return ['no incidents match'];
  return table(
    ['REF', 'SEV', 'STATUS', 'SERVICE', 'AGE', 'TITLE'],
    incidents.map((i) => [
      i.ref,
      i.severity,
      i.status,
      services.get(i.service_id) ?? i.service_id,
      age(i.created_at, now),
      truncate(i.title, 60),
    ]),
  );
}

/** One line after a status change, severity change or declaration. */
export function incidentSummary(i: IncidentView): string {
  return `${i.ref} ${i.status} ${i.severity} ${JSON.stringify(i.title)}`;
}

export function rolesLines(roles: RolesAnswer, names: Names): string[] {
  if (roles.data.length === 0) return ['  (no roles assigned)'];
  return table(
    ['ROLE', 'HOLDER', 'SINCE', 'BY'],
    roles.data.map((r) => [
      r.name || r.role,
      r.user_name ?? who(r.user_id, names),
      r.assigned_at,
      who(r.assigned_by, names),
    ]),
  ).map((l) => `  ${l}`);
}

function timeLine(
  label: string,
  at: string | null,
  by: ActorView | null,
  after: number | null,
  names: Names,
) {
  if (at === null) return [];
  const parts = [`  ${label.padEnd(13)} ${at}`];
  if (by !== null) parts.push(`by ${who(by, names)}`);
  if (after !== null) parts.push(`(after ${duration(after)})`);
  return [parts.join('  ')];
}

export interface IncidentDetail {
  incident: IncidentView;
  roles: RolesAnswer;
  tasks: Task[];
  updates: StatusUpdate[];
  timeline: TimelineEntryView[];
}

export function timelineLine(e: TimelineEntryView, names: Names): string {
  const marks = [
    ...(e.pinned ? ['[pinned]'] : []),
    ...(e.backdated ? [`[backdated, recorded ${e.recorded_at ?? '?'}]`] : []),
  ];
  return `  ${e.at}  ${e.kind.padEnd(16)} ${e.message}  (${who(e.actor, names)})${marks.length > 0 ? `  ${marks.join(' ')}` : ''}`;
}

const LATEST_UPDATES = 5;

export function incidentDetail(d: IncidentDetail, services: Names, names: Names): string[] {
  const i = d.incident;
  const serviceList = i.service_ids.map((id) => services.get(id) ?? id).join(', ');
  const out = [
    `${i.ref}  ${i.severity}  ${i.status}  ${i.title}`,
    `  id            ${i.id}`,
    `  services      ${serviceList}`,
    `  urgency       ${i.urgency}`,
    `  origin        ${i.origin}${i.declared_by !== null ? ` (declared by ${who(i.declared_by, names)})` : ''}`,
    `  channel       #${i.slug}`,
    `  alerts        ${i.alert_count}`,
    `  created       ${i.created_at}`,
    ...timeLine(
      'acknowledged',
      i.acknowledged_at,
      i.acknowledged_by,
      i.durations.to_acknowledge_seconds,
      names,
    ),
    ...timeLine('mitigated', i.mitigated_at, i.mitigated_by, i.durations.to_mitigate_seconds, names),
    ...timeLine('resolved', i.resolved_at, i.resolved_by, i.durations.to_resolve_seconds, names),
    ...timeLine('closed', i.closed_at, i.closed_by, null, names),
    ...(i.merged_into_id !== null ? [`  merged into   ${i.merged_into_id}`] : []),
    ...(i.postmortem_url !== null ? [`  postmortem    ${i.postmortem_url}`] : []),
    ...(i.next_update_due_at !== null ? [`  update due    ${i.next_update_due_at}`] : []),
    `  durations     to acknowledge ${duration(i.durations.to_acknowledge_seconds)}, to mitigate ${duration(i.durations.to_mitigate_seconds)}, to resolve ${duration(i.durations.to_resolve_seconds)}`,
  ];
  if (i.description.trim() !== '')
    out.push('', 'Description', ...i.description.split('\n').map((l) => `  ${l}`));

  out.push('', 'Roles', ...rolesLines(d.roles, names));

  const done = d.tasks.filter((t) => t.done).length;
  out.push('', `Tasks (${done}/${d.tasks.length} done)`);
  if (d.tasks.length === 0) out.push('  (no tasks)');
  for (const t of d.tasks) {
    const assignee = t.assignee_id !== null ? `  -> ${who(t.assignee_id, names)}` : '';
    out.push(`  [${t.done ? 'x' : ' '}] ${t.title}${assignee}`);
  }

  const latest = [...d.updates]
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, LATEST_UPDATES);
  out.push('', `Status updates (${latest.length} of ${d.updates.length}, newest first)`);
  if (latest.length === 0) out.push('  (no updates posted)');
  for (const u of latest) {
    out.push(
      `  ${u.created_at}  [${u.incident_status} ${u.severity}]  ${u.message}  (${who(u.created_by, names)})`,
    );
  }

  out.push('', 'Timeline (oldest first)');
  if (d.timeline.length === 0) out.push('  (empty)');
  for (const e of d.timeline) out.push(timelineLine(e, names));
  return out;
}
