import { ValidationError } from '../platform/errors.ts';
import { checkedRules } from '../slos/rules.ts';
import type { ConfigPath, ReferenceProblem } from './references.ts';
import type { TocsinConfig } from './schema.ts';

/**
 * What makes the SLO API refuse an SLO, checked offline so that `tocsin config validate` points
 * at the field: its alert rules with the API's own check (names used once, the short window
 * shorter than the long one), and the shape of its SLI (src/slos/rules.ts checkedSli without
 * the parts that need a server). Plan does not contact Prometheus; apply runs the API's whole
 * check, which runs a Prometheus SLI's queries once, and reports a refusal at the SLO. Pure.
 */

// The API names the request body's field first: `body.alerts.1.short_window: must be ...`.
const FIELD = /^body\.([\w.]+): /;

function fieldOf(message: string): ConfigPath {
  const field = FIELD.exec(message)?.[1];
  return field === undefined ? [] : field.split('.').map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

const PROMETHEUS_ONLY = ['prometheus_url', 'good_query', 'error_query', 'total_query'] as const;

export function sloProblems(config: TocsinConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  config.slos?.forEach((slo, i) => {
    const at = (...rest: ConfigPath): ConfigPath => ['slos', i, ...rest];
    try {
      checkedRules(slo.alerts);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push({ path: at(...fieldOf(e.message)), message: e.message.replace(FIELD, '') });
    }
    const sli = slo.sli;
    if (sli.kind === 'events') {
      for (const f of PROMETHEUS_ONLY) {
        if (sli[f] !== undefined)
          problems.push({ path: at('sli', f), message: 'only for an SLI of kind prometheus' });
      }
      return;
    }
    const url = sli.prometheus_url?.trim() ?? '';
    if (url === '')
      problems.push({ path: at('sli'), message: 'prometheus_url is required for an SLI of kind prometheus' });
    else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      problems.push({ path: at('sli', 'prometheus_url'), message: 'must be an http or https URL' });
    if ((sli.good_query === undefined) === (sli.error_query === undefined))
      problems.push({ path: at('sli'), message: 'give exactly one of good_query and error_query' });
    if (sli.total_query === undefined)
      problems.push({ path: at('sli'), message: 'total_query is required for an SLI of kind prometheus' });
  });
  return problems;
}
