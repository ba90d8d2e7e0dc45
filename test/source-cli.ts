import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The node arguments that run the `tocsin` CLI from the sources in this checkout, through tsx:
 * `node ...sourceCli('serve')`. Tests and benchmarks that start Tocsin as its own process use
 * this rather than bin/tocsin.js, which runs the compiled dist/: the process under test is then
 * the code under test, with no build to run first or forget. test/build.test.ts covers dist/.
 */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function sourceCli(...args: string[]): string[] {
  return ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args];
}
