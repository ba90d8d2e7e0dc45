import type { PageMessage, SendContext, SendResult } from './types.ts';

/** One outgoing POST, as an HTTP provider describes it. */
export interface HttpPost {
  url: string;
  /** The exact bytes to send (signatures are computed over this string). */
  body: string;
  contentType: string;
  /** Extra headers: auth, signatures. */
  headers?: Record<string, string>;
}

const ANSWER_CHARS = 200;
// Enough bytes for 200 characters of any encoding; the rest of a large error page is not read.
const ANSWER_BYTES = 4096;

export function failure(error: string, retryable: boolean, responseCode: number | null = null): SendResult {
  return { ok: false, responseCode, error, retryable };
}

/**
 * 2xx delivered; 408, 429 and 5xx are the receiver's temporary trouble, worth another attempt; any other
 * answer (bad URL, revoked webhook, redirect) will be the same next time, so the engine falls through.
 */
export function resultForStatus(status: number, answer: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, responseCode: status, error: null, retryable: false };
  const retryable = status === 408 || status === 429 || status >= 500;
  return failure(answer === '' ? `HTTP ${status}` : `HTTP ${status}: ${answer}`, retryable, status);
}

/**
 * POSTs with the headers every HTTP channel sends (Idempotency-Key so receivers can drop repeats of a
 * retried attempt, User-Agent), under the attempt's abort signal, and maps the outcome to a SendResult.
 * Never throws. Errors never quote the URL: Slack, Teams and Discord webhook URLs are credentials.
 */
export async function postMessage(
  post: HttpPost,
  message: PageMessage,
  ctx: SendContext,
): Promise<SendResult> {
  let url: URL;
  try {
    url = new URL(post.url);
  } catch {
    return failure('invalid URL', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failure(`unsupported URL scheme ${url.protocol}`, false);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        ...post.headers,
        'Content-Type': post.contentType,
        'Idempotency-Key': message.idempotencyKey,
        'User-Agent': 'Tocsin',
      },
      body: post.body,
      signal: ctx.signal,
      // A redirected POST turns into a GET on the new location; the address needs fixing instead.
      redirect: 'manual',
    });
  } catch (err) {
    return failure(describeFetchError(err, ctx.signal), true);
  }
  if (res.status >= 200 && res.status < 300) {
    // Not needed, and a slow body must not turn a delivered message into a timeout.
    await res.body?.cancel().catch(() => undefined);
    return resultForStatus(res.status, '');
  }
  return resultForStatus(res.status, await readAnswer(res));
}

function describeFetchError(err: unknown, signal: AbortSignal): string {
  if (
    signal.aborted ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
  ) {
    // The engine's signal is AbortSignal.timeout (TimeoutError); any other abort is e.g. shutdown.
    const reason: unknown = signal.reason ?? err;
    return reason instanceof Error && reason.name !== 'TimeoutError' ? 'aborted' : 'timed out';
  }
  if (err instanceof Error) {
    // undici reports "fetch failed" and puts the real reason (ECONNREFUSED, ENOTFOUND, TLS) in `cause`.
    const cause: unknown = err.cause;
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: unknown }).code;
      const text = cause.message !== '' ? cause.message : typeof code === 'string' ? code : cause.name;
      return `network error: ${text}`;
    }
    return `network error: ${err.message}`;
  }
  return `network error: ${String(err)}`;
}

/** The first ANSWER_CHARS characters of an error answer on one line; empty when unreadable. */
async function readAnswer(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // Aborted or reset mid-body: the status alone still says what happened.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks)).replace(/\s+/g, ' ').trim();
  return Array.from(text).slice(0, ANSWER_CHARS).join('');
}
