import { ValidationError } from '../../platform/errors.ts';

/**
 * The `{{variable}}` templates of an automated step's URL, headers and body. Pure. A template is
 * checked when the step is saved (every variable known, every secret existing), so a run never
 * fails on a typo; it is rendered twice per run: with secrets shown as `[secret:name]` for
 * everything people see (dry run, timeline, audit), and with their values only for the request.
 *
 * Variables: incident.{id,ref,title,severity,status,url}, service.{id,name},
 * alert.{summary,source,severity}, run.id, labels.<name> (the newest alert's labels), secrets.<name>.
 */
export type Escape = 'url' | 'json' | 'raw';

const INCIDENT_FIELDS = ['id', 'ref', 'title', 'severity', 'status', 'url'];
const SERVICE_FIELDS = ['id', 'name'];
const ALERT_FIELDS = ['summary', 'source', 'severity'];
const RUN_FIELDS = ['id'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export interface Part {
  text?: string;
  variable?: string;
}

export interface Vars {
  incident: Record<string, string>;
  service: Record<string, string>;
  alert: Record<string, string>;
  labels: Record<string, string>;
  /** The run's own id: receivers can use it to drop a repeat. */
  run: Record<string, string>;
}

function checkVariable(variable: string, field: string, allowSecrets: boolean): void {
  const dot = variable.indexOf('.');
  const scope = dot < 0 ? variable : variable.slice(0, dot);
  const rest = dot < 0 ? '' : variable.slice(dot + 1);
  const known =
    (scope === 'incident' && INCIDENT_FIELDS.includes(rest)) ||
    (scope === 'service' && SERVICE_FIELDS.includes(rest)) ||
    (scope === 'alert' && ALERT_FIELDS.includes(rest)) ||
    (scope === 'run' && RUN_FIELDS.includes(rest)) ||
    ((scope === 'labels' || scope === 'secrets') && NAME.test(rest));
  if (!known) {
    throw new ValidationError(
      `${field}: unknown variable {{${variable}}}; use incident.(${INCIDENT_FIELDS.join('|')}), service.(${SERVICE_FIELDS.join('|')}), alert.(${ALERT_FIELDS.join('|')}), run.id, labels.<name> or secrets.<name>`,
    );
  }
  if (scope === 'secrets' && !allowSecrets) {
    throw new ValidationError(
      `${field}: a secret may not go in the URL (receivers and proxies log URLs); send it in a header or the body`,
    );
  }
}

/** The template cut into text and variables; throws a ValidationError naming `field` when it does not parse. */
export function parseTemplate(text: string, field: string, allowSecrets = true): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    const variable = m[1]!;
    checkVariable(variable, field, allowSecrets);
    parts.push({ variable });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  const leftover = parts.find((p) => p.text !== undefined && /\{\{|\}\}/.test(p.text));
  if (leftover !== undefined)
    throw new ValidationError(`${field}: an unclosed or empty {{ }} in the template`);
  return parts;
}

/** The secret names a template uses. */
export function secretsOf(parts: readonly Part[]): string[] {
  return parts.flatMap((p) => (p.variable?.startsWith('secrets.') ? [p.variable.slice(8)] : []));
}

function escape(value: string, how: Escape): string {
  if (how === 'url') return encodeURIComponent(value);
  if (how === 'json') return JSON.stringify(value).slice(1, -1);
  return value;
}

/**
 * The template with values in. A label the alert does not have is the empty string, as in
 * matchers. `secrets` maps a name to its value, or is undefined to show `[secret:name]` instead.
 */
export function render(
  parts: readonly Part[],
  vars: Vars,
  how: Escape,
  secrets?: ReadonlyMap<string, string>,
): string {
  let out = '';
  for (const p of parts) {
    if (p.text !== undefined) {
      out += p.text;
      continue;
    }
    const v = p.variable!;
    const dot = v.indexOf('.');
    const scope = v.slice(0, dot);
    const key = v.slice(dot + 1);
    if (scope === 'secrets') {
      out += secrets === undefined ? `[secret:${key}]` : escape(secrets.get(key) ?? '', how);
      continue;
    }
    const table =
      scope === 'labels'
        ? vars.labels
        : scope === 'incident'
          ? vars.incident
          : scope === 'service'
            ? vars.service
            : scope === 'run'
              ? vars.run
              : vars.alert;
    out += escape(Object.hasOwn(table, key) ? (table[key] ?? '') : '', how);
  }
  return out;
}

/** Values to check a template with: every variable it uses as `x`. */
export function sampleVars(parts: readonly Part[]): Vars {
  const labels: Record<string, string> = {};
  for (const p of parts) if (p.variable?.startsWith('labels.')) labels[p.variable.slice(7)] = 'x';
  const all = (fields: string[]) => Object.fromEntries(fields.map((f) => [f, 'x']));
  return {
    incident: all(INCIDENT_FIELDS),
    service: all(SERVICE_FIELDS),
    alert: all(ALERT_FIELDS),
    run: all(RUN_FIELDS),
    labels,
  };
}
