import type { Ctx } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { checkStep } from '../runbooks/steps/validate.ts';
import type { Plan } from './diff.ts';
import { ConfigError, type ConfigProblem, type ConfigSources, formatPath } from './load.ts';
import type { NConfig } from './normal.ts';
import type { ConfigPath, ReferenceProblem } from './references.ts';

/**
 * The runbook steps a plan would write, checked by the step API's own checkStep before anything
 * changes, for what the file alone cannot tell (semantics-steps.ts checks the rest offline): a
 * secret that does not exist, an address this server's outbound guard refuses. Each problem is
 * reported at its place in the file, as load.ts reports the offline ones. Steps the plan leaves
 * as they are are not checked: the API refuses writes, not what it already holds.
 */
export async function checkPlannedSteps(
  ctx: Ctx,
  desired: NConfig,
  plan: Plan,
  sources: ConfigSources | undefined,
): Promise<void> {
  const problems: ReferenceProblem[] = [];
  for (const change of plan.changes) {
    if (change.kind !== 'runbooks' || change.op === 'delete') continue;
    const r = desired.runbooks.findIndex((x) => x.name === change.name);
    const written =
      change.op === 'create'
        ? undefined
        : new Set(change.items.filter((i) => i.list === 'steps' && i.op !== 'remove').map((i) => i.key));
    for (const [s, step] of (desired.runbooks[r]?.steps ?? []).entries()) {
      if (written !== undefined && !written.has(step.name)) continue;
      try {
        await checkStep(ctx, step);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problems.push({
          path: ['runbooks', r, 'steps', s, ...fieldOf(e.message)],
          message: withoutField(e.message),
        });
      }
    }
  }
  if (problems.length === 0) return;
  const located = problems.map((p): ConfigProblem | undefined => {
    const at = sources?.locate(p.path);
    return at === undefined ? undefined : { ...at, message: p.message };
  });
  if (located.every((p) => p !== undefined)) throw new ConfigError(located);
  throw new ValidationError(problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('\n'));
}

// checkStep names the request body's field first: `body.headers.0.value: no secret named "x" ...`.
const FIELD = /^body\.([\w.]+): /;

function fieldOf(message: string): ConfigPath {
  const field = FIELD.exec(message)?.[1];
  return field === undefined ? [] : field.split('.').map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

const withoutField = (message: string) => message.replace(FIELD, '');
