export interface TestProgram {
  what: string;
  debianPackage: string;
  needed?: (env: NodeJS.ProcessEnv) => boolean;
  find: (env: NodeJS.ProcessEnv) => string | undefined;
}

export interface ProgramsPlan {
  action: 'none' | 'install' | 'stop';
  missing: TestProgram[];
  packages: string[];
  commands: string[];
  debian?: boolean;
}

export interface PlanOptions {
  env?: NodeJS.ProcessEnv;
  programs?: TestProgram[];
  root?: boolean;
  debian?: boolean;
}

export const PROGRAMS: TestProgram[];
export function findDir(names: string[], env?: NodeJS.ProcessEnv): string | undefined;
export function findProgram(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function planPrograms(options?: PlanOptions): ProgramsPlan;
export function ensureTestPrograms(options?: PlanOptions & { log?: (line: string) => void }): ProgramsPlan;
