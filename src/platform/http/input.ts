import { type FastifyInstance, type FastifyRequest, errorCodes } from 'fastify';
import { ValidationError } from '../errors.ts';
import { findUnstorable } from '../text.ts';

/**
 * Input rules every request passes before any route sees it, so no domain needs its own copy:
 * JSON bodies must be UTF-8 and free of prototype keys, text must be storable (no NUL), and
 * every `date-time` in a request schema lies within the supported years.
 */

const isApi = (req: FastifyRequest) => (req.routeOptions.url ?? req.url).startsWith('/api/v1/');

// Fatal: a byte sequence that is not UTF-8 throws instead of turning into U+FFFD.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The key that would reach an object's prototype if the body were merged into another object
 * (`__proto__`, or `constructor.prototype`), as a path like `body.labels.__proto__`; undefined if
 * none. JSON.parse makes such keys plain own properties, so they are harmless until some code
 * copies them with assignment; refusing them outright is simpler than auditing every copy.
 */
function prototypeKey(value: unknown): string | undefined {
  const stack: [string, unknown][] = [['body', value]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [path, v] = item;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((child, i) => stack.push([`${path}.${i}`, child]));
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) return `${path}.__proto__`;
    const ctor = (v as Record<string, unknown>).constructor;
    if (Object.prototype.hasOwnProperty.call(v, 'constructor') && ctor !== null && typeof ctor === 'object') {
      if (Object.prototype.hasOwnProperty.call(ctor, 'prototype')) return `${path}.constructor.prototype`;
    }
    for (const [k, child] of Object.entries(v)) stack.push([`${path}.${k}`, child]);
  }
  return undefined;
}

/**
 * Replaces Fastify's JSON parser, whose single "Body is not valid JSON" also covered a
 * `__proto__` key. On /api/v1 invalid UTF-8 is a 400 (it used to be stored as U+FFFD, silently
 * changing what the client sent); the ingest endpoints keep replacing it, as senders like
 * Alertmanager cannot fix a label they did not write, and dropping the alert would drop a page.
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    const bytes = raw as Buffer;
    if (bytes.length === 0) return done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    let text: string;
    if (isApi(req)) {
      try {
        text = strictUtf8.decode(bytes);
      } catch {
        return done(new ValidationError('body is not valid UTF-8'), undefined);
      }
    } else {
      text = bytes.toString('utf8');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    }
    // Only text that can spell such a key (also as \u escapes) is walked: the common case costs a scan.
    if (/__proto__|constructor|\\u/.test(text)) {
      const key = prototypeKey(body);
      if (key !== undefined) {
        const what = key.endsWith('.__proto__') ? '"__proto__"' : '"constructor" with a "prototype"';
        return done(new ValidationError(`${key}: a ${what} key is not allowed in a request body`), undefined);
      }
    }
    return done(null, body);
  });
}

/**
 * Text with U+0000 (or an unpaired surrogate) anywhere in the path, query or body of an /api/v1
 * request is refused with a 400 naming the field: PostgreSQL cannot store it and answered 500
 * (SQLite stored it, unfindable). The ingest endpoints keep their own rule (replaced with U+FFFD
 * in bodies; a key is only ever hashed, so a NUL key is just an unknown key).
 */
export function installTextRules(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    if (!isApi(req)) return done();
    const parts: [string, unknown][] = [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ];
    for (const [name, value] of parts) {
      const bad = findUnstorable(name, value);
      if (bad !== undefined) return done(new ValidationError(`${bad.path} ${bad.reason}`));
    }
    done();
  });
}
