import { stringify } from 'yaml';
import { TOCSIN_VERSION } from '../platform/version.ts';
import { parseGrouping } from '../services/grouping.ts';
import { type ReceiverService, receiverServices } from './repository.ts';
import type { AmScope } from './scope.ts';

/**
 * `GET /api/v2/status` and `/receivers`. A service is a receiver. `config.original` is a valid
 * Alertmanager configuration (so `amtool config routes` can read it) that says how Tocsin routes
 * in Alertmanager's terms, and in comments what does not map: Tocsin routes by integration key,
 * not by label matchers, and escalation policies, not Alertmanager's timers, decide who is paged
 * and when.
 */

/** The API level answered: amtool warns when its own major.minor differs. */
export const API_VERSION = '0.25.0';

/** The root receiver of a token's view: no label selects a service, the key an alert is sent with does. */
export const BY_KEY_RECEIVER = 'tocsin';

function groupBy(s: ReceiverService): string[] {
  const rules = parseGrouping(s.alert_grouping);
  return rules.mode === 'labels' ? rules.labels : ['...'];
}

function describe(s: ReceiverService): string {
  return s.policy_name === null
    ? `service ${JSON.stringify(s.name)}, which has no escalation policy yet`
    : `service ${JSON.stringify(s.name)}, which pages through escalation policy ${JSON.stringify(s.policy_name)}`;
}

export function configOriginal(
  scope: AmScope,
  services: readonly ReceiverService[],
  publicUrl: string,
): string {
  const header = [
    `Tocsin (${publicUrl}) answering Alertmanager's API. This is its routing in Alertmanager's terms.`,
    'Tocsin routes an alert by the integration key it is sent with, not by label matchers: a service is',
    'a receiver, its escalation policy decides who is paged and when (no group_wait, group_interval or',
    'repeat_interval), and its grouping rules (group_by here) fold alerts into incidents.',
  ];
  let config: Record<string, unknown>;
  if (scope.integration !== undefined && services.length === 1) {
    const s = services[0]!;
    header.push(
      `Alerts sent with the key of integration ${JSON.stringify(scope.integration.name)} reach ${describe(s)}.`,
    );
    config = { route: { receiver: s.name, group_by: groupBy(s) }, receivers: [{ name: s.name }] };
  } else {
    header.push(
      `The root receiver "${BY_KEY_RECEIVER}" stands for that routing by key. The services:`,
      ...services.map((s) => `- ${describe(s)}, group_by ${JSON.stringify(groupBy(s))}`),
    );
    const names = [BY_KEY_RECEIVER, ...services.map((s) => s.name).filter((n) => n !== BY_KEY_RECEIVER)];
    config = {
      route: { receiver: BY_KEY_RECEIVER, group_by: ['...'] },
      receivers: names.map((name) => ({ name })),
    };
  }
  return `${header.map((l) => `# ${l}`.trimEnd()).join('\n')}\n${stringify(config)}`;
}

export async function statusOf(scope: AmScope, startedAt: number, publicUrl: string) {
  const services = await receiverServices(scope.ctx.db, scope.integration?.service_id);
  return {
    cluster: { name: 'tocsin', status: 'ready', peers: [] },
    versionInfo: {
      version: API_VERSION,
      revision: `tocsin ${TOCSIN_VERSION}`,
      branch: 'tocsin',
      buildUser: 'tocsin',
      buildDate: '',
      goVersion: `node ${process.version}`,
    },
    config: { original: configOriginal(scope, services, publicUrl) },
    uptime: new Date(startedAt).toISOString(),
  };
}

export async function receiversOf(scope: AmScope): Promise<{ name: string }[]> {
  const services = await receiverServices(scope.ctx.db, scope.integration?.service_id);
  const names = services.map((s) => s.name);
  if (scope.integration === undefined && !names.includes(BY_KEY_RECEIVER)) names.unshift(BY_KEY_RECEIVER);
  return names.map((name) => ({ name }));
}
