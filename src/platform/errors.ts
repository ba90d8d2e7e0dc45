/**
 * The one error hierarchy. Domain code throws these; `http/errors.ts` maps them to
 * `{"error":{"code","message"}}` with the right status, and the CLI prints `message`.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'invalid_request';
}

export class AuthenticationError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';

  static of(kind: string, id: string): NotFoundError {
    return new NotFoundError(`${kind} ${JSON.stringify(id)} not found`);
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
}

export class UnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'unavailable';
}
