import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Html } from './action-pages.ts';
import { html, page } from './action-pages.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Row } from '../platform/db/tables.ts';
import { AuthenticationError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { sessionActor } from '../platform/http/auth.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { findServiceById } from '../services/repository.ts';
import { setSessionCookie, throttledLogin } from '../sessions/routes.ts';
import { presentIncidentLoaded, presentTimelineEntries } from './presenter.ts';
import { findIncident, timelinePage } from './repository.ts';
import type { IncidentView, TimelineEntryView } from './schemas.ts';

/**
 * The incident's page for people, `/incidents/INC-42`, where every page and action-link page
 * points (page-url.ts). The React UI will serve this path; until it does, this server-rendered
 * page shows the incident to a signed-in person (the `tocsin_session` cookie) and a sign-in form
 * to anyone else. Without a session nothing about the incident is shown, not even whether it
 * exists.
 */

const LATEST_ENTRIES = 15;
/** Where the sign-in form may send people back to: an incident page on this server, nothing else. */
const NEXT_PATH = /^\/incidents\/[A-Za-z0-9_-]{1,64}$/;

const RefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 64 }) });
const LoginForm = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
  next: Type.Optional(Type.String({ maxLength: 200 })),
});

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  // Incident details behind a session: never kept by caches or indexed.
  void reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}

function signInPage(next: string, problem?: string): string {
  return page(
    'Sign in',
    html`<h1>Sign in to Tocsin</h1>
      ${problem === undefined ? html`` : html`<p role="alert"><strong>${problem}</strong></p>`}
      <form method="post" action="/login">
        <input type="hidden" name="next" value="${next}" />
        <p>
          <label>Email<br /><input name="email" type="email" autocomplete="username" required /></label>
        </p>
        <p>
          <label
            >Password<br /><input name="password" type="password" autocomplete="current-password" required
          /></label>
        </p>
        <button type="submit">Sign in</button>
      </form>
      <p class="note">
        No password yet? An admin sets one with <code>PATCH /api/v1/users/:id</code> (<code>password</code>).
      </p>`,
  );
}

const when = (at: string | null) => (at === null ? '-' : at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));

function timeRow(label: string, at: string | null, by: { name: string } | null): Html {
  if (at === null) return html``;
  return html`<dt>${label}</dt>
    <dd>${when(at)}${by === null ? '' : ` by ${by.name}`}</dd>`;
}

function incidentPage(
  i: IncidentView,
  serviceName: string,
  entries: TimelineEntryView[],
  actor: Actor,
): string {
  const title = `${i.ref}: ${i.title}`;
  return page(
    title,
    html`<h1>${title}</h1>
      <dl>
        <dt>Status</dt>
        <dd>${i.status}</dd>
        <dt>Severity</dt>
        <dd>${i.severity} (${i.urgency} urgency)</dd>
        <dt>Service</dt>
        <dd>${serviceName}</dd>
        ${timeRow('Triggered', i.created_at, i.declared_by)}
        ${timeRow('Acknowledged', i.acknowledged_at, i.acknowledged_by)}
        ${timeRow('Mitigated', i.mitigated_at, i.mitigated_by)}
        ${timeRow('Resolved', i.resolved_at, i.resolved_by)} ${timeRow('Closed', i.closed_at, i.closed_by)}
      </dl>
      ${i.description === '' ? html`` : html`<p>${i.description}</p>`}
      <h2 id="timeline">Latest on the timeline</h2>
      <ol>
        ${entries.map((e) => html`<li>${when(e.at)} · ${e.message} <span class="note">(${e.actor.name})</span></li>`)}
      </ol>
      <p id="updates" class="note">
        Signed in as ${actor.name}. Act on it with <code>tocsin incident ack|resolve|update ${i.ref}</code> or
        the API (<code>/api/v1/incidents/${i.ref}</code>).
      </p>`,
  );
}

function notFoundPage(ref: string): string {
  return page(
    'Incident not found',
    html`<h1>Incident not found</h1>
      <p>There is no incident ${ref}.</p>`,
  );
}

async function renderIncident(deps: AppDeps, row: Row<'incidents'>, actor: Actor): Promise<string> {
  const incident = await presentIncidentLoaded(deps.db, row);
  const service = await findServiceById(deps.db, row.service_id);
  const latest = await timelinePage(deps.db, row.id, { limit: LATEST_ENTRIES, order: 'desc' });
  const entries = (await presentTimelineEntries(deps.db, latest.data)).reverse();
  return incidentPage(incident, service?.name ?? row.service_id, entries, actor);
}

export function incidentPageRoutes(app: TypedApp): void {
  const deps = app.deps;
  void app.register((plain, _opts, done) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The sign-in form posts URL-encoded, as every HTML form does.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, parsed) => parsed(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.get(
      '/incidents/:ref',
      { config: { auth: 'public' }, schema: { hide: true, params: RefParams } },
      async (req: FastifyRequest<{ Params: { ref: string } }>, reply) => {
        const path = `/incidents/${encodeURIComponent(req.params.ref)}`;
        const actor = await sessionActor(deps, req);
        if (actor === undefined) return send(reply, 401, signInPage(NEXT_PATH.test(path) ? path : ''));
        const row = await findIncident(deps.db, req.params.ref);
        if (row === undefined) return send(reply, 404, notFoundPage(req.params.ref));
        return send(reply, 200, await renderIncident(deps, row, actor));
      },
    );

    scope.post(
      '/login',
      {
        // The same throttle as the API's login (throttledLogin): it is the same password check.
        config: { auth: 'public' },
        schema: { hide: true, body: LoginForm },
      },
      async (req, reply) => {
        const next = req.body.next !== undefined && NEXT_PATH.test(req.body.next) ? req.body.next : '';
        try {
          const { sessionSecret, expiresAt } = await throttledLogin(deps, req, reply, {
            email: req.body.email,
            password: req.body.password,
          });
          setSessionCookie(deps, req, reply, sessionSecret, expiresAt);
        } catch (e) {
          if (!(e instanceof AuthenticationError)) throw e;
          return send(reply, 401, signInPage(next, 'Invalid email or password.'));
        }
        if (next === '') return send(reply, 200, page('Signed in', html`<h1>Signed in</h1>`));
        return reply.status(303).header('location', next).send();
      },
    );
    done();
  });
}
