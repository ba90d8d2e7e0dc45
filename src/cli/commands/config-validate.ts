import { ConfigError, formatProblems, loadConfigFiles, type ConfigProblem } from '../../config/load.ts';
import { KIND_NAMES, type TocsinConfig } from '../../config/schema.ts';
import { stringFlag, type Command } from '../command.ts';

/** `2 teams, 6 users, 1 escalation policy, ...`: every kind, zero counts included, in file order. */
function summarize(config: TocsinConfig): string {
  return KIND_NAMES.map((kind) => {
    const value = config[kind];
    const n = value === undefined ? 0 : Array.isArray(value) ? value.length : 1;
    const plural = kind === 'slos' ? 'SLOs' : kind.replace(/_/g, ' ');
    return `${n} ${n === 1 ? plural.replace(/ies$/, 'y').replace(/s$/, '') : plural}`;
  }).join(', ');
}

export const configValidate: Command = {
  path: ['config', 'validate'],
  summary: 'check tocsin.yaml (a file or a folder of *.yaml) offline; exits 2 listing every problem',
  usage: '-f FILE_OR_DIR [--json]',
  options: { file: { type: 'string', short: 'f' }, json: { type: 'boolean' } },
  // No database and no server: only the files are read.
  run: async ({ flags, io }) => {
    const json = flags.json === true;
    const target = stringFlag(flags, 'file');
    if (target === undefined || target === '') {
      io.err('tocsin config validate: -f FILE_OR_DIR is required');
      return 2;
    }
    let problems: ConfigProblem[];
    try {
      const { config, sources } = await loadConfigFiles(target);
      if (json) io.out(JSON.stringify({ ok: true, problems: [] }));
      else {
        const n = sources.files.length;
        io.out(`ok: ${summarize(config)} in ${n} file${n === 1 ? '' : 's'}`);
      }
      return 0;
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
      else if (isFsError(err)) {
        // A missing or unreadable path is reported like any other problem, so --json stays one shape.
        problems = [{ file: target, line: 1, column: 1, path: '', message: `cannot read: ${err.message}` }];
      } else throw err;
    }
    if (json) io.out(JSON.stringify({ ok: false, problems }));
    else {
      for (const p of problems) io.err(formatProblems([p]));
      const n = problems.length;
      io.err(`tocsin config validate: ${n} problem${n === 1 ? '' : 's'}`);
    }
    return 2;
  },
};

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}
