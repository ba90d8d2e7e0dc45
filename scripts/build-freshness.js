// Whether a compiled build (dist/) holds the current sources. bin/tocsin.js asks before it runs
// dist/, and `npm start` before it starts, so a build older than src/ is never run by mistake.
// Plain JS, no dependencies: it runs before anything is compiled. Walking src/ costs a few ms.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Written last by scripts/build.js; its mtime is the moment the build started reading sources. */
export const BUILD_STAMP = '.build-stamp.json';

/**
 * The files a build reads: the non-test TypeScript under src/, the web UI's sources under web/
 * (which imports the server's schema types too) and the compiler settings.
 */
function newestInput(root) {
  let newest = { file: join(root, 'tsconfig.build.json'), mtimeMs: 0 };
  const consider = (file) => {
    const mtimeMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  consider(join(root, 'tsconfig.json'));
  consider(join(root, 'tsconfig.build.json'));
  const walk = (dir, counts) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, counts);
      else if (counts(entry.name)) consider(path);
    }
  };
  walk(join(root, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  walk(join(root, 'web'), (name) => !name.endsWith('.test.ts'));
  return newest;
}

/**
 * Why `outDir` cannot be run as the current code, or undefined when it can. Without src/ (a
 * copy shipped without sources) there is nothing to compare with, so a finished build is trusted.
 */
export function staleBuild(root, outDir = join(root, 'dist')) {
  const stamp = statSync(join(outDir, BUILD_STAMP), { throwIfNoEntry: false });
  if (stamp === undefined) return `there is no compiled build in ${relative(root, outDir) || '.'}/`;
  if (!existsSync(join(root, 'src'))) return undefined;
  const newest = newestInput(root);
  if (newest.mtimeMs > stamp.mtimeMs) {
    return `the compiled build in ${relative(root, outDir)}/ is older than ${relative(root, newest.file)}`;
  }
  return undefined;
}
