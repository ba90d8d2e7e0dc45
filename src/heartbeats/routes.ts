import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../platform/http/app.ts';
import { refuseDeepBodies } from '../ingest/body-depth.ts';
import { IntegrationLookup } from '../ingest/lookup.ts';
import { type PingKind, ping } from './ping.ts';

const tags = ['ingest'];

/** Heartbeat pings (SPEC §3): `/heartbeat/:key`, `/start` and `/fail`, by GET or POST. */
export function heartbeatRoutes(app: TypedApp): void {
  const { db, dialect, clock } = app.deps;
  const lookup = new IntegrationLookup(db, clock);
  refuseDeepBodies(app);

  const heartbeat =
    (kind: PingKind) => async (req: FastifyRequest<{ Params: { key: string } }>, reply: FastifyReply) => {
      const integration = await lookup.resolve(req.params.key, 'heartbeat');
      await ping({ db, dialect }, integration, kind, clock.now(), req.body ?? null);
      return reply.type('text/plain').send('OK');
    };
  void app.register((hb, _opts, done) => {
    // Pings come from cron jobs and scripts: `curl -d` sends form encoding, others post logs as
    // octet-stream. The body is only kept for the record, so any content type is a ping (kept as
    // text); JSON bodies are still parsed as JSON.
    hb.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, parsed) => parsed(null, body));
    for (const [suffix, kind] of [
      ['', 'success'],
      ['/start', 'start'],
      ['/fail', 'fail'],
    ] as const) {
      hb.route({
        method: ['GET', 'POST'],
        url: `/heartbeat/:key${suffix}`,
        schema: { tags, summary: `Heartbeat ping (${kind})` },
        handler: heartbeat(kind),
      });
    }
    done();
  });
}
