import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Peer, freePort, requireBinary, startPeer } from './process.ts';

/**
 * Debian's Prometheus and Alertmanager, started with configurations written for one test into a
 * temporary directory (storage included) and listening on 127.0.0.1 only. Configurations are
 * written as JSON, which both programs' YAML parsers read, so no value needs YAML escaping.
 */

export interface HttpPeer extends Peer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `127.0.0.1:PORT`, as Prometheus wants targets. */
  address: string;
}

/** Checked before anything starts, so a machine without the packages fails with a clear message. */
export function requirePrometheusBinaries(): { prometheus: string; alertmanager: string } {
  return {
    prometheus: requireBinary('prometheus', 'prometheus'),
    alertmanager: requireBinary('prometheus-alertmanager', 'prometheus-alertmanager'),
  };
}

/**
 * Alertmanager with one route to a webhook receiver. Group timings are the shortest Alertmanager
 * takes so a notification (and the resolved one) follows within a second or two; repeats are
 * pushed out of the test's reach so every notification the test sees is caused by a change.
 */
export async function startAlertmanager(opts: {
  webhookUrl: string;
  /** The receiver's name (default `tocsin`): a test comparing answers names it as Tocsin would. */
  receiver?: string;
}): Promise<HttpPeer> {
  const receiver = opts.receiver ?? 'tocsin';
  const { alertmanager } = requirePrometheusBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-alertmanager-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    JSON.stringify({
      route: {
        receiver,
        group_by: ['alertname'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: receiver, webhook_configs: [{ url: opts.webhookUrl, send_resolved: true }] }],
    }),
  );
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const peer = await startPeer({
    name: 'alertmanager',
    command: alertmanager,
    args: [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      // An empty address turns clustering off: no gossip port, no waiting for peers to settle.
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    readyUrl: `http://${address}/-/ready`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return { ...peer, origin: `http://${address}`, address };
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusPeer extends HttpPeer {
  /**
   * Rewrites the rule's expression and reloads. The rule keeps its name and labels, so Prometheus
   * carries its active alerts over the reload and, when the new expression returns nothing,
   * resolves them and sends them with endsAt set to the resolution time. (Deleting the rule
   * instead drops its alerts silently: receivers only learn of it when endsAt runs out.)
   */
  setExpr(expr: string): Promise<void>;
}

/**
 * Prometheus evaluating one alerting rule every second and notifying `alertmanagers`, each an
 * Alertmanager-API v2 target with an optional `path_prefix` (Tocsin's key-in-path endpoint).
 */
export async function startPrometheus(opts: {
  rule: AlertingRule;
  alertmanagers: { address: string; pathPrefix?: string }[];
  /** `alerting.alertmanagers` exactly as given (a snippet under test), instead of built from `alertmanagers`. */
  alertmanagersConfig?: unknown[];
}): Promise<PrometheusPeer> {
  const { prometheus } = requirePrometheusBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-prometheus-'));
  const rulesFile = join(dir, 'rules.yml');
  const writeRules = (expr: string) =>
    writeFileSync(
      rulesFile,
      JSON.stringify({
        groups: [{ name: 'tocsin-test', interval: '1s', rules: [{ ...opts.rule, expr, for: '0s' }] }],
      }),
    );
  writeRules(opts.rule.expr);
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    JSON.stringify({
      global: { evaluation_interval: '1s', scrape_interval: '15s' },
      rule_files: [rulesFile],
      alerting: {
        alertmanagers:
          opts.alertmanagersConfig ??
          opts.alertmanagers.map((am) => ({
            api_version: 'v2',
            timeout: '5s',
            ...(am.pathPrefix !== undefined ? { path_prefix: am.pathPrefix } : {}),
            static_configs: [{ targets: [am.address] }],
          })),
      },
    }),
  );
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const peer = await startPeer({
    name: 'prometheus',
    command: prometheus,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      // Otherwise alerts' generatorURL names this machine's hostname instead of where it listens.
      `--web.external-url=http://${address}`,
      // For POST /-/reload, which answers only once the new rules are loaded (SIGHUP would not say).
      '--web.enable-lifecycle',
      // Firing alerts are re-sent every second (default 1m) and resolved ones go out at once.
      '--rules.alert.resend-delay=1s',
      '--log.level=debug',
    ],
    readyUrl: `http://${address}/-/ready`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return {
    ...peer,
    origin: `http://${address}`,
    address,
    setExpr: async (expr: string) => {
      writeRules(expr);
      const res = await fetch(`http://${address}/-/reload`, {
        method: 'POST',
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`prometheus reload answered ${res.status}: ${text}\n${peer.output()}`);
    },
  };
}

/**
 * Prometheus scraping one target every second, with no rules and no Alertmanager: an SLI's
 * data source (src/slos). `address` is the target's `host:port`, serving /metrics.
 */
export async function startScrapingPrometheus(opts: { target: string }): Promise<HttpPeer> {
  const { prometheus } = requirePrometheusBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [opts.target] }] }],
    }),
  );
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const peer = await startPeer({
    name: 'prometheus',
    command: prometheus,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--log.level=info',
    ],
    readyUrl: `http://${address}/-/ready`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return { ...peer, origin: `http://${address}`, address };
}
