import { isObject } from '../ingest/adapters/fields.ts';
import { ValidationError } from '../platform/errors.ts';
import { type Matcher, normalizeMatchers } from '../silences/matchers.ts';

/**
 * A `postableSilence` checked at the edge: every problem is a 400 naming the field, in
 * Alertmanager's words where it has them.
 */
export interface PostableSilence {
  id: string | undefined;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

// Alertmanager 0.25's label names (model.LabelName.IsValid).
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function text(o: Record<string, unknown>, field: string, max: number): string {
  const v = o[field];
  if (v === undefined || v === null) throw new ValidationError(`${field} in body is required`);
  if (typeof v !== 'string') throw new ValidationError(`${field} in body must be of type string`);
  if (v.length > max) throw new ValidationError(`${field} in body should be at most ${max} characters long`);
  return v;
}

function time(o: Record<string, unknown>, field: string): number {
  const v = text(o, field, 64);
  const t = Date.parse(v);
  if (!/^\d{4}-\d\d-\d\dT/.test(v) || Number.isNaN(t))
    throw new ValidationError(`${field} in body must be of type date-time: ${JSON.stringify(v)}`);
  return t;
}

function matcher(v: unknown, i: number): Matcher {
  const field = `matchers.${i}`;
  if (!isObject(v)) throw new ValidationError(`${field} in body must be an object`);
  const name = text(v, 'name', 200);
  const value = text(v, 'value', 1000);
  if (!LABEL_NAME.test(name))
    throw new ValidationError(`${field}.name: invalid label name ${JSON.stringify(name)}`);
  const flag = (key: 'isRegex' | 'isEqual', dflt: boolean | undefined): boolean => {
    const f = v[key];
    if (f === undefined || f === null) {
      if (dflt === undefined) throw new ValidationError(`${field}.${key} in body is required`);
      return dflt;
    }
    if (typeof f !== 'boolean') throw new ValidationError(`${field}.${key} in body must be of type boolean`);
    return f;
  };
  const isRegex = flag('isRegex', undefined);
  const isEqual = flag('isEqual', true);
  return { name, value, op: isRegex ? (isEqual ? '=~' : '!~') : isEqual ? '=' : '!=' };
}

export function parsePostableSilence(body: unknown, now: number): PostableSilence {
  if (!isObject(body)) throw new ValidationError('body must be a silence object');
  const id = body.id === undefined || body.id === null || body.id === '' ? undefined : text(body, 'id', 100);
  const list = body.matchers;
  if (!Array.isArray(list) || list.length === 0)
    throw new ValidationError('matchers in body should have at least 1 items');
  if (list.length > 50) throw new ValidationError('matchers in body should have at most 50 items');
  // normalizeMatchers refuses a regex that does not compile, naming the matcher.
  const matchers = normalizeMatchers(list.map(matcher));
  const startsAt = time(body, 'startsAt');
  const endsAt = time(body, 'endsAt');
  const createdBy = text(body, 'createdBy', 200);
  const comment = text(body, 'comment', 2000);
  if (createdBy.trim() === '') throw new ValidationError('createdBy: say who creates the silence');
  if (comment.trim() === '') throw new ValidationError('comment: Tocsin needs a comment on every silence');
  if (startsAt >= endsAt)
    throw new ValidationError('Failed to create silence: start time must be before end time');
  if (endsAt < now) throw new ValidationError("Failed to create silence: end time can't be in the past");
  return { id, matchers, startsAt, endsAt, createdBy, comment };
}
