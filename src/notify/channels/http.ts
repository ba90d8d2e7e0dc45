import {
  OutboundRefusedError,
  describeOutboundError,
  outboundRequest,
} from '../../platform/outbound/guard.ts';
import type { PageMessage, SendContext, SendResult } from './types.ts';

/** One outgoing POST, as an HTTP provider describes it. */
export interface HttpPost {
  url: string;
  /** The exact bytes to send (signatures are computed over this string). */
  body: string;
  contentType: string;
  /** Extra headers: auth, signatures. */
  headers?: Record<string, string>;
  /**
   * Reads this much of an error answer and turns it into a short, fixed-form detail (Twilio's
   * numeric error code). The answer itself is never recorded: receivers are whatever address a
   * responder typed, and their words would reach every viewer through the timeline.
   */
  explain?: { maxBytes: number; detail: (body: Buffer) => string | undefined };
}

export function failure(error: string, retryable: boolean, responseCode: number | null = null): SendResult {
  return { ok: false, responseCode, error, retryable };
}

/**
 * 2xx delivered; 408, 429 and 5xx are the receiver's temporary trouble, worth another attempt; any other
 * answer (bad URL, revoked webhook, redirect) will be the same next time, so the engine falls through.
 * The error is `HTTP <status>`, with `detail` (never the receiver's text) after a comma.
 */
export function resultForStatus(status: number, detail?: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, responseCode: status, error: null, retryable: false };
  const retryable = status === 408 || status === 429 || status >= 500;
  return failure(detail === undefined ? `HTTP ${status}` : `HTTP ${status}, ${detail}`, retryable, status);
}

/**
 * POSTs through the outbound guard (src/platform/outbound) with the headers every HTTP channel
 * sends (Idempotency-Key so receivers can drop repeats of a retried attempt, User-Agent), under the
 * attempt's abort signal, and maps the outcome to a SendResult. Never throws. Errors never quote
 * the URL (Slack, Teams and Discord webhook URLs are credentials) nor the receiver's answer.
 * Redirects are not followed: a redirected POST turns into a GET, and the address needs fixing.
 */
export async function postMessage(
  post: HttpPost,
  message: PageMessage,
  ctx: SendContext,
): Promise<SendResult> {
  try {
    const res = await outboundRequest(
      post.url,
      {
        method: 'POST',
        headers: {
          ...post.headers,
          'Content-Type': post.contentType,
          'Idempotency-Key': message.idempotencyKey,
          'User-Agent': 'Tocsin',
        },
        body: post.body,
        signal: ctx.signal,
        maxResponseBytes: post.explain?.maxBytes ?? 0,
      },
      ctx.outbound,
    );
    const ok = res.status >= 200 && res.status < 300;
    return resultForStatus(res.status, ok ? undefined : post.explain?.detail(res.body));
  } catch (err) {
    // A refused address or a bad URL will be refused next time too; the network may come back.
    return failure(describeOutboundError(err, ctx.signal), !(err instanceof OutboundRefusedError));
  }
}
