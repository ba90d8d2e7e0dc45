import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * Schema helpers shared by every route. A string enum (not a union of literals) so a bad value
 * gets one clear "must be one of" message naming the allowed values.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  description?: string,
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });
}

export const Id = (description = 'object id') => Type.String({ minLength: 1, maxLength: 64, description });

export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 time' });

export const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'page size (default 50)' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor from the previous page' })),
  order: Type.Optional(
    StringEnum(
      ['asc', 'desc'] as const,
      'by creation time: desc is newest first (the default for alerts, incidents and notifications), asc oldest first (the default for configuration objects and timelines)',
    ),
  ),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'pass as ?cursor= for the next page',
    }),
  });
}

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const IdParams = Type.Object({ id: Id() });

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * A `preValidation` hook for actions whose every input is optional: a bare POST (no body, as
 * `curl -X POST` and most CLIs send) validates as `{}` instead of failing the body schema.
 */
export function bodyDefaultsToEmpty(req: { body: unknown }, _reply: unknown, done: () => void): void {
  req.body ??= {};
  done();
}
