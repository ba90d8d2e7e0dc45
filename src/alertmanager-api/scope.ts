import type { FastifyRequest } from 'fastify';
import { IntegrationLookup, requestCredential } from '../ingest/lookup.ts';
import { systemActor } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import type { Row } from '../platform/db/tables.ts';
import { AuthenticationError } from '../platform/errors.ts';
import { actorFromToken, requestCtx } from '../platform/http/auth.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { TOKEN_PREFIX } from '../tokens/create.ts';

/**
 * Who is asking, and what they may see. An integration key (in the path, as Bearer, or as a Basic
 * password) sees its service: its alerts, the silences scoped to it and those scoped to no
 * service (they can silence its alerts too); it may change only silences of its service, and
 * acts in the audit log as the integration. An API token sees what its user sees in the rest of
 * the API (every service) and acts as its user, with its role.
 */
export interface AmScope {
  ctx: Ctx;
  /** Undefined for an API token: every service. */
  integration: Row<'integrations'> | undefined;
}

/** Keys of these integration types may read Alertmanager's API: a Prometheus or Grafana set-up. */
const READER_TYPES = ['alertmanager', 'grafana'] as const;

export class ScopeResolver {
  private readonly lookup: IntegrationLookup;

  constructor(private readonly deps: AppDeps) {
    this.lookup = new IntegrationLookup(deps.db, deps.clock);
  }

  async resolve(req: FastifyRequest, pathKey: string | undefined): Promise<AmScope> {
    const secret = pathKey ?? requestCredential(req);
    if (secret === undefined || secret === '')
      throw new AuthenticationError(
        'send "Authorization: Bearer <integration key or API token>", or use /integrations/<key>/api/v2',
      );
    if (pathKey === undefined && secret.startsWith(`${TOKEN_PREFIX}_`)) {
      try {
        const actor = await actorFromToken(this.deps, secret);
        return { ctx: requestCtx(this.deps, req, actor), integration: undefined };
      } catch (e) {
        // Config as code may set any key, `tcs_...` too: not a token, perhaps a key.
        if (!(e instanceof AuthenticationError)) throw e;
        const integration = await this.lookup.resolve(secret, [...READER_TYPES]).catch(() => undefined);
        if (integration === undefined) throw e;
        return this.asIntegration(req, integration);
      }
    }
    return this.asIntegration(req, await this.lookup.resolve(secret, [...READER_TYPES]));
  }

  private asIntegration(req: FastifyRequest, integration: Row<'integrations'>): AmScope {
    const actor = systemActor(`integration ${JSON.stringify(integration.name)} (${integration.id})`);
    return { ctx: requestCtx(this.deps, req, actor), integration };
  }
}

/** The one service a scope is limited to, or undefined for all. */
export const scopedService = (scope: AmScope): string | undefined => scope.integration?.service_id;
