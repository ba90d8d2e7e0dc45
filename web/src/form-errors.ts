import { ApiError } from './api.ts';

/**
 * Where a 400 from the API belongs in a form: the one place that reads the API's messages.
 * The API names the field first in each part of its message, several parts joined with `; `:
 * `body.comment: ...` from the schema check, `matchers.1: ...` or `time_zone: unknown ...` from
 * the domain's own checks, `contact_methods.0.address ...` for an item of a list. A form shows
 * each part next to the control that holds the bad value, and the rest once above its button.
 */
export interface FieldError {
  /** The field named (`matchers` in `body.matchers.1.name: ...`). */
  field: string;
  /** The list index, if the field is a list (`1`). */
  index: number | undefined;
  /** The part of a list item (`name`), if named. */
  sub: string | undefined;
  message: string;
}

const PATH = /^(?:body[./])?([a-z_]+)(?:[./](\d+))?(?:[./]([a-z_]+))?/;

/** Each part of a 400's message with the field it names; undefined for anything but a 400. */
function parts(e: unknown): FieldError[] | undefined {
  if (!(e instanceof ApiError) || e.status !== 400) return undefined;
  return e.message.split('; ').map((message) => {
    const m = PATH.exec(message);
    const index = m?.[2] === undefined ? undefined : Number(m[2]);
    return { field: m?.[1] ?? '', index, sub: m?.[3], message };
  });
}

/** The first field a 400 names, for forms with lists that place it with {@link errorFor}. */
export function fieldError(e: unknown): FieldError | undefined {
  const first = parts(e)?.[0];
  if (first === undefined || first.field === '') return undefined;
  return { ...first, message: e instanceof Error ? e.message : first.message };
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

/**
 * Splits a failure among a form's `fields`: `byField` for the parts naming one of them (as the
 * field itself, or as the part of a list item: `contact_methods.0.address` is `address`), `other`
 * for the rest (any failure but a 400 included), for an alert by the form. With `orphansTo`, a
 * 400's parts that name none of the fields go on that field instead, so a one-field form never
 * shows its own input's problem away from the input.
 */
export function fieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  orphansTo?: F,
): { byField: Partial<Record<F, string>>; other: string | undefined } {
  const byField: Partial<Record<F, string>> = {};
  if (error === null || error === undefined) return { byField, other: undefined };
  const all = parts(error);
  if (all === undefined)
    return { byField, other: error instanceof Error ? error.message : 'The request failed.' };
  const rest: string[] = [];
  const add = (f: F, message: string) => {
    byField[f] = byField[f] === undefined ? message : `${byField[f]}; ${message}`;
  };
  for (const p of all) {
    const field = fields.find((f) => f === p.field || (p.index !== undefined && f === p.sub));
    if (field !== undefined) add(field, p.message);
    else if (orphansTo !== undefined) add(orphansTo, p.message);
    else rest.push(p.message);
  }
  return { byField, other: rest.length > 0 ? rest.join('; ') : undefined };
}
