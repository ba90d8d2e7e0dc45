import type { LoggerOptions } from 'pino';

/**
 * Secrets that travel in URLs never reach the log: integration keys and heartbeat keys in ingest
 * paths, signed action links, and `token=` / `key=` / `secret=`-like query parameters (calendar
 * feed tokens). Every log line goes through `redactSecrets`: the request serializer's URL, error
 * messages and stacks, and the message text itself (Fastify names URLs in some of its messages).
 */

const REDACTED = '[redacted]';

// Anywhere in the text (behind a proxy's path prefix too), except the REST API's own
// `/api/v1/integrations/:id`, which names an id, not a key.
const NOT_API = '(?<!/api/v1)';
const SEGMENT = String.raw`[^/?#\s"'<>]+`;
const TYPED = '(?:alertmanager|grafana|generic)';

const PATH_SECRETS: RegExp[] = [
  // /integrations/alertmanager/<key>, /integrations/grafana/<key>, /integrations/generic/<key>
  new RegExp(`${NOT_API}(/integrations/${TYPED}/)${SEGMENT}`, 'g'),
  // /integrations/<key>/api/v2/alerts (Prometheus's alertmanagers: path_prefix)
  new RegExp(`${NOT_API}(/integrations/)(?!${TYPED}(?:[/?#\\s"'<>]|$))${SEGMENT}`, 'g'),
  // /heartbeat/<key>, /heartbeat/<key>/start, /heartbeat/<key>/fail
  new RegExp(`(/heartbeat/)${SEGMENT}`, 'g'),
  // /actions/<signed token>: everything up to the query, since a token may hold any character.
  new RegExp(`(/actions/)[^?#\\s"'<>]+`, 'g'),
];

/** Query parameters whose value is a credential: token, key, secret and their kin. */
const QUERY_SECRET =
  /([?&](?:[\w.-]*token|[\w.-]*key|[\w.-]*secret|password|passwd|signature|sig|auth)=)[^&#\s"'<>]*/gi;

/** The text with every URL-borne secret replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of PATH_SECRETS) out = out.replace(re, `$1${REDACTED}`);
  return out.replace(QUERY_SECRET, `$1${REDACTED}`);
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer, with the URL redacted. */
function req(r: LoggedRequest) {
  return {
    method: r.method,
    url: redactSecrets(r.url),
    host: r.host,
    remoteAddress: r.ip,
    remotePort: r.socket?.remotePort,
  };
}

/** Errors keep their shape (pino's err serializer), with message and stack redacted. */
function err(e: unknown) {
  if (!(e instanceof Error)) return e;
  const out: Record<string, unknown> = { type: e.constructor.name, message: redactSecrets(e.message) };
  if (e.stack !== undefined) out.stack = redactSecrets(e.stack);
  for (const [k, v] of Object.entries(e)) {
    if (!(k in out)) out[k] = typeof v === 'string' ? redactSecrets(v) : v;
  }
  return out;
}

/**
 * Pino options for every logger Tocsin makes (the HTTP app's and an engine-only process's):
 * `given` plus the redacting serializers and a hook that redacts the message text.
 */
export function loggerOptions<T extends LoggerOptions>(given: T): T {
  return {
    ...given,
    serializers: { ...given.serializers, req, err },
    hooks: {
      ...given.hooks,
      logMethod(args, method) {
        const clean = args.map((a: unknown) => (typeof a === 'string' ? redactSecrets(a) : a));
        method.apply(this, clean as Parameters<typeof method>);
      },
    },
  };
}
