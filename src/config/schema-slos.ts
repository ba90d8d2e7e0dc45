import { Type } from '@sinclair/typebox';
import { Name } from '../platform/http/schema.ts';
import { SLO_WINDOW_DAYS } from '../slos/burn.ts';
import {
  AlertRuleInput,
  BudgetPolicyInput,
  CreateSloInput,
  DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES,
  SliInput,
} from '../slos/schemas.ts';

/**
 * SLOs and services' error-budget policies in tocsin.yaml, from the SLO API's own field schemas.
 * An SLO is named by its service and its name (unique within the service); a budget policy by
 * its service. A release-gate override is operational, not configuration: it is not in the file,
 * and apply never touches one.
 */

const ServiceRef = Type.String({
  minLength: Name.minLength,
  maxLength: Name.maxLength,
  pattern: Name.pattern,
  description: 'name of a service defined in this configuration',
});

const slo = CreateSloInput.properties;
const sli = SliInput.properties;
const rule = AlertRuleInput.properties;

export const ConfigSli = Type.Object(
  {
    kind: sli.kind,
    prometheus_url: sli.prometheus_url,
    good_query: sli.total_query,
    error_query: sli.total_query,
    total_query: sli.total_query,
  },
  {
    additionalProperties: false,
    description:
      'where the counts come from: {kind: events} (pushed to POST /api/v1/slos/:id/events), or {kind: prometheus, prometheus_url, good_query or error_query, total_query}, each query the number of events in the minute ending at its evaluation time, e.g. sum(increase(http_requests_total[1m]))',
  },
);

export const ConfigSloAlert = Type.Object(
  {
    name: rule.name,
    long_window: rule.long_window,
    short_window: rule.short_window,
    burn_rate: rule.burn_rate,
    severity: rule.severity,
  },
  {
    additionalProperties: false,
    description:
      'a multiwindow burn-rate alert: fires while the error budget burns faster than burn_rate over both windows',
  },
);

export const ConfigSlo = Type.Object(
  {
    service: ServiceRef,
    name: Type.String({
      minLength: Name.minLength,
      maxLength: Name.maxLength,
      pattern: Name.pattern,
      description: 'names the SLO; unique within its service',
    }),
    description: slo.description,
    objective: slo.objective,
    window_days: Type.Integer({
      enum: [...SLO_WINDOW_DAYS],
      description: `rolling window in days: ${SLO_WINDOW_DAYS.join(', ')}`,
    }),
    sli: ConfigSli,
    alerts: Type.Optional(
      Type.Array(ConfigSloAlert, {
        maxItems: 10,
        description:
          'burn-rate alerts; left out, the defaults: page-fast (1h/5m over 14.4x, critical), page-slow (6h/30m over 6x, critical), ticket (3d/6h over 1x, warning)',
      }),
    ),
    exclude_maintenance: Type.Optional(
      Type.Boolean({
        description: "minutes inside the service's maintenance windows are not counted (default true)",
      }),
    ),
    unknown_alert_after_minutes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1440,
        description: `a Prometheus SLI unreadable this long raises an alert (default ${DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES})`,
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'a service level objective, matched by service and name; renaming one, or moving it to another service, is a new SLO (its counts are not carried over)',
  },
);

const policy = BudgetPolicyInput.properties;

export const ConfigBudgetPolicy = Type.Object(
  {
    service: ServiceRef,
    block_releases: Type.Optional(
      Type.Boolean({
        description: "whether the release gate stops releases while an SLO's budget is spent (default true)",
      }),
    ),
    min_budget_remaining: Type.Optional(
      Type.Number({
        minimum: policy.min_budget_remaining.minimum,
        maximum: policy.min_budget_remaining.maximum,
        description:
          'the gate closes when an SLO has this fraction of its error budget left or less (default 0: spent)',
      }),
    ),
    block_when_unknown: Type.Optional(
      Type.Boolean({ description: 'the gate also closes while an SLI cannot be read (default false)' }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "a service's error-budget policy, matched by service; a service left out has the default policy. Overrides of the release gate are operational (set in the web UI or API with a reason and an end), not configuration: apply never changes one",
  },
);
