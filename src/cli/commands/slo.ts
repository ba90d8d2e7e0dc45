import { ValidationError } from '../../platform/errors.ts';
import type { ReleaseGateView, SloView } from '../../slos/schemas.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { table, truncate } from '../incident-format.ts';
import { enc, fetchAll, printJson, resolveServiceId } from './incident-common.ts';

/**
 * `tocsin slo list|show|rules|gate`: SLOs over the API as the token's user. `gate` is for CI/CD:
 * it exits 1 while the service's error budget policy blocks releases, so a deploy job can run
 * `tocsin slo gate Checkout && deploy`.
 */

/** 0.999 -> 99.9%: a fraction as a percentage, without float noise. */
const percent = (fraction: number, digits = 6) => `${Number((fraction * 100).toPrecision(digits))}%`;
const budgetLeft = (remaining: number | null) =>
  remaining === null ? '-' : `${Number((remaining * 100).toFixed(1))}%`;
const burn = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '-' : `${Number(rate.toPrecision(3))}x`;

function sloTable(slos: SloView[]): string[] {
  if (slos.length === 0) return ['no SLOs match'];
  return table(
    ['ID', 'SERVICE', 'NAME', 'OBJECTIVE', 'WINDOW', 'STATUS', 'BUDGET LEFT', 'BURN 1H'],
    slos.map((s) => [
      s.id,
      truncate(s.service_name, 30),
      truncate(s.name, 40),
      percent(s.objective),
      `${s.window_days}d`,
      s.status,
      budgetLeft(s.budget.remaining),
      burn(s.burn_rates['1h']),
    ]),
  );
}

const byServiceThenName = (a: SloView, b: SloView) =>
  a.service_name.localeCompare(b.service_name) || a.name.localeCompare(b.name);

/** `tocsin slo list`: every SLO (of a service) with its status, budget left and 1 h burn rate. */
export const sloList: Command = {
  path: ['slo', 'list'],
  summary: 'list SLOs (of a service): objective, window, status, error budget left, 1h burn rate',
  usage: `[--service NAME|ID] [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, service: { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const service = stringFlag(inv.flags, 'service');
      const query = service === undefined ? '' : `?service_id=${enc(await resolveServiceId(api, service))}`;
      const slos = (await fetchAll<SloView>(api, `/slos${query}`)).sort(byServiceThenName);
      if (inv.flags.json === true) {
        printJson(inv.io, { data: slos, next_cursor: null });
        return 0;
      }
      for (const line of sloTable(slos)) inv.io.out(line);
      return 0;
    }),
};

interface SloAlertLite {
  alert_id: string;
  status: string;
  incident_ref: string | null;
}

function sliText(s: SloView['sli']): string {
  if (s.kind === 'events') return 'events pushed to POST /api/v1/slos/:id/events';
  const counted = s.good_query ? `good ${s.good_query}` : `errors ${s.error_query ?? ''}`;
  return `prometheus ${s.prometheus_url ?? ''}: ${counted} / total ${s.total_query ?? ''}`;
}

/** `tocsin slo show SLO_ID`: the definition, every figure of the last evaluation and what is firing. */
export const sloShow: Command = {
  path: ['slo', 'show'],
  summary: 'an SLO: its budget, burn rates over every window, alert rules and the alerts firing',
  usage: `SLO_ID [--json] ${API_USAGE}`,
  options: API_OPTIONS,
  run: (inv) =>
    withApi(inv, async (api) => {
      const id = inv.args[0];
      if (id === undefined || id === '') throw new ValidationError('SLO_ID is required: an SLO id (slo_...)');
      const s = await api.request<SloView>('GET', `/slos/${enc(id)}`);
      if (inv.flags.json === true) {
        printJson(inv.io, s);
        return 0;
      }
      const history =
        s.firing.length === 0
          ? []
          : (await api.request<{ data: SloAlertLite[] }>('GET', `/slos/${enc(id)}/alerts`)).data;
      const b = s.budget;
      const minutes = (n: number) => `${Number(n.toPrecision(4))} min`;
      const lines = [
        `${s.id} "${s.name}" on ${s.service_name}`,
        `  status        ${s.status}${s.status_reason === null ? '' : ` (${s.status_reason})`}`,
        `  objective     ${percent(s.objective)} over ${s.window_days} days`,
        ...(s.description === '' ? [] : [`  description   ${truncate(s.description, 100)}`]),
        `  sli           ${sliText(s.sli)}`,
        `  budget left   ${budgetLeft(b.remaining)}${
          b.remaining_minutes === null
            ? ''
            : ` (${minutes(Math.max(0, b.remaining_minutes))} of full outage of ${minutes(b.allowed_minutes)})`
        }`,
        `  events        ${b.good} good of ${b.total}${b.excluded > 0 ? ` (${b.excluded} left out: maintenance)` : ''}`,
        `  error ratio   ${b.error_ratio === null ? '-' : percent(b.error_ratio, 4)}`,
        `  spent at      ${
          b.forecast_exhausted_at ??
          (b.remaining !== null && b.remaining <= 0 ? 'already spent' : '- (not burning at this rate)')
        }`,
        `  burn rates    ${Object.entries(s.burn_rates)
          .map(([w, r]) => `${w} ${burn(r)}`)
          .join('  ')}`,
        `  alert rules   ${
          s.alerts.length === 0
            ? 'none'
            : s.alerts
                .map(
                  (a) => `${a.name} (${a.long_window}/${a.short_window} over ${a.burn_rate}x, ${a.severity})`,
                )
                .join('; ')
        }`,
        ...(s.firing.length === 0
          ? ['  firing        none']
          : s.firing.map((f, i) => {
              const alert = history.find((h) => h.alert_id === f.alert_id);
              const more = [
                f.alert_id,
                alert?.status,
                alert?.incident_ref === null ? undefined : alert?.incident_ref,
              ].filter((x) => x !== null && x !== undefined);
              return `${i === 0 ? '  firing        ' : ' '.repeat(16)}${f.alert} since ${f.since}${
                more.length > 0 ? ` (${more.join(', ')})` : ''
              }`;
            })),
        `  evaluated     ${s.evaluated_at ?? 'not yet'}`,
        `  url           ${s.url}`,
      ];
      for (const line of lines) inv.io.out(line);
      return 0;
    }),
};

/** `tocsin slo rules`: the Prometheus recording and alerting rules of the Prometheus-SLI SLOs. */
export const sloRules: Command = {
  path: ['slo', 'rules'],
  summary: 'print the Prometheus rule file (YAML) of the SLOs with a Prometheus SLI (of a service)',
  usage: `[--service NAME|ID] ${API_USAGE}`,
  options: { url: API_OPTIONS.url, token: API_OPTIONS.token, service: { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const service = stringFlag(inv.flags, 'service');
      const query = service === undefined ? '' : `?service_id=${enc(await resolveServiceId(api, service))}`;
      const yaml = await api.request<string>('GET', `/slo-rules${query}`);
      inv.io.out(yaml.trimEnd());
      return 0;
    }),
};

/** `tocsin slo gate SERVICE`: the release gate's answer and why; exit 1 when releases are blocked. */
export const sloGate: Command = {
  path: ['slo', 'gate'],
  summary: "ask a service's release gate (for CI): prints why, exits 1 when its error budget blocks releases",
  usage: `SERVICE_NAME|ID [--json] ${API_USAGE}`,
  options: API_OPTIONS,
  run: (inv) =>
    withApi(inv, async (api) => {
      const name = inv.args[0];
      if (name === undefined || name === '') {
        throw new ValidationError('SERVICE_NAME is required: the service to deploy (a name or an id)');
      }
      const id = await resolveServiceId(api, name, 'SERVICE_NAME');
      const gate = await api.request<ReleaseGateView>('GET', `/services/${enc(id)}/release-gate`);
      const code = gate.allow ? 0 : 1;
      if (inv.flags.json === true) {
        printJson(inv.io, gate);
        return code;
      }
      inv.io.out(`releases ${gate.allow ? 'allowed' : 'BLOCKED'}: ${gate.reason}`);
      if (gate.slos.length > 0) {
        for (const line of table(
          ['  SLO', 'STATUS', 'BUDGET LEFT'],
          gate.slos.map((s) => [`  ${s.name}`, s.status, budgetLeft(s.budget_remaining)]),
        ))
          inv.io.out(line);
      }
      return code;
    }),
};
