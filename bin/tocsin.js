#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm start`, `npx tocsin` and a git
// checkout never run stale compiled code.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
