import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Tocsin's version, from package.json (two folders up from both src/platform and dist/platform). */
export const TOCSIN_VERSION: string = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
