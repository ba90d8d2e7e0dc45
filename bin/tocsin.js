#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (`npm run build`; `npm ci` builds it). In a checkout with
// src/, a build older than the sources is refused rather than run: it would be yesterday's code.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBuild } from '../scripts/build-freshness.js';

const stale = staleBuild(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (stale !== undefined) {
  process.stderr.write(`tocsin: ${stale}. Run \`npm run build\` (\`npm start\` builds first by itself).\n`);
  process.exit(1);
}
await import('../dist/cli/main.js');
