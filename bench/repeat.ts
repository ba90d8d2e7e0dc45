/**
 * `npm run bench:repeat -- --runs 3 <ingest|paging> [its flags]`: runs a benchmark several times
 * in a row and prints, for every figure of its `RESULT {json}` line, the median and the spread
 * (min to max) over the runs. One run on a shared 2-core machine can meet a target by luck or
 * miss it to a neighbour's load (issue 20); the median of three, with its spread, is what the
 * README quotes. Each run's full output is kept in --out (a temp folder by default) and named in
 * the summary, so a surprising figure can be traced to its run.
 *
 * Flags (before the benchmark's name): --runs N (3), --out DIR.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
let runs = 3;
let out: string | undefined;
while (args[0]?.startsWith('--')) {
  const flag = args.shift()!;
  const value = args.shift();
  if (flag === '--runs' && value !== undefined && /^[1-9]\d*$/.test(value)) runs = Number(value);
  else if (flag === '--out' && value !== undefined) out = resolve(value);
  else throw new Error(`bench:repeat: unknown or bad flag ${flag} ${value ?? ''}`);
}
const name = args.shift();
if (name !== 'ingest' && name !== 'paging') {
  throw new Error('bench:repeat: name the benchmark: ingest or paging (then its own flags)');
}
const dir = out ?? mkdtempSync(join(tmpdir(), `tocsin-bench-${name}-`));
mkdirSync(dir, { recursive: true });

function runOnce(i: number): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, `${name}.ts`), ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      text += b.toString();
      process.stderr.write(b);
    });
    child.on('close', (code) => {
      const file = join(dir, `run-${i}.log`);
      writeFileSync(file, text);
      const line = text.split('\n').find((l) => l.startsWith('RESULT '));
      if (line === undefined)
        return fail(new Error(`run ${i} printed no RESULT (exit ${code}); see ${file}`));
      console.error(`[repeat] run ${i} of ${runs} done (exit ${code}); output in ${file}`);
      done(JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>);
    });
  });
}

/** Every number in a RESULT, by a path naming the row (its system and load or path), not its index. */
function figures(result: unknown, prefix = '', into = new Map<string, number>()): Map<string, number> {
  if (typeof result === 'number') into.set(prefix, result);
  else if (Array.isArray(result)) {
    result.forEach((row, i) => {
      const r = row as Record<string, unknown>;
      const label = [r.system, r.load ?? r.path ?? r.tocsin].filter((x) => typeof x === 'string').join(' / ');
      figures(row, `${prefix}[${label === '' ? i : label}]`, into);
    });
  } else if (typeof result === 'object' && result !== null) {
    for (const [k, v] of Object.entries(result)) {
      if (k === 'machine' || k === 'settings' || k === 'seconds') continue;
      figures(v, prefix === '' ? k : `${prefix}.${k}`, into);
    }
  }
  return into;
}

const results: Record<string, unknown>[] = [];
for (let i = 1; i <= runs; i++) results.push(await runOnce(i));

const perRun = results.map((r) => figures(r));
const keys = [...new Set(perRun.flatMap((m) => [...m.keys()]))];
const fmt = (x: number) =>
  Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(3);
const lines = keys
  // Per-run counts and samples are not figures: keep latencies, rates, ratios and lateness.
  .filter((k) => /(p50|p95|p99|max|_per_s|_over_|vs_alertmanager|lateness)/.test(k))
  .map((k) => {
    const xs = perRun.map((m) => m.get(k)).filter((x): x is number => x !== undefined);
    const sorted = [...xs].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return `${k}: median ${fmt(median)} (${fmt(sorted[0]!)} to ${fmt(sorted.at(-1)!)}; runs ${xs.map(fmt).join(', ')})`;
  });
const summary = [`bench:${name} ${args.join(' ')}: ${runs} runs, outputs in ${dir}`, ...lines].join('\n');
writeFileSync(join(dir, 'summary.txt'), summary + '\n');
console.log(summary);
process.exit(results.every((r) => r.ok !== false) ? 0 : 1);
