import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tocsin's version, from package.json (two folders up from both src/platform and dist/platform);
 * "unknown" where a build was copied without it, rather than failing to start.
 */
function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const TOCSIN_VERSION: string = readVersion();
