import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../platform/context.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import type { TypedApp } from '../../platform/http/app.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { KeyRateLimiter } from '../../ingest/rate-limit.ts';
import {
  type LinkState,
  checkConfirmLink,
  checkUnsubscribeLink,
  confirmSubscription,
  unsubscribe,
} from './manage.ts';
import { type Answer, INVALID_LINK, postButton, secretBlock, send } from './public-pages.ts';
import { type SubscribeInput, subscribe } from './subscribe.ts';

/**
 * The public subscription endpoints (root routes, no login): subscribe from the status page's
 * form (URL-encoded) or a script (JSON), confirm an email subscription, and unsubscribe, also by
 * RFC 8058 one-click. GETs never change anything (mail scanners fetch every link): they show a
 * page whose button POSTs. Subscribing is rate limited per client address (`req.ip`, which trusts
 * X-Forwarded-For only from TOCSIN_TRUSTED_PROXIES), per process like the ingest limiter, which
 * remembers at most MAX_KEYS addresses (src/ingest/rate-limit.ts), so a flood from many
 * addresses cannot grow this process's memory without bound.
 */
export const SUBSCRIBES_PER_MINUTE = 10;

const SUBSCRIBED_EMAIL =
  'If that address can receive mail, a message with a confirmation link is on its way. Nothing is sent to it until the link is confirmed.';

function publicCtx(deps: AppDeps, request: FastifyRequest): Ctx {
  return {
    actor: { type: 'system', name: 'status-page' },
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    outbound: deps.config.outbound,
    requestId: request.id,
  };
}

/** URL-encoded form fields; a repeated name (or `name[]`) becomes a list. */
function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const prior = out[key];
    if (prior === undefined) out[key] = rawKey.endsWith('[]') ? [value] : value;
    else out[key] = Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}

function text(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ValidationError(`body.${field}: must be a string`);
  return v;
}

function subscribeInput(body: unknown): SubscribeInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('body: give email or webhook_url');
  }
  const b = body as Record<string, unknown>;
  const raw = b.component_ids;
  const list = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  if (!list.every((x): x is string => typeof x === 'string' && x.length <= 64)) {
    throw new ValidationError('body.component_ids: must be a list of component ids');
  }
  return { email: text(b, 'email'), webhook_url: text(b, 'webhook_url'), component_ids: list };
}

function tokenOf(request: FastifyRequest): string {
  const t = (request.query as Record<string, unknown>).token;
  return typeof t === 'string' ? t : '';
}

export function subscriberPublicRoutes(app: TypedApp): void {
  const deps = app.deps;
  const limiter = new KeyRateLimiter(deps.clock);
  void app.register((scope, _opts, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_req, body, parsed) => parsed(null, parseForm(body as string)),
    );
    // RFC 8058 lets a mail client post the one-click body as multipart/form-data; the query
    // carries the token and the body says nothing else, so any other type is dropped unparsed.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_req, _body, parsed) =>
      parsed(null, undefined),
    );
    scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
      if (status >= 500) {
        request.log.error({ err: error }, 'status page subscription failed');
        return send(request, reply, {
          status: 500,
          code: 'internal',
          heading: 'Something went wrong',
          message: 'Please try again later.',
        });
      }
      const code = error instanceof AppError ? error.code : 'invalid_request';
      return send(request, reply, { status, code, heading: 'Not subscribed', message: error.message });
    });

    const options = { config: { auth: 'public' as const }, schema: { hide: true } };

    scope.post('/status/subscribe', options, async (request, reply) => {
      if (!limiter.take(`ip:${request.ip}`, SUBSCRIBES_PER_MINUTE)) {
        void reply.header('retry-after', '60');
        return send(request, reply, {
          status: 429,
          code: 'rate_limited',
          heading: 'Too many requests',
          message: 'Too many subscription requests from this address; try again in a minute.',
        });
      }
      const result = await subscribe({
        ctx: publicCtx(deps, request),
        keys: deps.keys,
        input: subscribeInput(request.body),
      });
      if (result.kind === 'email') {
        return send(request, reply, { status: 202, heading: 'Check your mail', message: SUBSCRIBED_EMAIL });
      }
      return send(request, reply, {
        status: 202,
        heading: 'Webhook subscribed',
        message:
          'Updates will be POSTed to that URL as JSON. Keep the signing secret below: it is not shown again.',
        extra: secretBlock(result.secret),
        json: { message: 'subscribed', secret: result.secret },
      });
    });

    /**
     * A link from a mail: GET shows what the link does with a button (mail scanners fetch every
     * link), POST does it. Both answer the same page for every kind of bad link.
     */
    type Act = (ctx: Ctx, key: Buffer, token: string) => Promise<LinkState>;
    const link = (path: string, check: Act, act: Act, asking: Answer, acted: Answer) => {
      const run = (fn: Act, answer: Answer) => async (request: FastifyRequest, reply: FastifyReply) => {
        const state = await fn(publicCtx(deps, request), deps.keys.statusSubscribers, tokenOf(request));
        return send(request, reply, state === 'invalid' ? INVALID_LINK : answer);
      };
      scope.get(path, options, run(check, asking));
      scope.post(path, options, run(act, acted));
    };

    link(
      '/status/subscriptions/confirm',
      checkConfirmLink,
      confirmSubscription,
      {
        status: 200,
        heading: 'Confirm your subscription',
        message: 'Press the button to start receiving status updates by email.',
        extra: postButton('Confirm subscription'),
        json: { message: 'POST to this URL to confirm' },
      },
      {
        status: 200,
        heading: 'Subscribed',
        message: 'You will get an email when there is news. Every mail has a link to unsubscribe.',
        json: { message: 'confirmed' },
      },
    );

    // The POST is both the page's button and RFC 8058 one-click (`List-Unsubscribe=One-Click`, no cookies).
    link(
      '/status/unsubscribe',
      (_ctx, key, token) => Promise.resolve(checkUnsubscribeLink(key, token)),
      unsubscribe,
      {
        status: 200,
        heading: 'Unsubscribe?',
        message: 'Press the button to stop receiving status updates.',
        extra: postButton('Unsubscribe'),
        json: { message: 'POST to this URL to unsubscribe' },
      },
      {
        status: 200,
        heading: 'Unsubscribed',
        message: 'You will not get status updates any more.',
        json: { message: 'unsubscribed' },
      },
    );
    done();
  });
}
