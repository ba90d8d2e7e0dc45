import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ValidationError } from './errors.ts';
import { type OutboundPolicy, parseOutboundAllow } from './outbound/address.ts';

/**
 * The one place that reads the environment. Every key is an env var `TOCSIN_X_Y` and the same
 * key as a CLI flag `--x-y`; flags win over the environment. Invalid values stop the boot with
 * a message naming the key.
 */
export type ProcessRole = 'all' | 'api' | 'engine';

export interface Config {
  databaseUrl: string;
  host: string;
  port: number;
  publicUrl: string;
  secret: string | undefined;
  role: ProcessRole;
  tls: { cert: string; key: string } | undefined;
  adminToken: string | undefined;
  logLevel: string;
  notify: NotifyConfig;
  /** Which loopback and private addresses outbound requests may reach (src/platform/outbound). */
  outbound: OutboundPolicy;
  /**
   * Fastify's `trustProxy`: false (the socket's address is the client), true (trust every hop),
   * or the addresses/CIDRs of the proxies whose `X-Forwarded-For` is believed.
   */
  trustedProxies: boolean | string[];
  /** Failed logins allowed per account (normalised email) and per client address in a window. */
  loginLimits: { account: { limit: number; windowMs: number }; ip: { limit: number; windowMs: number } };
}

/** Outbound notification settings (src/notify). */
/** By contact-method type (or `*`); null: that type is not throttled at all. */
export type ThrottleLimits = Record<string, { limit: number; windowMs: number } | null>;

export interface NotifyConfig {
  /** `smtp://user:pass@host:port` or `smtps://...`; email is refused when unset. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  twilio: { accountSid: string; authToken: string; from: string; baseUrl: string } | undefined;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts per contact method before falling through to the next one. */
  attempts: number;
  /** First retry delay; doubles per attempt, with jitter, capped at 10 minutes. */
  retryBaseMs: number;
  /** Per user and contact-method type: at most `limit` messages per `windowMs`; more are bundled. */
  throttle: ThrottleLimits;
}

interface KeySpec {
  env: string;
  flag: string;
  description: string;
  default?: string;
}

export const CONFIG_KEYS = {
  databaseUrl: {
    env: 'TOCSIN_DATABASE_URL',
    flag: 'database-url',
    default: 'sqlite:./data/tocsin.db',
    description: '`sqlite:PATH` or `postgres://...`',
  },
  host: { env: 'TOCSIN_HOST', flag: 'host', default: '127.0.0.1', description: 'listen address' },
  port: { env: 'TOCSIN_PORT', flag: 'port', default: '7420', description: 'listen port' },
  publicUrl: {
    env: 'TOCSIN_PUBLIC_URL',
    flag: 'public-url',
    description: 'base for links in notifications and the status page (default `http(s)://HOST:PORT`)',
  },
  secret: {
    env: 'TOCSIN_SECRET',
    flag: 'secret',
    description:
      'at least 32 characters; the keys that sign links and encrypt secrets derive from it; generated on first start and stored in the database',
  },
  role: {
    env: 'TOCSIN_ROLE',
    flag: 'role',
    default: 'all',
    description: '`all`, `api` (HTTP only) or `engine` (background work only)',
  },
  tlsCert: {
    env: 'TOCSIN_TLS_CERT',
    flag: 'tls-cert',
    description: 'PEM certificate file; with the key, serve HTTPS',
  },
  tlsKey: { env: 'TOCSIN_TLS_KEY', flag: 'tls-key', description: 'PEM private key file' },
  adminToken: {
    env: 'TOCSIN_ADMIN_TOKEN',
    flag: 'admin-token',
    description: 'when no admin exists yet, the first start creates the admin with this API token',
  },
  logLevel: {
    env: 'TOCSIN_LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    description: 'pino level: fatal, error, warn, info, debug, trace, silent',
  },
  outboundAllow: {
    env: 'TOCSIN_OUTBOUND_ALLOW',
    flag: 'outbound-allow',
    description:
      'loopback and private addresses that outbound requests (webhooks, chat, Twilio) may reach: comma-separated CIDRs, `loopback`, `private`; link-local and cloud-metadata addresses are never reachable',
  },
  smtpUrl: {
    env: 'TOCSIN_SMTP_URL',
    flag: 'smtp-url',
    description: 'SMTP server for email pages, `smtp://user:pass@host:port` or `smtps://...`',
  },
  smtpFrom: {
    env: 'TOCSIN_SMTP_FROM',
    flag: 'smtp-from',
    default: 'Tocsin <tocsin@localhost>',
    description: 'From address of email pages',
  },
  twilioAccountSid: {
    env: 'TOCSIN_TWILIO_ACCOUNT_SID',
    flag: 'twilio-account-sid',
    description: 'Twilio account SID (SMS and voice)',
  },
  twilioAuthToken: {
    env: 'TOCSIN_TWILIO_AUTH_TOKEN',
    flag: 'twilio-auth-token',
    description: 'Twilio auth token',
  },
  twilioFrom: { env: 'TOCSIN_TWILIO_FROM', flag: 'twilio-from', description: 'Twilio sender number (E.164)' },
  twilioBaseUrl: {
    env: 'TOCSIN_TWILIO_BASE_URL',
    flag: 'twilio-base-url',
    default: 'https://api.twilio.com',
    description: 'Twilio REST API base URL (tests point it at a local receiver)',
  },
  notifyTimeoutMs: {
    env: 'TOCSIN_NOTIFY_TIMEOUT_MS',
    flag: 'notify-timeout-ms',
    default: '10000',
    description: 'timeout of one delivery attempt',
  },
  notifyAttempts: {
    env: 'TOCSIN_NOTIFY_ATTEMPTS',
    flag: 'notify-attempts',
    default: '3',
    description: "attempts per contact method before falling through to the user's next one",
  },
  notifyRetryBaseMs: {
    env: 'TOCSIN_NOTIFY_RETRY_BASE_MS',
    flag: 'notify-retry-base-ms',
    default: '5000',
    description: 'first retry delay; doubles per attempt with jitter',
  },
  notifyThrottle: {
    env: 'TOCSIN_NOTIFY_THROTTLE',
    flag: 'notify-throttle',
    default: 'sms=10/15m,voice=5/15m,*=30/15m',
    description:
      'messages per user and contact-method type per window (`type=N/15m`, `*` for the rest, `type=off` for none); pages above it are bundled into one message',
  },
  trustedProxies: {
    env: 'TOCSIN_TRUSTED_PROXIES',
    flag: 'trusted-proxies',
    description:
      'reverse proxies whose X-Forwarded-For/-Proto are believed: comma-separated addresses or CIDRs (or `loopback`, `uniquelocal`), or `true` for any hop; unset trusts none',
  },
  loginLimits: {
    env: 'TOCSIN_LOGIN_LIMITS',
    flag: 'login-limits',
    default: 'account=10/15m,ip=100/15m',
    description:
      'failed logins allowed per account and per client address in a window; more are refused with 429 until the window passes',
  },
} satisfies Record<
  Exclude<keyof Config, 'tls' | 'notify' | 'outbound'> | 'tlsCert' | 'tlsKey' | 'outboundAllow' | NotifyKey,
  KeySpec
>;

type NotifyKey =
  | 'smtpUrl'
  | 'smtpFrom'
  | 'twilioAccountSid'
  | 'twilioAuthToken'
  | 'twilioFrom'
  | 'twilioBaseUrl'
  | 'notifyTimeoutMs'
  | 'notifyAttempts'
  | 'notifyRetryBaseMs'
  | 'notifyThrottle';

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `sms=10/15m,voice=5/1h,webhook=off,*=30/15m` -> per-type limits (null: that type is not
 * throttled); a string names what is wrong.
 */
export function parseThrottle(text: string): ThrottleLimits | string {
  const out: ThrottleLimits = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const off = /^([a-z*]+)=off$/.exec(part);
    if (off) {
      out[off[1]!] = null;
      continue;
    }
    const m = /^([a-z*]+)=(\d+)\/(\d+)([smh])$/.exec(part);
    if (!m)
      return `cannot read ${JSON.stringify(part)}; expected type=N/<number><s|m|h> or type=off, e.g. sms=10/15m`;
    const windowMs = Number(m[3]) * DURATION_UNITS[m[4]!]!;
    if (Number(m[2]) < 1 || windowMs < 1000) return `${part}: limit and window must be positive`;
    out[m[1]!] = { limit: Number(m[2]), windowMs };
  }
  return out;
}

type Key = keyof typeof CONFIG_KEYS;

/** Flags accepted by `parseArgs` for every config key. */
export function configFlagOptions(): Record<string, { type: 'string' }> {
  return Object.fromEntries(Object.values(CONFIG_KEYS).map((k) => [k.flag, { type: 'string' as const }]));
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  flags: Record<string, string | boolean | undefined> = {},
): Config {
  const raw = (key: Key): string | undefined => {
    const spec: KeySpec = CONFIG_KEYS[key];
    const fromFlag = flags[spec.flag];
    if (typeof fromFlag === 'string' && fromFlag !== '') return fromFlag;
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return spec.default;
  };
  const bad = (key: Key, why: string): never => {
    throw new ValidationError(`${CONFIG_KEYS[key].env} (--${CONFIG_KEYS[key].flag}): ${why}`);
  };

  const databaseUrl = raw('databaseUrl')!;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    bad('databaseUrl', `must start with sqlite: or postgres://, got ${JSON.stringify(databaseUrl)}`);
  }

  const portText = raw('port')!;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) bad('port', `not a port number: ${portText}`);

  const role = raw('role')!;
  if (role !== 'all' && role !== 'api' && role !== 'engine') {
    bad('role', `must be all, api or engine, got ${JSON.stringify(role)}`);
  }

  const certPath = raw('tlsCert');
  const keyPath = raw('tlsKey');
  if ((certPath === undefined) !== (keyPath === undefined)) {
    bad(
      certPath === undefined ? 'tlsCert' : 'tlsKey',
      'TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be set together',
    );
  }
  const read = (key: Key, path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      return bad(key, `cannot read ${path}: ${(e as Error).message}`);
    }
  };
  const tls =
    certPath !== undefined && keyPath !== undefined
      ? { cert: read('tlsCert', certPath), key: read('tlsKey', keyPath) }
      : undefined;

  const host = raw('host')!;
  const adminToken = raw('adminToken');
  if (adminToken !== undefined && adminToken.length < 16) bad('adminToken', 'must be at least 16 characters');
  // Every key is derived from it (src/platform/auth/keys.ts): a short one could be guessed offline
  // from a single signed link. `openssl rand -base64 32` makes a good one.
  const secret = raw('secret');
  if (secret !== undefined && secret.length < 32) {
    bad('secret', 'must be at least 32 characters (try `openssl rand -base64 32`)');
  }
  const publicUrl = (raw('publicUrl') ?? `${tls ? 'https' : 'http'}://${host}:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    bad('publicUrl', `not a URL: ${publicUrl}`);
  }
  const outbound = parseOutboundAllow(raw('outboundAllow') ?? '');
  if (typeof outbound === 'string') bad('outboundAllow', outbound);

  return {
    databaseUrl,
    host,
    port,
    publicUrl,
    secret,
    role: role as ProcessRole,
    tls,
    adminToken,
    logLevel: raw('logLevel')!,
    notify: notifyConfig(raw, bad),
    outbound: outbound as OutboundPolicy,
    trustedProxies: trustedProxies(raw('trustedProxies'), (why) => bad('trustedProxies', why)),
    loginLimits: loginLimits(raw('loginLimits')!, (why) => bad('loginLimits', why)),
  };
}

// Names proxy-addr (Fastify's trustProxy) understands besides addresses and CIDRs.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Checked here so a typo stops the boot naming the key, instead of a stack trace from Fastify. */
function trustedProxies(text: string | undefined, bad: (why: string) => never): boolean | string[] {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const part of parts) {
    if (PROXY_NAMES.has(part)) continue;
    const [addr, bits, extra] = part.split('/');
    const family = isIP(addr ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || extra !== undefined) {
      bad(`${JSON.stringify(part)} is not an IP address, a CIDR, loopback, linklocal or uniquelocal`);
    }
  }
  if (parts.length === 0) bad('lists no proxy');
  return parts;
}

function loginLimits(text: string, bad: (why: string) => never): Config['loginLimits'] {
  const parsed = parseThrottle(text);
  if (typeof parsed === 'string') return bad(parsed);
  const unknown = Object.keys(parsed).filter((k) => k !== 'account' && k !== 'ip');
  if (unknown.length > 0) bad(`unknown limit ${unknown[0]}; expected account=N/15m,ip=N/15m`);
  const { account, ip } = parsed;
  if (account == null || ip == null) bad('needs both account=N/<window> and ip=N/<window>');
  return { account, ip };
}

function notifyConfig(
  raw: (k: Key) => string | undefined,
  bad: (k: Key, why: string) => never,
): NotifyConfig {
  const int = (key: Key, min: number): number => {
    const text = raw(key)!;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      bad(key, `must be an integer >= ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
  const smtpUrl = raw('smtpUrl');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
    bad('smtpUrl', 'must start with smtp:// or smtps://');
  const sid = raw('twilioAccountSid');
  const token = raw('twilioAuthToken');
  const from = raw('twilioFrom');
  const twilioSet = [sid, token, from].filter((v) => v !== undefined).length;
  if (twilioSet !== 0 && twilioSet !== 3) {
    bad(
      'twilioAccountSid',
      'TOCSIN_TWILIO_ACCOUNT_SID, TOCSIN_TWILIO_AUTH_TOKEN and TOCSIN_TWILIO_FROM must be set together',
    );
  }
  const throttle = parseThrottle(raw('notifyThrottle')!);
  if (typeof throttle === 'string') bad('notifyThrottle', throttle);
  return {
    smtpUrl,
    smtpFrom: raw('smtpFrom')!,
    twilio:
      sid !== undefined && token !== undefined && from !== undefined
        ? { accountSid: sid, authToken: token, from, baseUrl: raw('twilioBaseUrl')!.replace(/\/+$/, '') }
        : undefined,
    timeoutMs: int('notifyTimeoutMs', 100),
    attempts: int('notifyAttempts', 1),
    retryBaseMs: int('notifyRetryBaseMs', 0),
    throttle: throttle,
  };
}
