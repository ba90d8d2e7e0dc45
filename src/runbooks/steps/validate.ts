import type { Ctx } from '../../platform/context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { OutboundRefusedError, checkOutboundUrl } from '../../platform/outbound/guard.ts';
import { RESERVED_HEADERS } from './defaults.ts';
import { secretsByName } from './repository.ts';
import { type Part, parseTemplate, render, sampleVars, secretsOf } from './template.ts';

export interface StepShape {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  body: string | null;
  auto_run: boolean;
  approval: 'safe' | 'approval';
}

export interface ParsedStep {
  url: Part[];
  headers: { name: string; value: Part[] }[];
  body: Part[] | null;
}

export function parseStep(step: Pick<StepShape, 'url' | 'headers' | 'body'>, prefix = 'body'): ParsedStep {
  return {
    url: parseTemplate(step.url, `${prefix}.url`, false),
    headers: step.headers.map((h, i) => ({
      name: h.name,
      value: parseTemplate(h.value, `${prefix}.headers.${i}.value`),
    })),
    body: step.body === null ? null : parseTemplate(step.body, `${prefix}.body`),
  };
}

/** Whether the URL's scheme and host come before any variable (then they can be checked when saved). */
export function hostIsLiteral(url: readonly Part[]): boolean {
  const first = url.findIndex((p) => p.variable !== undefined);
  if (first < 0) return true;
  const prefix = url
    .slice(0, first)
    .map((p) => p.text ?? '')
    .join('');
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*[/?#]/i.test(prefix);
}

export function secretsOfStep(parsed: ParsedStep): string[] {
  return [
    ...new Set([
      ...parsed.headers.flatMap((h) => secretsOf(h.value)),
      ...(parsed.body ? secretsOf(parsed.body) : []),
    ]),
  ];
}

/**
 * Everything about a step that can be wrong when it is saved, each naming its field: a template
 * that does not parse or names an unknown variable, a secret that does not exist, a URL that is
 * not http(s) or leads to an address the outbound guard always refuses (metadata, link-local),
 * a reserved or repeated header, a body on GET, automatic runs of a step that needs approval.
 */
export async function checkStep(ctx: Ctx, step: StepShape): Promise<ParsedStep> {
  const parsed = parseStep(step);
  const seen = new Set<string>();
  step.headers.forEach((h, i) => {
    const lower = h.name.toLowerCase();
    if (RESERVED_HEADERS.has(lower))
      throw new ValidationError(`body.headers.${i}.name: ${h.name} is set by Tocsin`);
    if (seen.has(lower)) throw new ValidationError(`body.headers.${i}.name: ${h.name} is given twice`);
    seen.add(lower);
  });
  if (step.body !== null && (step.method === 'GET' || step.method === 'HEAD')) {
    throw new ValidationError(`body.body: a ${step.method} request has no body; use POST, PUT or PATCH`);
  }
  if (step.auto_run && step.approval !== 'safe') {
    throw new ValidationError(
      'body.auto_run: only safe steps run on their own; a step that needs approval waits for a person',
    );
  }
  const sample = render(parsed.url, sampleVars(parsed.url), 'url');
  let url: URL;
  try {
    url = new URL(sample);
  } catch {
    throw new ValidationError(
      `body.url: not a URL once its variables are filled in (${JSON.stringify(step.url)})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError('body.url: must be http or https');
  // A host written in the template is checked now; one filled from labels at connect time.
  if (hostIsLiteral(parsed.url)) {
    try {
      checkOutboundUrl(url, ctx.outbound);
    } catch (e) {
      if (e instanceof OutboundRefusedError)
        throw new ValidationError(
          `body.url: ${e.refused === 'address' ? `blocked: ${e.message}` : e.message}`,
        );
      throw e;
    }
  }
  const names = secretsOfStep(parsed);
  if (names.length > 0 && !hostIsLiteral(parsed.url)) {
    throw new ValidationError(
      "body.url: a step that sends a secret must name its host in the URL; a host filled in from an alert's labels could be anyone's",
    );
  }
  const found = new Set((await secretsByName(ctx.db, names)).map((s) => s.name));
  const missing = names.find((n) => !found.has(n));
  if (missing !== undefined) {
    const where = parsed.headers.findIndex((h) => secretsOf(h.value).includes(missing));
    const field = where >= 0 ? `body.headers.${where}.value` : 'body.body';
    throw new ValidationError(
      `${field}: no secret named ${JSON.stringify(missing)}; add it under runbook secrets first`,
    );
  }
  return parsed;
}
