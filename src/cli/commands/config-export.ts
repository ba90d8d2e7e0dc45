import { writeFile } from 'node:fs/promises';
import { exportConfig, type ExportResult } from '../../config/export.ts';
import { type Command, stringFlag } from '../command.ts';
import { CONFIG_OPTIONS, CONFIG_USAGE, withTarget } from './config-common.ts';

export const configExport: Command = {
  path: ['export'],
  summary: 'write the current configuration as tocsin.yaml (stdout, or -o FILE); re-applies as a no-op',
  usage: `[-o FILE] ${CONFIG_USAGE}`,
  options: { ...CONFIG_OPTIONS, output: { type: 'string', short: 'o' } },
  run: async (inv) => {
    const result = await withTarget(inv, (target) =>
      target.kind === 'http'
        ? target.request<Pick<ExportResult, 'yaml' | 'skipped'>>('GET', '/config/export')
        : exportConfig({ ctx: target.ctx, publicUrl: target.publicUrl }),
    );
    for (const s of result.skipped) inv.io.err(`skipped (refers to a deleted object): ${s}`);
    if (inv.flags.json === true) {
      inv.io.out(JSON.stringify({ yaml: result.yaml, skipped: result.skipped }));
      return 0;
    }
    const output = stringFlag(inv.flags, 'output');
    if (output === undefined) inv.io.out(result.yaml.replace(/\n$/, ''));
    else await writeFile(output, result.yaml);
    return 0;
  },
};
