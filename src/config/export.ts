import { isDeepStrictEqual } from 'node:util';
import { Document, parse, Scalar, visit } from 'yaml';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { CONFIG_SCHEMA_PATH, type TocsinConfig } from './schema.ts';
import { DEFAULT_URGENCY_RULES, type UrgencyRules } from '../services/urgency.ts';
import { DEFAULT_GROUPING, DEFAULT_HANDOFF, DEFAULT_HEARTBEAT_GRACE, type NConfig } from './normal.ts';
import { isGone, readState, stateConfig } from './state.ts';
import { normalStatusPage } from './normal-status.ts';
import { type NStep, STEP_DEFAULTS, matcherText } from './normal-runbooks.ts';
import { DEFAULT_REVIEW_INTERVAL_DAYS } from '../runbooks/schemas.ts';
import {
  DEFAULT_EXCLUDE_MAINTENANCE,
  DEFAULT_POLICY,
  DEFAULT_SLO_ALERTS,
  DEFAULT_UNKNOWN_AFTER,
  type NSli,
  type NSloAlert,
} from './normal-slos.ts';

/**
 * `tocsin export`: the database's configuration as a tocsin.yaml that applies as a no-op. Values
 * equal to the API's defaults are left out so the file reads like one written by hand; references
 * to deleted objects are dropped (and counted in `skipped`).
 */
export interface ExportResult {
  config: TocsinConfig;
  yaml: string;
  /** What could not be written (a participant whose user was deleted ...). */
  skipped: string[];
}

export async function exportConfig({
  ctx,
  publicUrl,
}: {
  ctx: Ctx;
  publicUrl?: string | undefined;
}): Promise<ExportResult> {
  requireRole(ctx.actor, 'admin');
  const state = await inTransaction(ctx, (ctx) => readState(ctx.db, ctx.clock.now()));
  const { config, skipped } = toFile(stateConfig(state), state.now);
  const schema = publicUrl
    ? new URL(CONFIG_SCHEMA_PATH, publicUrl).href
    : `http://localhost:7420${CONFIG_SCHEMA_PATH}`;
  const header = `# yaml-language-server: $schema=${schema}\n# Exported by tocsin export; apply it with tocsin apply -f FILE.\n`;
  return { config, yaml: header + toYaml(config), skipped };
}

/**
 * The file as YAML that reads back as the same strings under YAML 1.2 and 1.1. The library quotes
 * what 1.2 would read as another type, but many tools (PyYAML, go-yaml v2, Ruby) still read 1.1,
 * where `10:00` is the number 600, `on`/`no` are booleans and `2027-01-04` is a timestamp: such
 * strings are quoted too.
 */
export function toYaml(config: unknown): string {
  const doc = new Document(config);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherUnder11(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function readsAsOtherUnder11(value: string): boolean {
  if (value.includes('\n')) return false; // written as a block scalar, which is always a string
  try {
    const doc = parse(value, { version: '1.1' }) as unknown;
    return doc !== value;
  } catch {
    return true;
  }
}

const unless = <T>(value: T, dflt: T) => (isDeepStrictEqual(value, dflt) ? undefined : value);

/** Drops undefined keys, so the YAML has no `key: null` for values left out. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function toFile(n: NConfig, now: number): { config: TocsinConfig; skipped: string[] } {
  const skipped: string[] = [];
  const known = <T extends string>(list: T[], where: string): T[] =>
    list.filter((x) => {
      if (isGone(x)) skipped.push(`${where}: ${x}`);
      return !isGone(x);
    });
  const config: TocsinConfig = compact({
    version: 1 as const,
    teams: n.teams.map((t) =>
      compact({
        name: t.name,
        description: unless(t.description, ''),
        members: (t.members ?? [])
          .filter((m) => !isGone(m.user))
          .map((m) => compact({ user: m.user, role: unless(m.role, 'member') })),
      }),
    ),
    users: n.users.map((u) =>
      compact({
        name: u.name,
        email: u.email,
        role: u.role,
        time_zone: unless(u.time_zone, 'UTC'),
        deactivated: unless(u.deactivated, false),
        contact_methods: u.contact_methods?.map((c) => ({
          label: c.label,
          type: c.type,
          address: c.address,
        })),
        notification_rules: u.notification_rules
          ?.filter((r) => !isGone(r.contact_method))
          .map((r) => ({
            contact_method: r.contact_method,
            delay_minutes: r.delay_minutes,
            urgency: r.urgency,
          })),
      }),
    ),
    schedules: n.schedules.map((s) =>
      compact({
        name: s.name,
        team: s.team,
        time_zone: unless(s.time_zone, 'UTC'),
        description: unless(s.description, ''),
        layers: s.layers?.map((l) =>
          compact({
            name: l.name,
            order: l.order,
            time_zone: unless(l.time_zone, s.time_zone),
            start_date: l.start_date,
            handoff_time: unless(l.handoff_time, DEFAULT_HANDOFF),
            shift_length: l.shift_length,
            shift_unit: l.shift_unit,
            end: l.end ?? undefined,
            restrictions: l.restrictions.length === 0 ? undefined : l.restrictions,
            participants: known(l.participants, `schedule ${s.name} layer ${l.name}`),
          }),
        ),
        // Left out when empty: listing `overrides: []` would make the file remove every override
        // responders add by hand.
        overrides: nonEmpty(s.overrides?.filter((o) => !isGone(o.user) && Date.parse(o.end) > now)),
      }),
    ),
    escalation_policies: n.escalation_policies.map((p) =>
      compact({
        name: p.name,
        description: unless(p.description, ''),
        team: p.team ?? undefined,
        repeat_count: unless(p.repeat_count, 0),
        ack_timeout_minutes: p.ack_timeout_minutes ?? undefined,
        levels: p.levels.map((l) => ({
          delay_minutes: l.delay_minutes,
          targets: l.targets.filter((t) => {
            const name = Object.values(t)[0] ?? '';
            if (isGone(name)) skipped.push(`escalation policy ${p.name}: target ${name}`);
            return !isGone(name);
          }),
        })),
      }),
    ),
    services: n.services.map((s) =>
      compact({
        name: s.name,
        description: unless(s.description, ''),
        team: s.team,
        escalation_policy: s.escalation_policy ?? undefined,
        dependencies: s.dependencies?.length ? known(s.dependencies, `service ${s.name}`) : undefined,
        alert_grouping: unless(s.alert_grouping, DEFAULT_GROUPING),
        urgency_rules: changedUrgencies(s.urgency_rules),
        integrations: s.integrations?.map((i) =>
          compact({
            name: i.name,
            type: i.type,
            enabled: unless(i.enabled, true),
            rate_limit_per_minute: i.rate_limit_per_minute ?? undefined,
            mapping: i.mapping ?? undefined,
            heartbeat:
              i.heartbeat === null
                ? undefined
                : compact({
                    period_seconds: i.heartbeat.period_seconds,
                    grace_seconds: unless(i.heartbeat.grace_seconds, DEFAULT_HEARTBEAT_GRACE),
                  }),
          }),
        ),
      }),
    ),
    silences: n.silences.map((s) =>
      compact({
        name: s.name,
        service: s.service ?? undefined,
        matchers: s.matchers.length === 0 ? undefined : s.matchers,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        comment: s.comment,
      }),
    ),
    ...statusPageFile(n, known),
    maintenance_windows: n.maintenance_windows.map((w) =>
      compact({
        name: w.name,
        description: unless(w.description, ''),
        services: known(w.services, `maintenance window ${w.name}`),
        starts_at: w.starts_at,
        ends_at: w.ends_at,
      }),
    ),
    ...slosFile(n, known),
    runbooks: runbooksFile(n, known),
  });
  return { config, skipped };
}

/**
 * SLOs, the defaults left out (alerts too, when they are the default three), and the budget
 * policies that differ from the default one, each with its three fields. Left out when there are
 * none, as runbooks are: an empty list would make --prune delete those added later in the web UI.
 * A release-gate override is not configuration and is never written.
 */
function slosFile(n: NConfig, known: (list: string[], where: string) => string[]) {
  const sli = (s: NSli) =>
    s.kind === 'events'
      ? { kind: s.kind }
      : compact({
          kind: s.kind,
          prometheus_url: s.prometheus_url,
          good_query: s.good_query ?? undefined,
          error_query: s.error_query ?? undefined,
          total_query: s.total_query,
        });
  return {
    slos: nonEmpty(
      n.slos
        .filter((s) => known([s.service], `SLO ${s.name}`).length > 0)
        .map((s) =>
          compact({
            service: s.service,
            name: s.slo,
            description: unless(s.description, ''),
            objective: s.objective,
            window_days: s.window_days,
            sli: sli(s.sli),
            alerts: unless<NSloAlert[]>(s.alerts, [...DEFAULT_SLO_ALERTS]),
            exclude_maintenance: unless(s.exclude_maintenance, DEFAULT_EXCLUDE_MAINTENANCE),
            unknown_alert_after_minutes: unless(s.unknown_alert_after_minutes, DEFAULT_UNKNOWN_AFTER),
          }),
        ),
    ),
    budget_policies: nonEmpty(
      n.budget_policies
        .filter((p) => !isDeepStrictEqual({ ...p, name: '' }, { ...DEFAULT_POLICY, name: '' }))
        .filter((p) => known([p.name], 'budget policy').length > 0)
        .map((p) => ({
          service: p.name,
          block_releases: p.block_releases,
          min_budget_remaining: p.min_budget_remaining,
          block_when_unknown: p.block_when_unknown,
        })),
    ),
  };
}

/**
 * Runbooks, the text last (a block scalar when it has several lines, so it reads as Markdown)
 * and matchers in Alertmanager's text form. Left out when there are none: an empty list would make
 * the file delete with --prune every runbook written later in the web UI. The same for a
 * runbook's steps: `steps: []` would delete the ones added later.
 */
function runbooksFile(n: NConfig, known: (list: string[], where: string) => string[]) {
  return nonEmpty(
    n.runbooks.map((r) =>
      compact({
        title: r.name,
        team: r.team === null ? undefined : known([r.team], `runbook ${r.name}`)[0],
        tags: nonEmpty(r.tags),
        services: nonEmpty(known(r.services, `runbook ${r.name}`)),
        matchers: nonEmpty(r.matchers.map(matcherText)),
        severities: nonEmpty(r.severities),
        sources: nonEmpty(r.sources),
        review_interval_days: unless(r.review_interval_days, DEFAULT_REVIEW_INTERVAL_DAYS),
        steps: nonEmpty(r.steps?.map(stepFile)),
        body: r.body,
      }),
    ),
  );
}

/**
 * A step as written by hand: defaults left out except `approval`, which says whether it runs
 * without a second person and is always shown, as a user's role is. Secrets appear only as the
 * `{{secrets.NAME}}` of the templates; their values are never read here.
 */
function stepFile(s: NStep) {
  const d = STEP_DEFAULTS;
  return compact({
    name: s.name,
    method: unless(s.method, d.method),
    url: s.url,
    headers: nonEmpty(s.headers),
    timeout_seconds: unless(s.timeout_seconds, d.timeout_seconds),
    expected_status: s.expected_status ?? undefined,
    approval: s.approval,
    approver_role: unless(s.approver_role, d.approver_role),
    auto_run: unless(s.auto_run, d.auto_run),
    auto_run_per_hour: unless(s.auto_run_per_hour, d.auto_run_per_hour),
    body: s.body ?? undefined,
  });
}

/** The status page: settings only where they differ from the defaults; list order is page order. */
function statusPageFile(n: NConfig, known: (list: string[], where: string) => string[]) {
  const page = n.status_page[0];
  const dflt = normalStatusPage({});
  const settings =
    page === undefined
      ? undefined
      : compact({
          name: unless(page.title, dflt.title),
          logo_url: page.logo_url ?? undefined,
          brand_color: unless(page.brand_color, dflt.brand_color),
          public_url: page.public_url ?? undefined,
          time_zone: unless(page.time_zone, dflt.time_zone),
        });
  return {
    status_page: settings === undefined || Object.keys(settings).length === 0 ? undefined : settings,
    status_page_groups: nonEmpty(
      n.status_page_groups.map((g) => compact({ name: g.name, description: unless(g.description, '') })),
    ),
    status_page_components: nonEmpty(
      n.status_page_components.map((c) =>
        compact({
          name: c.name,
          description: unless(c.description, ''),
          group: c.group === null ? undefined : known([c.group], `status page component ${c.name}`)[0],
          service: c.service === null ? undefined : known([c.service], `status page component ${c.name}`)[0],
          showcase: unless(c.showcase, true),
          only_show_if_degraded: unless(c.only_show_if_degraded, false),
          start_date: c.start_date ?? undefined,
        }),
      ),
    ),
    status_page_templates: nonEmpty(
      n.status_page_templates.map((t) =>
        compact({ name: t.name, update_status: t.update_status, title: unless(t.title, ''), body: t.body }),
      ),
    ),
  };
}

/** Only the severities whose urgency differs from the default, or nothing. */
function changedUrgencies(rules: UrgencyRules): Partial<UrgencyRules> | undefined {
  const changed = (Object.keys(rules) as (keyof UrgencyRules)[]).filter(
    (s) => rules[s] !== DEFAULT_URGENCY_RULES[s],
  );
  return changed.length === 0 ? undefined : Object.fromEntries(changed.map((s) => [s, rules[s]]));
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}
