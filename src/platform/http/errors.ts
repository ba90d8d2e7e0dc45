import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isForeignKeyViolation, isUniqueViolation } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import { DATE_TIME_MESSAGE } from '../time-bounds.ts';

/**
 * The one place errors become HTTP answers: `{"error":{"code","message"}}`. Bad input is 4xx
 * with a message naming the field; only our own faults are 500, and those are logged.
 */
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export function describeValidation(context: string | undefined, errors: AjvError[]): string {
  return errors
    .map((e) => {
      const base = [context ?? 'body', ...e.instancePath.split('/').filter(Boolean)].join('.');
      switch (e.keyword) {
        case 'required':
          return `${base}.${String(e.params.missingProperty)} is required`;
        case 'additionalProperties':
          return `${base}.${String(e.params.additionalProperty)} is not a known field`;
        case 'enum':
          return `${base} must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`;
        case 'format':
          if (e.params.format === 'date-time') return `${base} ${DATE_TIME_MESSAGE}`;
          return `${base} ${e.message ?? 'is invalid'}`;
        default:
          return `${base} ${e.message ?? 'is invalid'}`;
      }
    })
    .join('; ');
}

export type Answer = { status: number; code: string; message: string; extra?: Record<string, unknown> };

/**
 * A domain error's plain-object `details` travel in the answer next to code and message (a 409
 * carries `allowed_transitions`), so clients need not parse the message; they cannot replace
 * code or message.
 */
function extraOf(details: unknown): Record<string, unknown> | undefined {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return undefined;
  if (Object.getPrototypeOf(details) !== Object.prototype) return undefined;
  const { code: _code, message: _message, ...rest } = details as Record<string, unknown>;
  return rest;
}

export function classify(error: FastifyError | Error): Answer | undefined {
  if (error instanceof AppError) {
    const extra = extraOf(error.details);
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(extra === undefined ? {} : { extra }),
    };
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    return {
      status: 400,
      code: 'invalid_request',
      message: describeValidation(fe.validationContext, fe.validation),
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'payload_too_large',
        message: 'request body is larger than the 512 KB limit',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'send the body as application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'invalid_request',
        message: 'body is empty but content-type is application/json',
      };
    default:
      break;
  }
  if (isUniqueViolation(error)) {
    return { status: 409, code: 'conflict', message: 'an object with the same unique value already exists' };
  }
  if (isForeignKeyViolation(error)) {
    return {
      status: 409,
      code: 'conflict',
      message: 'the object is referenced by, or references, another object',
    };
  }
  const status = fe.statusCode;
  if (status === 429) return { status, code: 'rate_limited', message: fe.message };
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, wrong content length ...) carry a usable message.
    return { status, code: 'invalid_request', message: fe.message };
  }
  return undefined;
}

/** The router's limit on one path parameter (Fastify's default `maxParamLength`). */
export const MAX_PATH_SEGMENT = 100;
const SEGMENT_TOO_LONG = `a path segment is longer than the ${MAX_PATH_SEGMENT} characters the router accepts`;

/**
 * The answer for a path with a segment over the router's limit. A catch-all route (the web UI's
 * page fallback) is matched instead of the router raising its error, so it answers the same.
 */
export function sendUriTooLong(reply: FastifyReply): FastifyReply {
  return reply.status(414).send({ error: { code: 'uri_too_long', message: SEGMENT_TOO_LONG } });
}

/**
 * Errors the router raises before any hook or handler (Fastify's `frameworkErrors`): a path with
 * broken percent-encoding, a parameter over the router's length limit. Same answer shape as the
 * rest, and without echoing the whole (possibly huge) path back.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? SEGMENT_TOO_LONG
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the path is not a valid url component: broken percent-encoding or invalid UTF-8'
        : error.message;
  void reply
    .status(status)
    .send({ error: { code: status === 414 ? 'uri_too_long' : 'invalid_request', message } });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = classify(error);
    if (answer === undefined) {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ error: { code: 'internal', message: 'internal error; see the server log' } });
    }
    if (answer.status >= 500) request.log.error({ err: error }, answer.message);
    return reply
      .status(answer.status)
      .send({ error: { code: answer.code, message: answer.message, ...answer.extra } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}

/**
 * Alertmanager's API v2 answers an error as a bare JSON string (its OpenAPI `BadRequest`), and
 * its clients (amtool, Grafana) decode exactly that; a scope serving that API installs this
 * instead of the `{"error": ...}` answers. Statuses are ours, 5xx stays logged and vague.
 */
export function installAlertmanagerErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = classify(error);
    if (answer === undefined || answer.status >= 500) {
      request.log.error({ err: error }, answer?.message ?? 'unhandled error');
      return reply
        .status(answer?.status ?? 500)
        .type('application/json')
        .send(JSON.stringify('internal error; see the server log'));
    }
    if (answer.status === 429) void reply.header('retry-after', '60');
    return reply.status(answer.status).type('application/json').send(JSON.stringify(answer.message));
  });
}
