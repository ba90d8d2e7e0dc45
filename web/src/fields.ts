import { ApiError } from './api.ts';

/**
 * Where a 400 from the API belongs in a form. The API names the field first in its message,
 * `body.comment: ...` from the schema check or `matchers.1: ...` from the domain's own checks;
 * this returns that field (`comment`, `matchers`) and the list index if any, so the form shows
 * the message next to the control that holds the bad value.
 */
export interface FieldError {
  field: string;
  index: number | undefined;
  /** The part of a list item (`name` in `matchers.0.name`), if named. */
  sub: string | undefined;
  message: string;
}

export function fieldError(e: unknown): FieldError | undefined {
  if (!(e instanceof ApiError) || e.status !== 400) return undefined;
  const m = /^(?:body[./])?([a-z_]+)(?:[./](\d+))?(?:[./]([a-z_]+))?/.exec(e.message);
  if (m === null) return undefined;
  const index = m[2] === undefined ? undefined : Number(m[2]);
  return { field: m[1]!, index, sub: m[3], message: e.message };
}

/** The message for one control: `errorFor(err, 'matchers', 2)` is set only for the third matcher. */
export function errorFor(
  err: FieldError | undefined,
  field: string,
  index?: number,
  sub?: (s: string | undefined) => boolean,
): string | undefined {
  if (err === undefined || err.field !== field) return undefined;
  if (index !== undefined && err.index !== index) return undefined;
  if (sub !== undefined && !sub(err.sub)) return undefined;
  return err.message;
}
