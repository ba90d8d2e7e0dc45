import { SIGNATURE_HEADER, signWebhook } from '../signature.ts';
import { postMessage } from './http.ts';
import type { ChannelProvider, PageIncident, PageMessage } from './types.ts';

/**
 * The generic JSON webhook. The payload is Tocsin's own documented shape (snake_case like the REST
 * API), signed with `Tocsin-Signature` over the exact body so receivers can verify it with
 * verifyWebhookSignature from src/notify/signature.ts.
 */
export function webhookPayload(message: PageMessage, sentAt: number) {
  return {
    event: message.kind === 'page' ? 'incident.page' : 'incident.bundle',
    idempotency_key: message.idempotencyKey,
    recipient: {
      user_id: message.recipient.userId,
      name: message.recipient.name,
      email: message.recipient.email,
      time_zone: message.recipient.timeZone,
    },
    incidents: message.incidents.map(incidentJson),
    sent_at: new Date(sentAt).toISOString(),
  };
}

function incidentJson(i: PageIncident) {
  return {
    id: i.id,
    ref: i.ref,
    title: i.title,
    status: i.status,
    severity: i.severity,
    urgency: i.urgency,
    service: { id: i.service.id, name: i.service.name },
    summary: i.summary,
    runbook_url: i.runbookUrl,
    url: i.url,
    acknowledge_url: i.acknowledgeUrl,
    resolve_url: i.resolveUrl,
    respond_url: i.respondUrl,
    created_at: new Date(i.createdAt).toISOString(),
  };
}

export const webhookProvider = {
  type: 'webhook',
  send(message, address, ctx) {
    const now = ctx.now();
    const body = JSON.stringify(webhookPayload(message, now));
    return postMessage(
      {
        url: address,
        body,
        contentType: 'application/json',
        headers: { [SIGNATURE_HEADER]: signWebhook(ctx.secret, body, Math.floor(now / 1000)) },
      },
      message,
      ctx,
    );
  },
} satisfies ChannelProvider;
