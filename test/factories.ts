import { randomBytes } from 'node:crypto';
import type { App } from '../src/platform/http/app.ts';
import type { UserRole } from '../src/platform/db/tables/users.ts';
import type { ServiceView } from '../src/services/schemas.ts';
import type { TeamMemberView, TeamView } from '../src/teams/schemas.ts';
import type { UserView } from '../src/users/schemas.ts';
import type { ScheduleView } from '../src/oncall/schemas.ts';
import { api } from './harness.ts';

/**
 * Objects for tests, made through the HTTP API as the bootstrap admin, so they pass the same
 * validation as real ones. Names get a random suffix because the tests of one file share a database.
 */
export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString('hex')}`;
}

/** POSTs `body` (as the bootstrap admin unless `token`) and answers the created object; throws unless 201. */
export async function created<T>(
  app: App,
  url: string,
  body: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const res = await api<T>(app, 'POST', url, { body, ...(token === undefined ? {} : { token }) });
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export function buildUser(app: App, overrides: Record<string, unknown> = {}): Promise<UserView> {
  const name = uniqueName('user');
  return created(app, '/api/v1/users', {
    name,
    email: `${name.replace(' ', '-')}@example.com`,
    ...overrides,
  });
}

export function buildTeam(app: App, overrides: Record<string, unknown> = {}): Promise<TeamView> {
  return created(app, '/api/v1/teams', { name: uniqueName('team'), ...overrides });
}

// Set by homeTeamFor(): the team that owns the services a suite builds without a team_id.
const homeTeams = new WeakMap<App, string>();

/**
 * Responders act only on incidents of their teams' services (issue 14 item 10): a suite whose
 * responders act on incidents puts them on one team that owns every service it builds after this.
 */
export async function homeTeamFor(app: App, userIds: string[]): Promise<TeamView> {
  const team = await buildTeam(app);
  for (const id of userIds) await addMember(app, team.id, id);
  homeTeams.set(app, team.id);
  return team;
}

/** Creates an owning team too unless `team_id` is given (or the suite set a home team). */
export async function buildService(app: App, overrides: Record<string, unknown> = {}): Promise<ServiceView> {
  const teamId = overrides.team_id ?? homeTeams.get(app) ?? (await buildTeam(app)).id;
  return created(app, '/api/v1/services', { name: uniqueName('service'), team_id: teamId, ...overrides });
}

export function addMember(
  app: App,
  teamId: string,
  userId: string,
  role?: 'member' | 'manager',
): Promise<TeamMemberView> {
  return created(app, `/api/v1/teams/${teamId}/members`, { user_id: userId, ...(role ? { role } : {}) });
}

/** An API token secret for the user, at most `role`. */
export async function tokenFor(app: App, userId: string, role?: UserRole): Promise<string> {
  const body = await created<{ token: string }>(app, '/api/v1/tokens', {
    name: uniqueName('token'),
    user_id: userId,
    ...(role ? { role } : {}),
  });
  return body.token;
}

/** A token of a fresh viewer, to check that mutations are refused. */
export async function viewerToken(app: App): Promise<string> {
  const viewer = await buildUser(app, { role: 'viewer' });
  return tokenFor(app, viewer.id);
}

/** The actions recorded for one object, oldest first. */
export async function auditActions(app: App, targetType: string, targetId: string): Promise<string[]> {
  const res = await api<{ data: { action: string }[] }>(
    app,
    'GET',
    `/api/v1/audit?target_type=${targetType}&target_id=${targetId}`,
  );
  if (res.status !== 200)
    throw new Error(`GET /api/v1/audit answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data.map((e) => e.action).reverse();
}

// Imported here rather than at the top so each area can append its factories without editing shared lines.
import type { MaintenanceWindowView, SilenceView } from '../src/silences/schemas.ts';

/** A one-hour silence starting now, on a fresh service unless `service_id` or `matchers` is given. */
export async function buildSilence(app: App, overrides: Record<string, unknown> = {}): Promise<SilenceView> {
  const scoped = 'service_id' in overrides || 'matchers' in overrides;
  return created(app, '/api/v1/silences', {
    ...(scoped ? {} : { service_id: (await buildService(app)).id }),
    ...('ends_at' in overrides ? {} : { duration_minutes: 60 }),
    comment: 'test silence',
    ...overrides,
  });
}

/** A one-hour maintenance window starting now, on a fresh service unless `service_ids` is given. */
export async function buildMaintenanceWindow(
  app: App,
  overrides: Record<string, unknown> = {},
): Promise<MaintenanceWindowView> {
  const serviceIds = overrides.service_ids ?? [(await buildService(app)).id];
  return created(app, '/api/v1/maintenance-windows', {
    name: uniqueName('maintenance'),
    service_ids: serviceIds,
    ...('ends_at' in overrides ? {} : { duration_minutes: 60 }),
    ...overrides,
  });
}

/** An integration of `type` on the service (a fresh one unless given); returns the view with its key. */
export async function buildIntegration(
  app: App,
  type: 'events-v2' | 'alertmanager' | 'grafana' | 'generic' | 'heartbeat',
  overrides: Record<string, unknown> = {},
  serviceId?: string,
): Promise<{ id: string; key: string; service_id: string }> {
  const sid = serviceId ?? (await buildService(app)).id;
  return created(app, `/api/v1/services/${sid}/integrations`, {
    name: uniqueName(type),
    type,
    ...(type === 'heartbeat' && !('heartbeat' in overrides)
      ? { heartbeat: { period_seconds: 60, grace_seconds: 30 } }
      : {}),
    ...overrides,
  });
}

/** A team with `count` responder members, for schedules: participants must be on the team. */
export async function buildTeamWithMembers(
  app: App,
  count: number,
): Promise<{ team: TeamView; users: UserView[] }> {
  const team = await buildTeam(app);
  const users: UserView[] = [];
  for (let i = 0; i < count; i++) {
    const user = await buildUser(app);
    await addMember(app, team.id, user.id);
    users.push(user);
  }
  return { team, users };
}

/** A schedule of `teamId` with one daily layer over `participants`, from 2024-01-01 09:00 UTC unless overridden. */
export function buildSchedule(
  app: App,
  teamId: string,
  participants: string[],
  overrides: Record<string, unknown> = {},
): Promise<ScheduleView> {
  return created(app, '/api/v1/schedules', {
    name: uniqueName('schedule'),
    team_id: teamId,
    time_zone: 'UTC',
    layers: [
      { start_date: '2024-01-01', handoff_time: '09:00', shift_length: 1, shift_unit: 'days', participants },
    ],
    ...overrides,
  });
}

/**
 * A saved layer's rotation as the preview and save APIs take it back (participants by id): the
 * starting point of an edit in the schedule tests, which add the id, name and order they need.
 */
export function layerSettings(l: ScheduleView['layers'][number]) {
  return {
    time_zone: l.time_zone,
    start_date: l.start_date,
    handoff_time: l.handoff_time,
    shift_length: l.shift_length,
    shift_unit: l.shift_unit,
    restrictions: l.restrictions,
    participants: l.participants.map((p) => p.user_id),
  };
}

import type { EscalationPolicyView } from '../src/escalation/policies/schemas.ts';
import type { NotificationRuleView } from '../src/users/schemas.ts';

/** A one-level policy paging a fresh user after 5 minutes unless `levels` is given. */
export async function buildEscalationPolicy(
  app: App,
  overrides: Record<string, unknown> = {},
): Promise<EscalationPolicyView> {
  const levels = overrides.levels ?? [
    { delay_minutes: 5, targets: [{ type: 'user', id: (await buildUser(app)).id }] },
  ];
  return created(app, '/api/v1/escalation-policies', {
    name: uniqueName('escalation'),
    levels,
    ...overrides,
  });
}

/**
 * A fresh service on `policyId` with an Events v2 integration. `trigger()` sends it a critical
 * alert through `/v2/enqueue` with a new dedup key, so each call opens an incident.
 */
export async function buildAlertingService(
  app: App,
  policyId: string,
): Promise<{ service: ServiceView; trigger: (summary?: string) => Promise<void> }> {
  const service = await buildService(app, { escalation_policy_id: policyId });
  const int = await buildIntegration(app, 'events-v2', {}, service.id);
  const trigger = async (summary = 'Disk full') => {
    const sent = await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: {
        routing_key: int.key,
        event_action: 'trigger',
        dedup_key: uniqueName('d'),
        payload: { summary, source: 'db-1', severity: 'critical' },
      },
    });
    if (sent.status !== 202) throw new Error(`trigger answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  };
  return { service, trigger };
}

/**
 * A critical alert on a fresh service whose one level pages `userIds` (30 minutes before the
 * next level): the engine's next pass pages them. Returns the service id.
 */
export async function triggerPagingAlert(app: App, userIds: string[]): Promise<string> {
  const targets = userIds.map((id) => ({ type: 'user', id }));
  const policy = await buildEscalationPolicy(app, { levels: [{ delay_minutes: 30, targets }] });
  const { service, trigger } = await buildAlertingService(app, policy.id);
  await trigger();
  return service.id;
}

/**
 * A responder paged at once by webhook at `address` for every alert of a service of their own;
 * `trigger()` opens one more incident there.
 */
export async function buildPagedPerson(
  app: App,
  address: string,
  overrides: Record<string, unknown> = {},
): Promise<{ user: UserView; trigger: () => Promise<void> }> {
  const user = await buildUser(app, {
    role: 'responder',
    contact_methods: [{ type: 'webhook', address }],
    ...overrides,
  });
  const hook = (user.contact_methods as { id: string }[])[0]!;
  await buildNotificationRule(app, user.id, hook.id, { delay_minutes: 0 });
  const policy = await buildEscalationPolicy(app, {
    levels: [{ delay_minutes: 60, targets: [{ type: 'user', id: user.id }] }],
  });
  const { trigger } = await buildAlertingService(app, policy.id);
  return { user, trigger: () => trigger() };
}

/** A high-urgency rule firing at once unless overridden; the contact method must be the user's. */
export function buildNotificationRule(
  app: App,
  userId: string,
  contactMethodId: string,
  overrides: Record<string, unknown> = {},
): Promise<NotificationRuleView> {
  return created(app, `/api/v1/users/${userId}/notification-rules`, {
    contact_method_id: contactMethodId,
    delay_minutes: 0,
    urgency: 'high',
    ...overrides,
  });
}

import type { IncidentView } from '../src/incidents/schemas.ts';

/** What the incident suites vary; everything left out gets a fresh or neutral default. */
export interface IncidentOptions {
  /** `alert` (the default): a trigger through `/v2/enqueue`; `declared`: `POST /api/v1/incidents`. */
  from?: 'alert' | 'declared';
  /** An existing service; otherwise a fresh one (owned by the suite's home team when set). */
  serviceId?: string;
  /** Alert-born: an existing events-v2 integration to send the alert to (and so its service). */
  integration?: { id?: string; key: string; service_id: string };
  /** Body of an escalation policy for the fresh service; none unless this, `policyId` or `paged` is given. */
  policy?: Record<string, unknown>;
  /** An existing escalation policy for the fresh service. */
  policyId?: string;
  /** Users paged together at level 1 (30 minutes before the next level); short for `policy`. */
  paged?: string[];
  /** Declared incidents: the severity (SEV3 by default). Alert-born ones take the alert's mapping. */
  severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
  /** Alert-born: the alert's severity, `critical` (so SEV2) by default. */
  alertSeverity?: 'critical' | 'error' | 'warning' | 'info';
  /** The alert's summary, or the declared incident's title. */
  title?: string;
  /** Alert-born: the alert's source (`db-1`) and dedup key (a fresh one). */
  source?: string;
  dedupKey?: string;
  /** Alert-born: when the alert says it started (`payload.timestamp`); when it arrives otherwise. */
  alertStartedAt?: number;
  /** Who declares and who takes `status`: the bootstrap admin unless given. */
  token?: string;
  /** Acted on after it opened, through the API (`acknowledge`, `resolve` ...). */
  status?: 'acknowledged' | 'mitigated' | 'resolved';
}

export interface BuiltIncident {
  /** As `GET /api/v1/incidents/:id` (or the declare answer) presents it right after it opened. */
  incident: IncidentView;
  serviceId: string;
  /** Alert-born: the integration the alert came in on, and the alert's dedup key. */
  integration: { id?: string; key: string; service_id: string } | null;
  dedupKey: string | null;
}

/**
 * One incident, the way the incident suites need it: an alert-born one by default (a trigger on
 * an events-v2 integration of its service), or declared. It does not run the engine: a suite that
 * wants the pages sent drains it itself.
 */
export async function buildIncident(app: App, opts: IncidentOptions = {}): Promise<BuiltIncident> {
  const policyBody =
    opts.policy ??
    (opts.paged && {
      levels: [{ delay_minutes: 30, targets: opts.paged.map((id) => ({ type: 'user', id })) }],
    });
  const policyId = opts.policyId ?? (policyBody && (await buildEscalationPolicy(app, policyBody)).id);
  const serviceId =
    opts.serviceId ??
    opts.integration?.service_id ??
    (await buildService(app, policyId ? { escalation_policy_id: policyId } : {})).id;
  const token = opts.token === undefined ? {} : { token: opts.token };

  let built: BuiltIncident;
  if (opts.from === 'declared') {
    const res = await api<IncidentView>(app, 'POST', '/api/v1/incidents', {
      ...token,
      body: {
        title: opts.title ?? 'Search is slow',
        service_ids: [serviceId],
        severity: opts.severity ?? 'SEV3',
      },
    });
    if (res.status !== 201) throw new Error(`declare answered ${res.status}: ${JSON.stringify(res.body)}`);
    built = { incident: res.body, serviceId, integration: null, dedupKey: null };
  } else {
    const integration = opts.integration ?? (await buildIntegration(app, 'events-v2', {}, serviceId));
    const dedupKey = opts.dedupKey ?? uniqueName('d');
    const sent = await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: {
        routing_key: integration.key,
        event_action: 'trigger',
        dedup_key: dedupKey,
        payload: {
          summary: opts.title ?? 'Disk full',
          source: opts.source ?? 'db-1',
          severity: opts.alertSeverity ?? 'critical',
          ...(opts.alertStartedAt === undefined
            ? {}
            : { timestamp: new Date(opts.alertStartedAt).toISOString() }),
        },
      },
    });
    if (sent.status !== 202) throw new Error(`trigger answered ${sent.status}: ${JSON.stringify(sent.body)}`);
    const alerts = await api<{ data: { incident_id: string | null; dedup_key: string }[] }>(
      app,
      'GET',
      `/api/v1/alerts?service_id=${serviceId}&limit=500`,
    );
    const alert = alerts.body.data.find((a) => a.dedup_key === dedupKey);
    if (!alert?.incident_id) throw new Error(`the alert ${dedupKey} opened no incident (suppressed?)`);
    const got = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${alert.incident_id}`);
    built = { incident: got.body, serviceId, integration, dedupKey };
  }

  if (opts.status !== undefined) {
    const verb = { acknowledged: 'acknowledge', mitigated: 'mitigate', resolved: 'resolve' }[opts.status];
    const res = await api<IncidentView>(app, 'POST', `/api/v1/incidents/${built.incident.id}/${verb}`, token);
    if (res.status !== 200) throw new Error(`${verb} answered ${res.status}: ${JSON.stringify(res.body)}`);
    built.incident = res.body;
  }
  return built;
}
