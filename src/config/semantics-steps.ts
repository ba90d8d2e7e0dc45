import { ValidationError } from '../platform/errors.ts';
import { RESERVED_HEADERS } from '../runbooks/steps/defaults.ts';
import { type Part, parseTemplate, render, sampleVars } from '../runbooks/steps/template.ts';
import { STEP_DEFAULTS } from './normal-runbooks.ts';
import type { ConfigPath, ReferenceProblem } from './references.ts';
import type { ConfigStep, TocsinConfig } from './schema.ts';

/**
 * What makes the step API refuse a step, checked offline so that `tocsin config validate` points
 * at the field: templates (syntax, unknown variables, a secret in the URL) with the API's own
 * parser, and the rules of checkStep (src/runbooks/steps/validate.ts) that need no database.
 * Plan and apply run checkStep itself as well (check-steps.ts), for what only the server knows:
 * which secrets exist and which addresses its outbound guard refuses. Pure.
 */

export function stepProblems(config: TocsinConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  config.runbooks?.forEach((runbook, r) =>
    runbook.steps?.forEach((step, s) => {
      problems.push(...problemsOf(step, (...rest) => ['runbooks', r, 'steps', s, ...rest]));
    }),
  );
  return problems;
}

function problemsOf(step: ConfigStep, at: (...rest: ConfigPath) => ConfigPath): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const problem = (path: ConfigPath, message: string) => problems.push({ path, message });
  const template = (path: ConfigPath, text: string, allowSecrets = true): Part[] | undefined => {
    try {
      return parseTemplate(text, 'template', allowSecrets);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problem(path, e.message.replace(/^template: /, ''));
      return undefined;
    }
  };

  const url = template(at('url'), step.url, false);
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(render(url, sampleVars(url), 'url'));
    } catch {
      problem(at('url'), 'not a URL once its variables are filled in');
    }
    if (parsed !== undefined && parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      problem(at('url'), 'must be http or https');
  }
  const seen = new Set<string>();
  step.headers?.forEach((h, i) => {
    const lower = h.name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) problem(at('headers', i, 'name'), `${h.name} is set by Tocsin`);
    else if (seen.has(lower)) problem(at('headers', i, 'name'), `${h.name} is given twice`);
    seen.add(lower);
    template(at('headers', i, 'value'), h.value);
  });
  const method = step.method ?? STEP_DEFAULTS.method;
  if (step.body !== undefined && step.body !== null) {
    if (method === 'GET' || method === 'HEAD')
      problem(at('body'), `a ${method} request has no body; use POST, PUT or PATCH`);
    else template(at('body'), step.body);
  }
  if (step.auto_run === true && (step.approval ?? STEP_DEFAULTS.approval) !== 'safe') {
    problem(
      at('auto_run'),
      'only safe steps run on their own (approval: safe); a step that needs approval waits for a person',
    );
  }
  return problems;
}
