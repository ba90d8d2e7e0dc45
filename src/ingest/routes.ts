import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { parseConfig } from '../integrations/presenter.ts';
import type { IntegrationType } from '../platform/db/tables/integrations.ts';
import type { Row } from '../platform/db/tables.ts';
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../platform/errors.ts';
import { TOKEN_PREFIX } from '../tokens/create.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { installAlertmanagerErrors } from '../platform/http/errors.ts';
import { newId } from '../platform/ids.ts';
import { parseApiV2, parseWebhook } from './adapters/alertmanager.ts';
import { parseGeneric } from './adapters/generic.ts';
import { parsePagerDutyChange, parsePagerDutyEvent } from './adapters/pagerduty.ts';
import { refuseDeepBodies } from './body-depth.ts';
import { GroupCommitter } from './committer.ts';
import type { EventResult, IngestEvent } from './event.ts';
import { IntegrationLookup, requestCredential } from './lookup.ts';
import { ingestMetrics } from './metrics.ts';
import { storableText } from './process.ts';
import { KeyRateLimiter } from './rate-limit.ts';
import { insertChangeEvent } from './repository.ts';

/**
 * The drop-in endpoints of SPEC §3 (heartbeat pings are heartbeats/routes.ts). Each parses its wire format into IngestEvents and hands them
 * to the group committer; the answer goes out only after the commit.
 */
const tags = ['ingest'];

export function ingestRoutes(app: TypedApp): void {
  const { db, dialect, clock } = app.deps;
  const committer = new GroupCommitter({ db, dialect, clock });
  const lookup = new IntegrationLookup(db, clock);
  const limiter = new KeyRateLimiter(clock);
  const metrics = ingestMetrics(app.deps.metrics);
  app.addHook('onClose', () => committer.flush());
  refuseDeepBodies(app);

  async function accept(
    integration: Row<'integrations'>,
    events: Omit<IngestEvent, 'serviceId' | 'integrationId'>[],
    startedAt: bigint,
  ) {
    if (!limiter.take(integration.id, integration.rate_limit_per_minute, Math.max(1, events.length))) {
      metrics.count(integration.type, 'rejected', events.length);
      throw new RateLimitedError(
        `integration ${JSON.stringify(integration.name)} is over its limit of ${integration.rate_limit_per_minute} events per minute`,
      );
    }
    const results: EventResult[] = await committer.submit(
      events.map((e) => ({ ...e, serviceId: integration.service_id, integrationId: integration.id })),
    );
    for (const r of results) metrics.count(integration.type, r.outcome);
    metrics.observe(integration.type, Number(process.hrtime.bigint() - startedAt) / 1e9);
    return results;
  }

  const rejected = (type: IntegrationType | 'unknown', n = 1) => metrics.count(type, 'rejected', n);

  // PagerDuty clients expect PagerDuty's answers, errors included, so this scope maps its own.
  void app.register((pd, _opts, done) => {
    pd.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      rejected('events-v2');
      if (error instanceof RateLimitedError) {
        return reply.status(429).header('retry-after', '60').send({
          status: 'throttle event',
          message: 'Requests for this service are arriving too quickly. Please retry later.',
        });
      }
      const status =
        error instanceof AppError ? (error.status >= 500 ? error.status : 400) : (error.statusCode ?? 500);
      if (status >= 500) {
        req.log.error({ err: error }, 'ingest failed');
        return reply.status(500).send({ status: 'error', message: 'internal error; retry' });
      }
      const message =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body is larger than 512 KB' : error.message;
      return reply
        .status(status === 413 ? 413 : 400)
        .send({ status: 'invalid event', message: 'Event object is invalid', errors: [message] });
    });

    pd.post('/v2/enqueue', { schema: { tags, summary: 'PagerDuty Events API v2' } }, async (req, reply) => {
      const t0 = process.hrtime.bigint();
      const parsed = parsePagerDutyEvent(req.body, clock.now());
      if (!parsed.ok) {
        rejected('events-v2');
        return reply
          .status(400)
          .send({ status: 'invalid event', message: 'Event object is invalid', errors: parsed.errors });
      }
      const integration = await lookupPd(parsed.routingKey);
      await accept(integration, [parsed.event], t0);
      return reply
        .status(202)
        .send({ status: 'success', message: 'Event processed', dedup_key: parsed.dedupKey });
    });

    pd.post(
      '/v2/change/enqueue',
      { schema: { tags, summary: 'PagerDuty change events' } },
      async (req, reply) => {
        const parsed = parsePagerDutyChange(req.body, clock.now());
        if (!parsed.ok) {
          rejected('events-v2');
          return reply
            .status(400)
            .send({ status: 'invalid event', message: 'Event object is invalid', errors: parsed.errors });
        }
        const integration = await lookupPd(parsed.change.routingKey);
        const c = parsed.change;
        await insertChangeEvent(db, {
          id: newId('chg', clock.now()),
          service_id: integration.service_id,
          integration_id: integration.id,
          summary: storableText(c.summary),
          source: c.source === null ? null : storableText(c.source),
          timestamp: c.timestamp,
          details: JSON.stringify(c.details),
          links: JSON.stringify(c.links),
          received_at: clock.now(),
        });
        return reply.status(202).send({ status: 'success', message: 'Change event processed' });
      },
    );
    done();
  });

  async function lookupPd(routingKey: string) {
    try {
      return await lookup.resolve(routingKey, 'events-v2');
    } catch (e) {
      if (e instanceof AppError && e.status < 500) throw new ValidationError(`routing_key: ${e.message}`);
      throw e;
    }
  }

  const alertmanagerWebhook = async (
    req: FastifyRequest<{ Params: { key: string } }>,
    source: 'alertmanager' | 'grafana',
  ) => {
    const t0 = process.hrtime.bigint();
    const parsed = parseWebhook(req.body, source, clock.now());
    if (!parsed.ok) {
      rejected(source);
      throw new ValidationError(parsed.errors.join('; '));
    }
    const integration = await lookup.resolve(req.params.key, source);
    const results = await accept(integration, parsed.events, t0);
    return { status: 'success', alerts: results.length };
  };

  app.post(
    '/integrations/alertmanager/:key',
    { schema: { tags, summary: 'Alertmanager webhook (v4)' } },
    (req: FastifyRequest<{ Params: { key: string } }>) => alertmanagerWebhook(req, 'alertmanager'),
  );
  app.post(
    '/integrations/grafana/:key',
    { schema: { tags, summary: 'Grafana alerting webhook' } },
    (req: FastifyRequest<{ Params: { key: string } }>) => alertmanagerWebhook(req, 'grafana'),
  );

  const apiV2 = async (req: FastifyRequest, reply: FastifyReply, key: string | undefined) => {
    const t0 = process.hrtime.bigint();
    const parsed = parseApiV2(req.body, clock.now());
    if (!parsed.ok) {
      rejected('alertmanager');
      throw new ValidationError(parsed.errors.join('; '));
    }
    const integration = await lookup.resolve(key, 'alertmanager').catch((e: unknown) => {
      // A key is found first: config as code may set one that looks like a token.
      if (e instanceof NotFoundError && key?.startsWith(`${TOKEN_PREFIX}_`))
        throw new ForbiddenError('an API token cannot send alerts: use the integration key of their service');
      throw e;
    });
    await accept(integration, parsed.events, t0);
    // Alertmanager answers 200 with an empty body; Prometheus only looks at the status.
    return reply.status(200).send();
  };
  // Alertmanager's clients decode its errors as a bare JSON string; the read side of its API is
  // src/alertmanager-api, which answers the same way.
  void app.register((am, _opts, done) => {
    installAlertmanagerErrors(am);
    am.post(
      '/api/v2/alerts',
      { schema: { tags, summary: 'Alertmanager API v2 (key as Bearer token)' } },
      (req, reply) => apiV2(req, reply, requestCredential(req)),
    );
    am.post(
      '/integrations/:key/api/v2/alerts',
      { schema: { tags, summary: 'Alertmanager API v2 (key in the path, for Prometheus path_prefix)' } },
      (req: FastifyRequest<{ Params: { key: string } }>, reply) => apiV2(req, reply, req.params.key),
    );
    done();
  });

  app.post(
    '/integrations/generic/:key',
    { schema: { tags, summary: 'Any JSON, mapped by the integration' } },
    async (req: FastifyRequest<{ Params: { key: string } }>, reply) => {
      const t0 = process.hrtime.bigint();
      const integration = await lookup.resolve(req.params.key, 'generic');
      const parsed = parseGeneric(req.body, parseConfig(integration).mapping, clock.now());
      if (!parsed.ok) {
        rejected('generic');
        throw new ValidationError(parsed.errors.join('; '));
      }
      const [result] = await accept(integration, [parsed.event], t0);
      return reply.status(202).send({
        status: 'success',
        outcome: result!.outcome,
        dedup_key: parsed.event.dedupKey,
        alert_id: result!.alertId,
      });
    },
  );
}
