import { planConfig } from '../../config/apply.ts';
import type { Plan } from '../../config/diff.ts';
import { formatPlan } from '../../config/format.ts';
import { ConfigError } from '../../config/load.ts';
import { AppError } from '../../platform/errors.ts';
import type { Command, Invocation } from '../command.ts';
import { CONFIG_USAGE, FILE_OPTIONS, type FileInput, withFiles, withTarget } from './config-common.ts';

/** Exit codes as Terraform's -detailed-exitcode: 0 no changes, 2 changes, 1 an error (a bad file too). */
export const configPlan: Command = {
  path: ['plan'],
  summary: 'show what `tocsin apply -f` would change; changes nothing; exit 0 none, 2 changes, 1 error',
  usage: `-f FILE_OR_DIR [--prune] ${CONFIG_USAGE}`,
  options: FILE_OPTIONS,
  run: (inv) =>
    withFiles(inv, async (input) => {
      try {
        return await planAndPrint(inv, input);
      } catch (e) {
        // Exit 2 means "changes" to CI, so no failure may end with it (runCli gives 400s 2).
        if (!(e instanceof AppError) || e instanceof ConfigError) throw e;
        inv.io.err(`tocsin plan: ${e.message}`);
        return 1;
      }
    }),
};

async function planAndPrint(inv: Invocation, { files, prune, keys }: FileInput): Promise<number> {
  const plan = await withTarget(inv, (target) =>
    target.kind === 'http'
      ? target.request<Plan>('POST', '/config/plan', { files: files.texts, prune, keys })
      : planConfig({ ctx: target.ctx, input: { config: files.config, sources: files.sources, prune, keys } }),
  );
  if (inv.flags.json === true) inv.io.out(JSON.stringify(plan, null, 2));
  else for (const line of formatPlan(plan)) inv.io.out(line);
  return plan.changes.length === 0 ? 0 : 2;
}
