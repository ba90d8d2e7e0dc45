import { ApiError } from './api.ts';

/**
 * Splits an API 400's message among a form's fields. The API names the field it rejects at the
 * start of each part (`body.address: must be ...`, `time_zone: unknown ...`, `body.name must ...`),
 * several parts joined with `; `. What names none of `fields` is `other`, for an alert by the form.
 */
export function fieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { byField: Partial<Record<F, string>>; other: string | undefined } {
  const byField: Partial<Record<F, string>> = {};
  if (error === null || error === undefined) return { byField, other: undefined };
  const message = error instanceof Error ? error.message : 'something went wrong';
  if (!(error instanceof ApiError) || error.status !== 400) return { byField, other: message };
  const rest: string[] = [];
  for (const part of message.split('; ')) {
    const field = fields.find((f) => new RegExp(`^(body\\.|contact_methods\\.\\d+\\.)?${f}\\b`).test(part));
    if (field === undefined) rest.push(part);
    else byField[field] = byField[field] === undefined ? part : `${byField[field]}; ${part}`;
  }
  return { byField, other: rest.length > 0 ? rest.join('; ') : undefined };
}
