import { readFileSync } from 'node:fs';
import { ValidationError } from './errors.ts';

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
    description: 'signs links and sessions; generated on first start and stored in the database',
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
} satisfies Record<Exclude<keyof Config, 'tls'> | 'tlsCert' | 'tlsKey', KeySpec>;

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
  const publicUrl = (raw('publicUrl') ?? `${tls ? 'https' : 'http'}://${host}:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    bad('publicUrl', `not a URL: ${publicUrl}`);
  }

  return {
    databaseUrl,
    host,
    port,
    publicUrl,
    secret: raw('secret'),
    role: role as ProcessRole,
    tls,
    adminToken,
    logLevel: raw('logLevel')!,
  };
}
