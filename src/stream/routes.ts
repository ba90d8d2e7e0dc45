import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../platform/auth/actor.ts';
import { reauthenticate } from '../platform/http/auth.ts';
import type { TypedApp } from '../platform/http/app.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { AuthenticationError, ValidationError } from '../platform/errors.ts';
import { idTime } from '../platform/ids.ts';
import { type Position, StreamConnection, formatPosition, parsePosition } from './connection.ts';
import { type StreamEvent, onCallEvents, timelineEvents } from './events.ts';
import { createHub } from './hub.ts';
import { onCallChangesAfter, timelineAfter } from './repository.ts';

/** Comments this often keep proxies and browsers from closing an idle stream; the session is checked as often. */
export const KEEP_ALIVE_MS = 15_000;
/** A resume further behind than this many changes gets `reset` (read everything again) instead. */
const MAX_REPLAY = 1000;
const RETRY_MS = 2000;

const StreamQuery = Type.Object(
  {
    last_event_id: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'The same as the Last-Event-ID header, for clients that cannot set it',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Who may see what on the stream: the same as reading the API. Reading stays open to every role
 * (src/teams/access.ts, SPEC §2 "Visibility": scoping limits acting, not reading), so every
 * signed-in user sees every incident, timeline entry and schedule change that
 * `GET /api/v1/incidents/:id/timeline` or `/schedules` would show them. The one place to narrow
 * it when reading is scoped.
 */
function mayRead(actor: Actor): (e: StreamEvent) => boolean {
  void actor;
  return () => true;
}

function startPosition(
  req: FastifyRequest<{ Querystring: { last_event_id?: string } }>,
): Position | undefined {
  const header = req.headers['last-event-id'];
  const text = (typeof header === 'string' && header !== '' ? header : undefined) ?? req.query.last_event_id;
  if (text === undefined || text === '') return undefined;
  const p = parsePosition(text);
  if (p === undefined) {
    throw new ValidationError(
      'headers.last-event-id must be the id of an event this stream sent (<timeline id>~<sequence>)',
    );
  }
  return p;
}

/** What a resuming browser missed: read from the database after its position, as events. */
async function missed(deps: AppDeps, from: Position): Promise<StreamEvent[] | 'too-far'> {
  const after = from.timelineId ?? '';
  const recordedAfter = from.timelineId === undefined ? 0 : (idTime(from.timelineId) ?? 0);
  const rows = await timelineAfter(deps.db, after, recordedAfter, MAX_REPLAY + 1);
  const changes = await onCallChangesAfter(deps.db, from.seq, MAX_REPLAY + 1);
  if (rows.length > MAX_REPLAY || changes.length > MAX_REPLAY) return 'too-far';
  return [...(await timelineEvents(deps.db, rows)), ...onCallEvents(changes)];
}

export function streamRoutes(app: TypedApp): void {
  const deps = app.deps;
  const hub = createHub(deps.db, deps.listen, () => deps.clock.now(), app.log);
  const open = new Set<StreamConnection>();
  // Before the server stops accepting: open streams never finish by themselves.
  app.addHook('preClose', async () => {
    for (const c of [...open]) c.end();
    await hub.close();
  });

  app.get(
    '/stream',
    {
      schema: {
        tags: ['stream'],
        summary:
          'Live changes as Server-Sent Events: `incident` (the incident as it is now), `timeline` ({incident_id, entry}), `oncall` ({action, target_type, target_id}); resume with Last-Event-ID',
        querystring: StreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const resume = startPosition(req);
      const actor = req.ctx.actor;
      let unsubscribe = () => undefined as void;
      const conn = new StreamConnection(
        reply.raw,
        resume ?? { timelineId: undefined, seq: 0 },
        mayRead(actor),
        () => {
          clearInterval(timer);
          unsubscribe();
          open.delete(conn);
        },
      );
      open.add(conn);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      reply.raw.write(`retry: ${RETRY_MS}\n\n`);
      const timer = setInterval(() => {
        conn.comment('keep-alive');
        // A stream outlives its request's authentication: a session logged out or expired, or a
        // token revoked, ends it.
        reauthenticate(deps, req).then(
          () => undefined,
          (e: unknown) => {
            if (e instanceof AuthenticationError) conn.sendControl('end', { reason: e.message });
            else req.log.warn({ err: e }, 'live stream: re-checking the credential failed');
            if (e instanceof AuthenticationError) conn.end();
          },
        );
      }, KEEP_ALIVE_MS);
      timer.unref();
      try {
        // Subscribed first, then the database read: whatever commits in between is in one or the
        // other, and the connection drops what both have.
        unsubscribe = await hub.subscribe(conn);
        if (conn.isClosed) return unsubscribe();
        if (resume === undefined) {
          Object.assign(conn.position, hub.position());
        } else {
          const events = await missed(deps, resume);
          if (events === 'too-far') {
            Object.assign(conn.position, hub.position());
            conn.sendControl('reset', {
              reason: 'too much changed since Last-Event-ID: read the current state again',
            });
          } else {
            conn.send(events);
          }
        }
        conn.live();
        conn.sendControl('ready', { position: formatPosition(conn.position) });
      } catch (e) {
        req.log.warn({ err: e }, 'live stream: could not start');
        conn.end();
        return;
      }
    },
  );
}
