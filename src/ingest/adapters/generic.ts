import { createHash } from 'node:crypto';
import type { GenericMapping } from '../../integrations/schemas.ts';
import type { EventAction, IngestEvent } from '../event.ts';
import { normalizeSeverity } from '../event.ts';
import { type Errors, MAX_MAP_ENTRIES, isObject } from './fields.ts';

/**
 * Any JSON webhook. Each field is read from a configured path (dot-separated, array indexes,
 * alternatives separated by `|`), falling back to common names, so most senders work unmapped.
 */
const DEFAULTS: Required<
  Pick<GenericMapping, 'summary' | 'dedup_key' | 'severity' | 'status' | 'source' | 'labels'>
> = {
  summary: 'summary|title|message|text|description|alert.title|alertname',
  dedup_key: 'dedup_key|dedupKey|id|alert_id|fingerprint|incident_key',
  severity: 'severity|priority|level',
  status: 'status|state|event_action|action',
  source: 'source|host|hostname|service',
  labels: 'labels|tags',
};
const RESOLVE = ['resolved', 'resolve', 'ok', 'closed', 'recovered', 'normal', 'up'];
const ACK = ['acknowledged', 'acknowledge', 'ack'];

export function readPath(root: unknown, path: string): unknown {
  for (const alt of path.split('|')) {
    let cur: unknown = root;
    for (const part of alt
      .trim()
      .replace(/^\$\.?/, '')
      .split('.')
      .filter(Boolean)) {
      if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
      else if (isObject(cur) && Object.hasOwn(cur, part)) cur = cur[part];
      else {
        cur = undefined;
        break;
      }
    }
    if (cur !== undefined && cur !== null && cur !== '') return cur;
  }
  return undefined;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export function parseGeneric(
  body: unknown,
  mapping: GenericMapping | undefined,
  now: number,
): { ok: true; event: Omit<IngestEvent, 'serviceId' | 'integrationId'> } | { ok: false; errors: Errors } {
  if (!isObject(body) && !Array.isArray(body)) return { ok: false, errors: ['body must be a JSON object'] };
  const m = { ...DEFAULTS, ...mapping };
  const summary = text(readPath(body, m.summary));
  if (summary === undefined || summary.trim() === '') {
    return {
      ok: false,
      errors: [`summary: nothing found at ${m.summary}; set the integration's mapping.summary`],
    };
  }
  const rawLabels = readPath(body, m.labels);
  const labels: Record<string, string> = {};
  if (isObject(rawLabels) && Object.keys(rawLabels).length > MAX_MAP_ENTRIES) {
    return { ok: false, errors: [`labels: more than ${MAX_MAP_ENTRIES} entries at ${m.labels}`] };
  }
  if (isObject(rawLabels))
    for (const [k, v] of Object.entries(rawLabels)) if (text(v) !== undefined) labels[k] = text(v)!;
  const dedup =
    text(readPath(body, m.dedup_key)) ??
    // Without an id, the same summary and labels are the same alert.
    createHash('sha256')
      .update(JSON.stringify([summary, labels]))
      .digest('hex')
      .slice(0, 32);
  const status = text(readPath(body, m.status))?.toLowerCase();
  const resolveValues = (mapping?.resolve_values ?? RESOLVE).map((v) => v.toLowerCase());
  const ackValues = (mapping?.acknowledge_values ?? ACK).map((v) => v.toLowerCase());
  const action: EventAction =
    status !== undefined && resolveValues.includes(status)
      ? 'resolve'
      : status !== undefined && ackValues.includes(status)
        ? 'acknowledge'
        : 'trigger';
  const rawSeverity = text(readPath(body, m.severity));
  // hasOwn: a sent severity such as "constructor" must not pick up Object.prototype members.
  const severityMap = mapping?.severity_map;
  const severity =
    rawSeverity !== undefined && severityMap !== undefined && Object.hasOwn(severityMap, rawSeverity)
      ? severityMap[rawSeverity]!
      : normalizeSeverity(rawSeverity, 'error');
  return {
    ok: true,
    event: {
      integrationType: 'generic',
      action,
      dedupKey: dedup.slice(0, 255),
      summary: summary.slice(0, 1024),
      severity,
      source: text(readPath(body, m.source))?.slice(0, 1024) ?? 'webhook',
      component: null,
      group: null,
      class: null,
      labels,
      details: body,
      links: [],
      images: [],
      startedAt: now,
      endsAt: null,
      payload: body,
    },
  };
}
