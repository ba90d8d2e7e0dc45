/**
 * Update templates: `{{service}}`, `{{component}}`, `{{start_time}}` and `{{time}}` (spaces
 * inside the braces allowed) are replaced by the values given. Pure. A placeholder without a
 * value, or one this does not know, is left as written so the comms lead sees what to fill in.
 */
export interface TemplateVars {
  service?: string | undefined;
  component?: string | undefined;
  start_time?: string | undefined;
  time?: string | undefined;
}

export const TEMPLATE_VARIABLES = ['service', 'component', 'start_time', 'time'] as const;

export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    const value = (TEMPLATE_VARIABLES as readonly string[]).includes(name)
      ? vars[name as keyof TemplateVars]
      : undefined;
    return value ?? whole;
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `14:32`, in UTC: the `[UPDATE 14:32]` of an update. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `2030-06-01 14:05 UTC`: when something started, which may be another day. */
export function startTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)} ${clockTime(ms)} UTC`;
}

/** Names as a sentence lists them: `A`, `A and B`, `A, B and C`. */
export function listNames(names: string[]): string | undefined {
  if (names.length === 0) return undefined;
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}
