import { type LoggerOptions, stdSerializers } from 'pino';

/**
 * Secrets that travel in URLs never reach the log: integration keys and heartbeat keys in ingest
 * paths, signed action links, invite links, and `token=` / `key=` / `secret=`-like query parameters (calendar
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
  // /invite/<token>: the web UI's page for an invite link (src/users/invites.ts).
  new RegExp(`(/invite/)${SEGMENT}`, 'g'),
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

/** Every string in a serialized value, redacted (errors nest causes and aggregated errors). */
function redactDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return redactSecrets(v);
  if (depth > 5 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x, depth + 1)]));
}

/** Pino's own error serializer (type, message, stack, cause, own fields), every string redacted. */
function err(e: unknown) {
  return e instanceof Error ? redactDeep(stdSerializers.err(e)) : e;
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
