import { isInformational } from '../render.ts';
import { SIGNATURE_HEADER, signWebhook } from '../signature.ts';
import { postMessage } from './http.ts';
import type { ChannelProvider, PageIncident, PageMessage } from './types.ts';

const EVENTS: Record<PageMessage['kind'], string> = {
  page: 'incident.page',
  bundle: 'incident.bundle',
  update: 'incident.update',
  reminder: 'incident.update_due',
  action_item: 'action_item.overdue',
  postmortem: 'postmortem.due',
};

/**
 * The generic JSON webhook. The payload is Tocsin's own documented shape (snake_case like the REST
 * API), signed with `Tocsin-Signature` over the exact body with the contact method's own signing
 * secret, so receivers can verify it with verifyWebhookSignature from src/notify/signature.ts. `event` says what it is: a page or bundle
 * (with action links), or a status update / overdue-update reminder (with `text`, no action links).
 */
export function webhookPayload(message: PageMessage, sentAt: number) {
  const informational = isInformational(message);
  return {
    event: EVENTS[message.kind],
    idempotency_key: message.idempotencyKey,
    recipient: {
      user_id: message.recipient.userId,
      name: message.recipient.name,
      email: message.recipient.email,
      time_zone: message.recipient.timeZone,
    },
    ...(informational ? { text: message.text ?? '' } : {}),
    incidents: message.incidents.map((i) => (informational ? incidentCore(i) : incidentJson(i))),
    sent_at: new Date(sentAt).toISOString(),
  };
}

function incidentCore(i: PageIncident) {
  return {
    id: i.id,
    ref: i.ref,
    title: i.title,
    status: i.status,
    sev: i.sev,
    severity: i.severity,
    urgency: i.urgency,
    slug: i.slug,
    service: { id: i.service.id, name: i.service.name },
    summary: i.summary,
    runbook_url: i.runbookUrl,
    url: i.url,
    created_at: new Date(i.createdAt).toISOString(),
  };
}

function incidentJson(i: PageIncident) {
  return {
    ...incidentCore(i),
    acknowledge_url: i.acknowledgeUrl,
    resolve_url: i.resolveUrl,
    respond_url: i.respondUrl,
  };
}

export const webhookProvider = {
  type: 'webhook',
  send(message, address, ctx) {
    // Sending unsigned would teach receivers to accept unsigned requests.
    if (ctx.secret === '') {
      const error = 'this webhook has no signing secret';
      return Promise.resolve({ ok: false, responseCode: null, error, retryable: false });
    }
    const now = ctx.now();
    const body = JSON.stringify(webhookPayload(message, now));
    const secrets = ctx.previousSecret === undefined ? [ctx.secret] : [ctx.secret, ctx.previousSecret];
    return postMessage(
      {
        url: address,
        body,
        contentType: 'application/json',
        headers: { [SIGNATURE_HEADER]: signWebhook(secrets, body, Math.floor(now / 1000)) },
      },
      message,
      ctx,
    );
  },
} satisfies ChannelProvider;
