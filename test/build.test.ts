import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort, waitFor } from './peers/process.ts';
import { ROOT } from './source-cli.ts';

const exec = promisify(execFile);

/**
 * The compiled build that `npm ci` makes and `npm start` / bin/tocsin.js run. The other tests
 * run the sources through tsx, so only this one shows that tsc's output (imports rewritten from
 * .ts to .js, nothing read from src/ at run time) starts and serves. It builds with the real
 * build script into a scratch copy of the package layout (bin/, scripts/, dist/) inside the
 * checkout, so node_modules resolves as it would for dist/, and dist/ itself is left alone.
 */
function scratchPackage(): string {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'build-test-'));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true });
  return dir;
}

describe('compiled build', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('builds to dist/, and bin/tocsin.js runs it: --help, then serve answers /healthz', async () => {
    const pkg = scratchPackage();
    dirs.push(pkg);
    await exec(process.execPath, [join(ROOT, 'scripts', 'build.js'), '--out-dir', join(pkg, 'dist')]);
    const bin = join(pkg, 'bin', 'tocsin.js');

    const help = await exec(process.execPath, [bin, '--help']);
    for (const c of ['serve', 'migrate', 'user create', 'token create', 'audit verify'])
      assert.match(help.stdout, new RegExp(c));

    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: {
        ...process.env,
        TOCSIN_DATABASE_URL: `sqlite:${join(pkg, 'tocsin.db')}`,
        TOCSIN_HOST: '127.0.0.1',
        TOCSIN_PORT: String(port),
        TOCSIN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    try {
      const body = await waitFor(
        'compiled tocsin serve to answer /healthz',
        async () => {
          if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
          const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
          return res?.ok ? await res.json() : undefined;
        },
        { describe: () => stderr },
      );
      assert.deepEqual(body, { status: 'ok' });

      // The web UI built with it (dist/ui/): the page, then the script it loads, cached for good.
      const page = await fetch(`http://127.0.0.1:${port}/incidents/INC-1`, {
        headers: { accept: 'text/html' },
      });
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      const html = await page.text();
      const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      assert.ok(script, html);
      const asset = await fetch(`http://127.0.0.1:${port}${script}`);
      assert.equal(asset.status, 200);
      assert.match(String(asset.headers.get('content-type')), /javascript/);
      assert.match(String(asset.headers.get('cache-control')), /immutable/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('the bin refuses a missing build, and one older than src/, naming the command to run', async () => {
    const pkg = scratchPackage();
    dirs.push(pkg);
    const bin = join(pkg, 'bin', 'tocsin.js');
    const missing = await exec(process.execPath, [bin, '--help']).then(
      () => assert.fail('ran without a build'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no compiled build in dist\/.*npm run build/);

    // A finished build (the stamp is what counts), then a source edited after it.
    mkdirSync(join(pkg, 'dist'));
    const stamp = join(pkg, 'dist', '.build-stamp.json');
    writeFileSync(stamp, '{}\n');
    const builtAt = new Date(Date.now() - 60_000);
    utimesSync(stamp, builtAt, builtAt);
    mkdirSync(join(pkg, 'src', 'cli'), { recursive: true });
    writeFileSync(join(pkg, 'src', 'cli', 'main.ts'), '');
    const stale = await exec(process.execPath, [bin, '--help']).then(
      () => assert.fail('ran a stale build'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /older than src\/cli\/main\.ts.*npm run build/);

    // The web UI's sources count too.
    utimesSync(join(pkg, 'src', 'cli', 'main.ts'), new Date(0), new Date(0));
    mkdirSync(join(pkg, 'web', 'src'), { recursive: true });
    writeFileSync(join(pkg, 'web', 'src', 'main.tsx'), '');
    const staleWeb = await exec(process.execPath, [bin, '--help']).then(
      () => assert.fail('ran a build older than web/'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.match(staleWeb.stderr, /older than web\/src\/main\.tsx.*npm run build/);
  });
});
