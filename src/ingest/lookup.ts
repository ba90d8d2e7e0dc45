import type { FastifyRequest } from 'fastify';
import { hashSecret } from '../platform/auth/secrets.ts';
import type { Clock } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { IntegrationType } from '../platform/db/tables/integrations.ts';
import type { Row } from '../platform/db/tables.ts';
import { AuthenticationError, ForbiddenError, NotFoundError } from '../platform/errors.ts';
import { findIntegrationByKeyHash } from '../integrations/repository.ts';

/**
 * Key -> integration, cached briefly per process: the same few keys send most traffic, and a
 * database read per request would be most of the ingest cost. A disabled or rotated key stops
 * working within CACHE_MS on every node.
 */
const CACHE_MS = 2000;

export class IntegrationLookup {
  private cache = new Map<string, { row: Row<'integrations'> | undefined; until: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
  ) {}

  async resolve(
    key: string | undefined,
    expected: IntegrationType | IntegrationType[],
  ): Promise<Row<'integrations'>> {
    if (key === undefined || key === '') throw new AuthenticationError('integration key missing');
    const hash = hashSecret(key);
    const now = this.clock.now();
    let hit = this.cache.get(hash);
    if (hit === undefined || hit.until <= now) {
      hit = { row: await findIntegrationByKeyHash(this.db, hash), until: now + CACHE_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, hit);
    }
    const row = hit.row;
    if (row === undefined) throw new NotFoundError('no integration has this key');
    const types = Array.isArray(expected) ? expected : [expected];
    if (!types.includes(row.type)) {
      throw new ForbiddenError(`this key belongs to a ${row.type} integration, not ${types.join(' or ')}`);
    }
    if (row.disabled_at !== null)
      throw new ForbiddenError(`integration ${JSON.stringify(row.name)} is disabled`);
    return row;
  }
}

/**
 * The secret a request to Alertmanager's API carries: `Authorization: Bearer <secret>` (amtool's
 * --http.config.file, Prometheus's `authorization`) or the password of Basic auth (a URL's
 * `user:secret@`, Grafana's data source), whatever the user name.
 */
export function requestCredential(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1) || undefined;
}
