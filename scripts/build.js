#!/usr/bin/env node
// `npm run build` (also run by `npm ci` and `npm install`, through `prepare`): compiles src/ to
// dist/, which `npm start` and bin/tocsin.js run, and the web UI (web/) to dist/ui/. Each step below writes into the new build
// folder; a later part (the web UI) adds its step to STEPS. The build goes to a fresh folder
// that replaces dist/ only once every step succeeded, so a failed build leaves the old one whole.
//
//   node scripts/build.js              build
//   node scripts/build.js --if-stale   build only when dist/ is missing or older than src/ or web/
//   node scripts/build.js --out-dir D  build into D instead of dist/ (the build test)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { BUILD_STAMP, staleBuild } from './build-freshness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The build, in order. `run(out)` throws (or exits non-zero) on failure. */
const STEPS = [
  {
    name: 'server (tsc -p tsconfig.build.json)',
    run: (out) => node(typescriptCompiler(), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out]),
  },
  {
    // The web UI (web/), which the server serves from dist/ui/ (src/web/serve.ts).
    name: 'web UI (vite build web)',
    run: (out) =>
      node(viteCli(), [
        'build',
        join(ROOT, 'web'),
        '--outDir',
        join(out, 'ui'),
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ]),
  },
  {
    // Served as is when the browser accepts it (preCompressed in src/web/serve.ts): compressed
    // once here at the highest levels, not on every request.
    name: 'web UI assets, precompressed (.br, .gz)',
    run: (out) => precompress(join(out, 'ui', 'assets')),
  },
];

const COMPRESSIBLE = /\.(js|css|html|svg|json|map|txt)$/;

function precompress(dir) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!COMPRESSIBLE.test(name) || !statSync(file).isFile()) continue;
    const data = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(data, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
      }),
    );
  }
}

function node(script, args) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${relative(ROOT, script)} failed (${r.signal ?? `exit ${r.status}`})`);
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    // `npm ci --omit=dev` runs `prepare` too, without the compiler.
    throw new Error(
      'TypeScript is not installed (it is a dev dependency). Build with the dev dependencies ' +
        '(npm ci), then drop them if wanted (npm prune --omit=dev).',
    );
  }
}

function viteCli() {
  try {
    // vite/bin is not in the package's exports; its package.json is.
    return join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error(
      'Vite is not installed (it is a dev dependency). Build with the dev dependencies (npm ci).',
    );
  }
}

function typescriptInstalled() {
  try {
    typescriptCompiler();
    return true;
  } catch {
    return false;
  }
}

function parseArgs(argv) {
  const opts = { ifStale: false, outDir: join(ROOT, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--if-stale') opts.ifStale = true;
    else if (argv[i] === '--out-dir' && argv[i + 1] !== undefined) opts.outDir = resolve(argv[++i]);
    else throw new Error(`usage: node scripts/build.js [--if-stale] [--out-dir DIR]; got ${argv[i]}`);
  }
  return opts;
}

function build({ ifStale, outDir }) {
  const stale = staleBuild(ROOT, outDir);
  if (ifStale && stale === undefined) return;
  if (stale === undefined && !typescriptInstalled()) {
    // `npm ci --omit=dev` on a checkout whose build is current: nothing to compile with, nothing to.
    console.log('build: TypeScript is not installed; dist/ is current, kept as it is');
    return;
  }
  if (stale !== undefined && ifStale) console.log(`${stale}: building`);
  // The stamp's time is taken before any source is read, so an edit made during the build
  // leaves the build stale rather than passing for built.
  const started = new Date();
  const next = `${outDir}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  try {
    for (const step of STEPS) {
      console.log(`build: ${step.name}`);
      step.run(next);
    }
    const stamp = join(next, BUILD_STAMP);
    writeFileSync(stamp, `${JSON.stringify({ started: started.toISOString(), node: process.version })}\n`);
    utimesSync(stamp, started, started);
    const old = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(next, outDir);
    rmSync(old, { recursive: true, force: true });
    console.log(`build: ${relative(ROOT, outDir) || outDir}/ is current`);
  } catch (e) {
    rmSync(next, { recursive: true, force: true });
    throw e;
  }
}

try {
  build(parseArgs(process.argv.slice(2)));
} catch (e) {
  console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
