import { hostname } from 'node:os';
import { RateLimitedError, UnavailableError, ValidationError } from '../../platform/errors.ts';
import { RemoteError, type RawAnswer, withServer } from '../api-client.ts';
import { type Command, type Flags, type Invocation, stringFlag } from '../command.ts';
import { printJson } from './incident-common.ts';

/**
 * `tocsin alert trigger|resolve` send a PagerDuty Events v2 event to `/v2/enqueue` with an
 * integration key, so a CLI alert goes through exactly the path of any other alert (dedup,
 * silences, grouping, paging) and needs no API token: the key names the service, as it does for
 * every monitoring tool.
 */
const KEY_OPTIONS = {
  url: { type: 'string' },
  'routing-key': { type: 'string' },
  'integration-key': { type: 'string' },
  'dedup-key': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const KEY_USAGE =
  '(--routing-key|--integration-key KEY, or TOCSIN_INTEGRATION_KEY: an events-v2 integration key) [--url URL] (or TOCSIN_URL; no URL: straight to the database)';

interface PdAnswer {
  status?: string;
  message?: string;
  dedup_key?: string;
  errors?: unknown[];
}

function routingKey(flags: Flags, env: NodeJS.ProcessEnv): string {
  const key =
    stringFlag(flags, 'routing-key') ?? stringFlag(flags, 'integration-key') ?? env.TOCSIN_INTEGRATION_KEY;
  if (key === undefined || key === '') {
    throw new ValidationError(
      '--routing-key is required (or --integration-key, or TOCSIN_INTEGRATION_KEY): the key of an events-v2 integration of the service',
    );
  }
  return key;
}

/** The PagerDuty answer as an exit: 202 prints, 400 is bad input (2), anything else fails (1). */
function checked(a: RawAnswer): PdAnswer {
  let body: PdAnswer = {};
  try {
    body = JSON.parse(a.text) as PdAnswer;
  } catch {
    // A proxy's HTML error page: reported by status below.
  }
  if (a.status === 202) return body;
  const detail =
    Array.isArray(body.errors) && body.errors.length > 0 ? body.errors.map(String).join('; ') : undefined;
  const message = detail ?? body.message ?? `the server answered ${a.status}`;
  if (a.status === 400) throw new ValidationError(message);
  if (a.status === 429) throw new RateLimitedError(message);
  if (a.status === 503) throw new UnavailableError(message);
  throw new RemoteError(a.status, 'remote_error', message);
}

async function send(inv: Invocation, event: Record<string, unknown>): Promise<PdAnswer> {
  return withServer(inv, async (raw) => checked(await raw('POST', '/v2/enqueue', event)));
}

function details(flags: Flags): Record<string, string> | undefined {
  const pairs = Array.isArray(flags.detail) ? flags.detail.map(String) : [];
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new ValidationError(`--detail must be KEY=VALUE, got ${JSON.stringify(p)}`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export const alertTrigger: Command = {
  path: ['alert', 'trigger'],
  summary:
    'send an alert to a service (a PagerDuty Events v2 trigger); re-sends with the same --dedup-key update it',
  usage: `--summary TEXT [--severity critical|error|warning|info] [--dedup-key K] [--source S] [--component C] [--group G] [--class C] [--detail KEY=VALUE ...] [--json] ${KEY_USAGE}`,
  options: {
    ...KEY_OPTIONS,
    summary: { type: 'string' },
    severity: { type: 'string' },
    source: { type: 'string' },
    component: { type: 'string' },
    group: { type: 'string' },
    class: { type: 'string' },
    detail: { type: 'string', multiple: true },
  },
  run: async (inv) => {
    const { flags, io } = inv;
    const key = routingKey(flags, process.env);
    const summary = stringFlag(flags, 'summary');
    if (summary === undefined || summary.trim() === '') throw new ValidationError('--summary is required');
    const dedupKey = stringFlag(flags, 'dedup-key');
    const optional = { component: 'component', group: 'group', class: 'class' } as const;
    const payload: Record<string, unknown> = {
      summary,
      severity: stringFlag(flags, 'severity') ?? 'error',
      source: stringFlag(flags, 'source') ?? hostname(),
      custom_details: details(flags),
    };
    for (const [flag, field] of Object.entries(optional)) {
      const v = stringFlag(flags, flag);
      if (v !== undefined) payload[field] = v;
    }
    const answer = await send(inv, {
      routing_key: key,
      event_action: 'trigger',
      ...(dedupKey !== undefined ? { dedup_key: dedupKey } : {}),
      payload,
      client: 'tocsin cli',
    });
    if (flags.json === true) printJson(io, answer);
    else io.out(`triggered: dedup key ${answer.dedup_key ?? '?'}`);
    return 0;
  },
};

export const alertResolve: Command = {
  path: ['alert', 'resolve'],
  summary: 'resolve the open alert with this --dedup-key (a PagerDuty Events v2 resolve)',
  usage: `--dedup-key K [--json] ${KEY_USAGE}`,
  options: KEY_OPTIONS,
  run: async (inv) => {
    const { flags, io } = inv;
    const key = routingKey(flags, process.env);
    const dedupKey = stringFlag(flags, 'dedup-key');
    if (dedupKey === undefined || dedupKey === '') throw new ValidationError('--dedup-key is required');
    const answer = await send(inv, { routing_key: key, event_action: 'resolve', dedup_key: dedupKey });
    if (flags.json === true) printJson(io, answer);
    else io.out(`resolved: dedup key ${answer.dedup_key ?? dedupKey}`);
    return 0;
  },
};
