import { applyConfig, type ApplyResult } from '../../config/apply.ts';
import type { Plan } from '../../config/diff.ts';
import { formatPlan } from '../../config/format.ts';
import type { Command } from '../command.ts';
import { CONFIG_USAGE, FILE_OPTIONS, printKeys, withFiles, withTarget } from './config-common.ts';

export const configApply: Command = {
  path: ['apply'],
  summary: 'make Tocsin match tocsin.yaml, all or nothing; --prune deletes what the file does not list',
  usage: `-f FILE_OR_DIR [--prune] ${CONFIG_USAGE}`,
  options: FILE_OPTIONS,
  run: (inv) =>
    withFiles(inv, async ({ files, prune, keys }) => {
      const result: ApplyResult = await withTarget(inv, async (target) => {
        if (target.kind === 'database') {
          return applyConfig({
            ctx: target.ctx,
            input: { config: files.config, sources: files.sources, prune, keys, publicUrl: target.publicUrl },
          });
        }
        const answer = await target.request<Plan & Pick<ApplyResult, 'keys'>>('POST', '/config/apply', {
          files: files.texts,
          prune,
          keys,
        });
        return { plan: { changes: answer.changes, notes: answer.notes }, keys: answer.keys };
      });
      if (inv.flags.json === true) {
        inv.io.out(JSON.stringify({ ...result.plan, keys: result.keys }, null, 2));
        return 0;
      }
      for (const line of formatPlan(result.plan, 'did')) inv.io.out(line);
      printKeys(inv.io, result.keys);
      return 0;
    }),
};
