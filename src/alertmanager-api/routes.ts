import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../platform/http/app.ts';
import { ValidationError } from '../platform/errors.ts';
import { installAlertmanagerErrors } from '../platform/http/errors.ts';
import { findUnstorable } from '../platform/text.ts';
import { listAlertGroups, listAlerts } from './alerts.ts';
import { parseAlertQuery } from './query.ts';
import { ScopeResolver } from './scope.ts';
import { expireSilence, getSilence, listSilences, postSilence } from './silences.ts';
import { receiversOf, statusOf } from './status.ts';

/**
 * Alertmanager's API v2, read side and silences, for amtool, Grafana's Alertmanager data source
 * and dashboards like Karma: under /api/v2 (an integration key or API token as Bearer, or as
 * a Basic password) and /integrations/<key>/api/v2 (the key in the path, as Prometheus's
 * path_prefix and amtool's --alertmanager.url take it). Sending alerts (POST /alerts) is
 * ingest's. Answers and errors are in Alertmanager's shapes (api/v2/openapi.yaml, 0.25).
 */
const tags = ['alertmanager'];

type Req = FastifyRequest<{
  Params: { key?: string; silenceID?: string };
  Querystring: Record<string, unknown>;
}>;

export function alertmanagerApiRoutes(app: TypedApp): void {
  const scopes = new ScopeResolver(app.deps);
  const startedAt = app.deps.clock.now();
  const publicUrl = app.deps.config.publicUrl;
  const scopeOf = (req: Req) => scopes.resolve(req, req.params.key);

  const routes = (am: TypedApp, prefix: string) => {
    installAlertmanagerErrors(am);
    // As on /api/v1: text PostgreSQL cannot store (a NUL) is a 400 naming where, not a 500. A key
    // is only hashed, so a NUL key is just an unknown one.
    am.addHook('preValidation', (req: Req, _reply, done) => {
      const { key: _key, ...params } = req.params;
      for (const [name, value] of [
        ['params', params],
        ['querystring', req.query],
        ['body', req.body],
      ] as const) {
        const bad = findUnstorable(name, value);
        if (bad !== undefined) return done(new ValidationError(`${bad.path} ${bad.reason}`));
      }
      done();
    });
    const doc = (summary: string) => ({ schema: { tags, summary: `${summary} (${prefix})` } });
    am.get('/status', doc('Alertmanager status'), async (req: Req) =>
      statusOf(await scopeOf(req), startedAt, publicUrl),
    );
    am.get('/receivers', doc('Alertmanager receivers: the services'), async (req: Req) =>
      receiversOf(await scopeOf(req)),
    );
    am.get('/alerts', doc('Open alerts as Alertmanager lists them'), async (req: Req) => {
      const query = parseAlertQuery(req.query);
      return listAlerts(await scopeOf(req), query);
    });
    am.get('/alerts/groups', doc('Open alerts grouped by the services’ grouping rules'), async (req: Req) => {
      const query = parseAlertQuery(req.query);
      return listAlertGroups(await scopeOf(req), query);
    });
    am.get('/silences', doc('Silences as Alertmanager lists them'), async (req: Req) =>
      listSilences(await scopeOf(req), req.query),
    );
    am.post('/silences', doc('Create or update a silence'), async (req: Req) =>
      postSilence(await scopeOf(req), req.body),
    );
    am.get('/silence/:silenceID', doc('Get a silence'), async (req: Req) =>
      getSilence(await scopeOf(req), req.params.silenceID!),
    );
    am.delete('/silence/:silenceID', doc('Expire a silence'), async (req: Req, reply: FastifyReply) => {
      await expireSilence(await scopeOf(req), req.params.silenceID!);
      return reply.status(200).send();
    });
  };

  // Anything else under these prefixes is Alertmanager's API too, for a client: a 404 it can decode.
  const unknown = (am: TypedApp) =>
    am.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
      url: '/*',
      schema: { hide: true },
      handler: (req, reply) =>
        reply
          .status(404)
          .type('application/json')
          .send(
            JSON.stringify(
              `no route ${req.method} ${req.url.split('?')[0]!.replace(/^\/integrations\/[^/]+/, '/integrations/<key>')}`,
            ),
          ),
    });

  for (const prefix of ['/api/v2', '/integrations/:key/api/v2']) {
    void app.register(
      (am, _opts, done) => {
        routes(am, prefix);
        unknown(am);
        done();
      },
      { prefix },
    );
  }
}
