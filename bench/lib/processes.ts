/**
 * The servers a benchmark run talks to, each started as its own process on a free port so the
 * load generator (this process) does not share an event loop with the server it measures:
 * Tocsin as `tocsin serve` would run it, and Debian's Alertmanager with a webhook sink.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, sourceCli } from '../../test/source-cli.ts';

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
    srv.on('error', reject);
  });
}

export interface Endpoint {
  host: string;
  port: number;
}

/** One request with an optional JSON body, on its own connection: for set-up and readiness polls, not measured load. */
export function request(
  target: Endpoint,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; bytes: number }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveRes, reject) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method,
        path,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolveRes({ status: res.statusCode ?? 0, text: body.toString(), bytes: body.length });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** Polls `path` until it answers 200; fails early with the log when the process dies. */
async function waitReady(
  child: ChildProcess,
  target: Endpoint,
  path: string,
  what: string,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited before it was ready:\n${log()}`);
    }
    const ok = await request(target, 'GET', path).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after 60 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL if it has not gone within 15 s (a slow shutdown must not hang the run). */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited(child);
  clearTimeout(timer);
}

export interface TocsinProcess extends Endpoint {
  adminToken: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `tocsin serve` from source (test/source-cli.ts), role `all` so the background timers run too,
 * as in production, on `databaseUrl`. Its log goes to a file, as a service's would, not to a pipe this process
 * would have to drain while it generates load.
 */
export async function startTocsin(opts: {
  databaseUrl: string;
  logLevel: string;
  nodeArgs?: string[];
  /** Extra environment (e.g. TOCSIN_NOTIFY_THROTTLE); the settings above win over it. */
  env?: Record<string, string>;
  /** The first admin's token, for a second server on a database the first one set up. */
  adminToken?: string;
}): Promise<TocsinProcess> {
  const port = await freePort();
  const adminToken = opts.adminToken ?? `tcs_bench_${randomBytes(16).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-log-'));
  const logFile = join(dir, 'tocsin.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...sourceCli('serve')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...opts.env,
      TOCSIN_DATABASE_URL: opts.databaseUrl,
      TOCSIN_HOST: '127.0.0.1',
      TOCSIN_PORT: String(port),
      TOCSIN_ADMIN_TOKEN: adminToken,
      TOCSIN_LOG_LEVEL: opts.logLevel,
      TOCSIN_PUBLIC_URL: '',
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const target = { host: '127.0.0.1', port };
  const tail = () => {
    try {
      return readTail(logFile);
    } catch {
      return '(no log)';
    }
  };
  try {
    await waitReady(child, target, '/readyz', 'tocsin serve', tail);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...target,
    adminToken,
    pid: child.pid ?? 0,
    stop: async () => {
      await stopProcess(child);
      reportServerTrouble(logFile);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server that logged warnings or errors under load (a failed engine pass, a retried commit)
 * may have met its figures by luck or missed them for a reason: say so, and keep those lines.
 */
function reportServerTrouble(logFile: string): void {
  let lines: string[];
  try {
    lines = readFileSync(logFile, 'utf8').split('\n');
  } catch {
    return;
  }
  const trouble = lines.filter((l) => /"level":(4|5|6)\d/.test(l));
  if (trouble.length === 0) return;
  const kept = join(tmpdir(), `tocsin-bench-trouble-${Date.now()}.log`);
  writeFileSync(kept, trouble.join('\n') + '\n');
  const first = (JSON.parse(trouble[0]!) as { msg?: string }).msg ?? '';
  console.error(
    `[bench] the server logged ${trouble.length} warnings/errors (first: ${first}); kept in ${kept}`,
  );
}

/** The end of a log file, for the error message when a server fails to start. */
function readTail(file: string): string {
  return readFileSync(file, 'utf8').slice(-4000);
}

export interface AlertmanagerProcess extends Endpoint {
  /** Webhook notifications the sink received, and the alerts in them. */
  sink: { notifications: number; alerts: number };
  stop(): Promise<void>;
}

/** How Alertmanager routes and where it sends; every field defaults to the shape below. */
export interface AlertmanagerOptions {
  /** Webhook URL of the receiver; by default a sink in this process that only counts. */
  webhookUrl?: string;
  /** YAML flow sequence, e.g. `['alertname']` (the default) or `['...']` (every alert alone). */
  groupBy?: string;
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  sendResolved?: boolean;
}

/**
 * Debian's Alertmanager on a temp storage path, clustering off, routing everything to a webhook
 * receiver that points at a sink in this process. The route is a common production shape
 * (group by alertname, 10 s group wait/interval); the sink only counts what arrives. `opts`
 * change the route and can point the webhook elsewhere (the sink then receives nothing).
 */
export async function startAlertmanager(
  binary: string,
  opts: AlertmanagerOptions = {},
): Promise<AlertmanagerProcess> {
  const sinkCounts = { notifications: 0, alerts: 0 };
  const sink = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sinkCounts.notifications++;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { alerts?: unknown[] };
        sinkCounts.alerts += body.alerts?.length ?? 0;
      } catch {
        /* a malformed notification still counts as one */
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkAddr = sink.address();
  const sinkPort = typeof sinkAddr === 'object' && sinkAddr !== null ? sinkAddr.port : 0;

  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-am-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    [
      'route:',
      '  receiver: sink',
      `  group_by: ${opts.groupBy ?? "['alertname']"}`,
      `  group_wait: ${opts.groupWait ?? '10s'}`,
      `  group_interval: ${opts.groupInterval ?? '10s'}`,
      `  repeat_interval: ${opts.repeatInterval ?? '1h'}`,
      'receivers:',
      '  - name: sink',
      '    webhook_configs:',
      `      - url: ${opts.webhookUrl ?? `http://127.0.0.1:${sinkPort}/`}`,
      `        send_resolved: ${String(opts.sendResolved ?? true)}`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const logFile = join(dir, 'alertmanager.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const target = { host: '127.0.0.1', port };
  const cleanup = () => {
    sink.closeAllConnections();
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(child, target, '/-/ready', 'alertmanager', () => readTail(logFile));
  } catch (e) {
    child.kill('SIGKILL');
    cleanup();
    throw e;
  }
  return {
    ...target,
    sink: sinkCounts,
    stop: async () => {
      await stopProcess(child);
      cleanup();
    },
  };
}
