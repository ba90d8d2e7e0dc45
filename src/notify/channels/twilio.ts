import type { NotifyConfig } from '../../platform/config.ts';
import { renderSms, renderVoice } from '../render.ts';
import { failure, postMessage } from './http.ts';
import type { ChannelProvider, PageMessage, SendContext, SendResult } from './types.ts';

/**
 * SMS and voice through Twilio's REST API (2010-04-01): form-encoded POSTs to Messages.json and
 * Calls.json with HTTP Basic auth (account SID : auth token). The base URL is configurable so tests
 * and proxies can stand in for api.twilio.com; it goes through the same outbound guard as every
 * webhook, so a local stand-in needs TOCSIN_OUTBOUND_ALLOW.
 */

const NOT_CONFIGURED =
  'Twilio is not configured: set TOCSIN_TWILIO_ACCOUNT_SID, TOCSIN_TWILIO_AUTH_TOKEN and TOCSIN_TWILIO_FROM';

/**
 * Twilio answers errors with JSON `{"code": 21211, "message": ...}`; the number says what to fix
 * (21211: not a valid phone number) without quoting anything the receiver wrote.
 */
export function twilioErrorCode(body: Buffer): string | undefined {
  try {
    const code: unknown = (JSON.parse(body.toString('utf8')) as { code?: unknown }).code;
    return Number.isInteger(code) ? `Twilio error ${String(code)}` : undefined;
  } catch {
    return undefined;
  }
}

/** Twilio's `Twiml` parameter is XML: the spoken text must not be able to open or close elements. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Said twice: whoever answers a 3 a.m. call usually misses the start. */
export function voiceTwiml(message: PageMessage): string {
  return `<Response><Say loop="2">${escapeXml(renderVoice(message))}</Say></Response>`;
}

async function post(
  resource: 'Messages' | 'Calls',
  fields: (twilio: NonNullable<NotifyConfig['twilio']>) => Record<string, string>,
  message: PageMessage,
  ctx: SendContext,
): Promise<SendResult> {
  const twilio = ctx.config.twilio;
  if (!twilio) return failure(NOT_CONFIGURED, false);
  const auth = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');
  return postMessage(
    {
      url: `${twilio.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/${resource}.json`,
      body: new URLSearchParams(fields(twilio)).toString(),
      contentType: 'application/x-www-form-urlencoded',
      headers: {
        Authorization: `Basic ${auth}`,
        // Twilio's own idempotency header name, alongside the Idempotency-Key every channel sends.
        'I-Twilio-Idempotency-Token': message.idempotencyKey,
      },
      explain: { maxBytes: 4096, detail: twilioErrorCode },
    },
    message,
    ctx,
  );
}

export const smsProvider = {
  type: 'sms',
  send(message, address, ctx) {
    return post('Messages', (t) => ({ To: address, From: t.from, Body: renderSms(message) }), message, ctx);
  },
} satisfies ChannelProvider;

export const voiceProvider = {
  type: 'voice',
  send(message, address, ctx) {
    return post('Calls', (t) => ({ To: address, From: t.from, Twiml: voiceTwiml(message) }), message, ctx);
  },
} satisfies ChannelProvider;
