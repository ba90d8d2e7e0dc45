import { parseConfig } from '../integrations/presenter.ts';
import { findIntegrationById } from '../integrations/repository.ts';
import type { GenericMapping } from '../integrations/schemas.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Row } from '../platform/db/tables.ts';
import { requireServiceAccess } from '../teams/access.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { parsePagerDutyEvent } from './adapters/pagerduty.ts';
import { parseWebhook } from './adapters/alertmanager.ts';
import { parseGeneric } from './adapters/generic.ts';
import type { IngestEvent } from './event.ts';
import { heartbeatEvent } from './heartbeat-event.ts';
import { processBatch } from './process.ts';
import type { TestAlertResult } from './schemas.ts';
import { incidentNumberOf } from './test-alert-repository.ts';

/**
 * "Send a test alert" from the service page, at any time (the key is shown only once, so the
 * browser cannot send it through the public endpoint later). The alert is built in the
 * integration's own wire format and parsed by that format's adapter, then goes through the same
 * pipeline (dedup, silences, grouping, escalation) as a real one: a test that skipped any of it
 * could pass while real alerts are lost. It is marked in its summary and by the `tocsin_test`
 * label, and each test is a new alert (its own dedup key).
 */
export const TEST_LABEL = 'tocsin_test';

type Event = Omit<IngestEvent, 'serviceId' | 'integrationId'>;

export async function sendTestAlert({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<TestAlertResult> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const integration = await findIntegrationById(ctx.db, input.id);
    if (integration === undefined) throw NotFoundError.of('integration', input.id);
    // A test alert pages whoever is on call for the service: as with declaring an incident on
    // it, only its team's members (and admins) may do that.
    await requireServiceAccess(ctx, [integration.service_id]);
    if (integration.disabled_at !== null) {
      throw new ConflictError(
        `integration ${JSON.stringify(integration.name)} is disabled and refuses alerts; enable it first`,
      );
    }
    const now = ctx.clock.now();
    const testId = newId('tst', now);
    const event = testEvent(integration, `Test alert from Tocsin (${ctx.actor.name})`, testId, now);
    const [result] = await processBatch(
      ctx.db,
      ctx.dialect,
      [
        {
          ...event,
          labels: { ...event.labels, [TEST_LABEL]: 'true' },
          serviceId: integration.service_id,
          integrationId: integration.id,
        },
      ],
      now,
    );
    const incident = result?.incidentId ? await incidentNumberOf(ctx.db, result.incidentId) : undefined;
    const answer: TestAlertResult = {
      outcome: result?.outcome ?? 'ignored',
      alert_id: result?.alertId ?? null,
      incident_id: result?.incidentId ?? null,
      incident_ref: incident === undefined ? null : `INC-${incident.number}`,
    };
    await recordAudit(ctx, {
      action: 'integration.test_alert',
      targetType: 'integration',
      targetId: integration.id,
      after: { ...answer, dedup_key: event.dedupKey },
    });
    return answer;
  });
}

/** One firing alert as the integration's sender would post it, through that format's parser. */
function testEvent(integration: Row<'integrations'>, summary: string, testId: string, now: number): Event {
  const parsed = (() => {
    switch (integration.type) {
      case 'events-v2': {
        const r = parsePagerDutyEvent(
          {
            // The key itself is never at hand (only its hash is stored); the event log shows this.
            routing_key: `${integration.key_prefix}…`,
            event_action: 'trigger',
            dedup_key: testId,
            payload: { summary, source: 'tocsin-test', severity: 'critical', custom_details: { test: true } },
          },
          now,
        );
        return r.ok ? { ok: true as const, events: [r.event] } : r;
      }
      case 'alertmanager':
      case 'grafana':
        return parseWebhook(
          {
            version: '4',
            status: 'firing',
            alerts: [
              {
                status: 'firing',
                labels: { alertname: 'TocsinTest', severity: 'critical', [TEST_LABEL]: testId },
                annotations: { summary },
              },
            ],
          },
          integration.type,
          now,
        );
      case 'generic': {
        const mapping = parseConfig(integration).mapping;
        const r = parseGeneric(genericBody(mapping, summary, testId), mapping, now);
        return r.ok ? { ok: true as const, events: [r.event] } : r;
      }
      case 'heartbeat':
        // Not a failure ping: that would mark the monitor down, and its next success resolve it.
        return {
          ok: true as const,
          events: [heartbeatEvent(integration, 'trigger', summary, now, { test: true }, testId)],
        };
    }
  })();
  if (!parsed.ok || parsed.events[0] === undefined) {
    // Our own payload for our own parser: failing here is a bug, not the caller's input.
    throw new Error(`test alert did not parse: ${parsed.ok ? 'no event' : parsed.errors.join('; ')}`);
  }
  return parsed.events[0];
}

/**
 * A body the integration's mapping reads: each field is written at the first of its mapped paths
 * (or the common name the adapter falls back to). A severity map gets one of its own words.
 */
function genericBody(mapping: GenericMapping | undefined, summary: string, testId: string): unknown {
  const body: Record<string, unknown> = {};
  const severityWord =
    Object.entries(mapping?.severity_map ?? {}).find(([, v]) => v === 'critical')?.[0] ?? 'critical';
  const fields: [string | undefined, string, unknown][] = [
    [mapping?.summary, 'summary', summary],
    [mapping?.dedup_key, 'dedup_key', testId],
    [mapping?.severity, 'severity', severityWord],
    [mapping?.source, 'source', 'tocsin-test'],
    [mapping?.labels, 'labels', { [TEST_LABEL]: 'true' }],
  ];
  for (const [path, fallback, value] of fields) setPath(body, (path ?? fallback).split('|')[0]!, value);
  return body;
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path
    .trim()
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean);
  let cur: Record<string, unknown> | unknown[] = root;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const next: unknown = last ? value : /^\d+$/.test(parts[i + 1]!) ? [] : {};
    const key: string | number = Array.isArray(cur) ? Number(part) : part;
    const existing = (cur as Record<string | number, unknown>)[key];
    if (last || existing === undefined || typeof existing !== 'object' || existing === null) {
      (cur as Record<string | number, unknown>)[key] = next;
    }
    cur = (cur as Record<string | number, unknown>)[key] as Record<string, unknown> | unknown[];
  });
}
