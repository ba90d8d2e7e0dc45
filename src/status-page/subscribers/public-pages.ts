import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Html, html, page } from '../../incidents/action-pages.ts';

/**
 * The answers of the public subscription endpoints: an HTML page for people (the page's form, a
 * link in a mail) or JSON for scripts (a JSON body, or an Accept that prefers JSON). The pages use
 * the action-link pages' look (src/incidents/action-pages.ts) and carry no script.
 */
export interface Answer {
  status: number;
  heading: string;
  message: string;
  /** Extra HTML under the message (a confirm button, a secret shown once). */
  extra?: Html;
  /** The JSON body; default `{message}`, or the error shape for 4xx/5xx. */
  json?: Record<string, unknown>;
  code?: string;
}

export function wantsJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function send(request: FastifyRequest, reply: FastifyReply, a: Answer): FastifyReply {
  // Tokens are in these URLs and the answers depend on them: nothing may keep or index them.
  void reply
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .header('referrer-policy', 'no-referrer')
    .header('vary', 'accept, content-type');
  if (wantsJson(request)) {
    const body =
      a.status >= 400
        ? { error: { code: a.code ?? 'invalid_request', message: a.message } }
        : (a.json ?? { message: a.message });
    return reply.status(a.status).type('application/json; charset=utf-8').send(body);
  }
  const body = page(
    a.heading,
    html`<h1>${a.heading}</h1>
      <p>${a.message}</p>
      ${a.extra ?? html``}`,
  );
  return reply.status(a.status).type('text/html; charset=utf-8').send(body);
}

/** A form posting back to this very URL (token included), inside the CSP's `form-action 'self'`. */
export function postButton(label: string, hidden?: { name: string; value: string }): Html {
  return html`<form method="post">
    ${hidden ? html`<input type="hidden" name="${hidden.name}" value="${hidden.value}" />` : html``}
    <button type="submit">${label}</button>
  </form>`;
}

/** The webhook signing secret, shown once: it is stored encrypted and never shown again. */
export function secretBlock(secret: string): Html {
  return html`<p>Signing secret (shown once; deliveries carry <code>Tocsin-Signature</code> made with it):</p>
    <p><code>${secret}</code></p>`;
}

export const INVALID_LINK: Answer = {
  status: 400,
  code: 'invalid_link',
  heading: 'This link is not valid',
  message:
    'It may be incomplete, expired, already used, or replaced by a newer mail. Subscribe again from the status page if you need to.',
};
