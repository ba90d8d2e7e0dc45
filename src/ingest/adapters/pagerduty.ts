import { randomUUID } from 'node:crypto';
import type { Severity } from '../../platform/db/tables/ingest.ts';
import { type EventAction, type IngestEvent, SEVERITIES } from '../event.ts';
import { type Errors, isObject, optArray, optSourceTime, optString, reqString } from './fields.ts';

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`). Field rules and limits follow PagerDuty's
 * documentation: summary <= 1024 characters, dedup_key <= 255, severity one of four values,
 * dedup_key required for acknowledge and resolve and generated for a trigger without one.
 */
export type PdParsed =
  | {
      ok: true;
      routingKey: string;
      dedupKey: string;
      event: Omit<IngestEvent, 'serviceId' | 'integrationId'>;
    }
  | { ok: false; errors: Errors };

const ACTIONS: EventAction[] = ['trigger', 'acknowledge', 'resolve'];

export function parsePagerDutyEvent(body: unknown, now: number): PdParsed {
  const errors: Errors = [];
  if (!isObject(body)) return { ok: false, errors: ['Event must be a JSON object'] };
  const routingKey = reqString(body, 'routing_key', 'routing_key', errors, 128);
  const action = body.event_action;
  if (typeof action !== 'string' || !ACTIONS.includes(action as EventAction)) {
    errors.push(`'event_action' must be one of ${ACTIONS.join(', ')}`);
  }
  let dedupKey = optString(body, 'dedup_key', 'dedup_key', errors, 255);
  if (dedupKey !== undefined && dedupKey.trim() === '') dedupKey = undefined;
  if (
    (action === 'acknowledge' || action === 'resolve') &&
    dedupKey === undefined &&
    !errors.some((e) => e.includes("'dedup_key'"))
  ) {
    errors.push(`'dedup_key' is required for ${action} events`);
  }
  let summary = '';
  let source = '';
  let severity: Severity = 'error';
  let startedAt = now;
  let component: string | null = null;
  let group: string | null = null;
  let klass: string | null = null;
  let details: unknown = {};
  const payload = body.payload;
  if (action === 'trigger') {
    if (!isObject(payload)) {
      errors.push(`'payload' is missing or not an object`);
    } else {
      summary = reqString(payload, 'summary', 'payload.summary', errors, 1024) ?? '';
      source = reqString(payload, 'source', 'payload.source', errors, 1024) ?? '';
      const sev = payload.severity;
      if (typeof sev !== 'string' || !SEVERITIES.includes(sev as Severity)) {
        errors.push(`'payload.severity' must be one of ${SEVERITIES.join(', ')}`);
      } else severity = sev as Severity;
      startedAt = optSourceTime(payload, 'timestamp', 'payload.timestamp', errors) ?? now;
      component = optString(payload, 'component', 'payload.component', errors) ?? null;
      group = optString(payload, 'group', 'payload.group', errors) ?? null;
      klass = optString(payload, 'class', 'payload.class', errors) ?? null;
      details = payload.custom_details ?? {};
    }
  }
  const images = optArray(body, 'images', 'images', errors);
  images.forEach((img, i) => {
    if (!isObject(img) || typeof img.src !== 'string') errors.push(`'images.${i}.src' is missing`);
  });
  const links = optArray(body, 'links', 'links', errors);
  links.forEach((l, i) => {
    if (!isObject(l) || typeof l.href !== 'string') errors.push(`'links.${i}.href' is missing`);
  });
  const client = optString(body, 'client', 'client', errors);
  const clientUrl = optString(body, 'client_url', 'client_url', errors, 2048);
  if (errors.length > 0 || routingKey === undefined) return { ok: false, errors };

  const key = dedupKey ?? randomUUID().replace(/-/g, '');
  const allLinks = clientUrl ? [...links, { href: clientUrl, text: client ?? 'client' }] : links;
  return {
    ok: true,
    routingKey,
    dedupKey: key,
    event: {
      integrationType: 'events-v2',
      action: action as EventAction,
      dedupKey: key,
      summary,
      severity,
      source,
      component,
      group,
      class: klass,
      labels: {},
      details,
      links: allLinks,
      images,
      startedAt,
      endsAt: null,
      payload: body,
    },
  };
}

export interface PdChange {
  routingKey: string;
  summary: string;
  source: string | null;
  timestamp: number;
  details: unknown;
  links: unknown[];
}

/** PagerDuty change events (`POST /v2/change/enqueue`). */
export function parsePagerDutyChange(
  body: unknown,
  now: number,
): { ok: true; change: PdChange } | { ok: false; errors: Errors } {
  const errors: Errors = [];
  if (!isObject(body)) return { ok: false, errors: ['Event must be a JSON object'] };
  const routingKey = reqString(body, 'routing_key', 'routing_key', errors, 128);
  const payload = body.payload;
  let summary: string | undefined;
  let source: string | undefined;
  let timestamp: number | undefined;
  let details: unknown = {};
  if (!isObject(payload)) errors.push(`'payload' is missing or not an object`);
  else {
    summary = reqString(payload, 'summary', 'payload.summary', errors, 1024);
    source = optString(payload, 'source', 'payload.source', errors);
    timestamp = optSourceTime(payload, 'timestamp', 'payload.timestamp', errors);
    details = payload.custom_details ?? {};
  }
  const links = optArray(body, 'links', 'links', errors);
  if (errors.length > 0 || routingKey === undefined || summary === undefined) return { ok: false, errors };
  return {
    ok: true,
    change: { routingKey, summary, source: source ?? null, timestamp: timestamp ?? now, details, links },
  };
}
