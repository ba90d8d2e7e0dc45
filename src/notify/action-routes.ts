import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { acknowledgeIncident, resolveIncident } from '../incidents/act.ts';
import { presentIncident } from '../incidents/presenter.ts';
import { findIncident } from '../incidents/repository.ts';
import type { IncidentView } from '../incidents/schemas.ts';
import { type Actor, roleAtLeast } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError, ConflictError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { findServiceById } from '../services/repository.ts';
import { findUserById } from '../users/repository.ts';
import { type LinkAction, verifyActionToken } from './links.ts';

/**
 * The pages behind the signed links in notifications. GET only shows what the link would do,
 * because chat unfurlers and mail scanners fetch every link they see; only the POST of the
 * confirmation form (or a script) acts. People land here from a phone, so answers are HTML
 * pages, not JSON errors, unless the caller asks for JSON.
 */

interface Target {
  incident: IncidentView;
  serviceName: string;
  action: LinkAction;
  actor: Extract<Actor, { type: 'user' }>;
  expiresAt: number;
}

type Outcome =
  | { kind: 'confirm' | 'done'; target: Target }
  | { kind: 'fail'; status: number; code: string; heading: string; message: string; target?: Target };

const fail = (status: number, code: string, heading: string, message: string): Outcome => ({
  kind: 'fail',
  status,
  code,
  heading,
  message,
});

const VERB: Record<LinkAction, { imperative: string; past: string; by: string }> = {
  acknowledge: { imperative: 'Acknowledge', past: 'acknowledged', by: 'Acknowledged by' },
  resolve: { imperative: 'Resolve', past: 'resolved', by: 'Resolved by' },
};

async function load(deps: AppDeps, token: string): Promise<Target | Outcome> {
  const verified = verifyActionToken(token, deps.secret, deps.clock.now());
  if (!verified.ok) {
    return verified.reason === 'expired'
      ? fail(410, 'expired', 'This link has expired', 'Open the incident in Tocsin to act on it.')
      : fail(400, 'invalid_request', 'This link is not valid', 'Check that the whole link was copied.');
  }
  const { incidentId, userId, action, expiresAt } = verified.claims;
  const user = await findUserById(deps.db, userId);
  if (user === undefined) {
    return fail(
      403,
      'forbidden',
      'This link can no longer be used',
      'The person it was sent to no longer has an account.',
    );
  }
  if (!roleAtLeast(user.role, 'responder')) {
    return fail(
      403,
      'forbidden',
      'This link can no longer be used',
      `${user.name} has the ${user.role} role; acting on incidents needs the responder role.`,
    );
  }
  const row = await findIncident(deps.db, incidentId);
  if (row === undefined) return fail(404, 'not_found', 'Incident not found', 'It no longer exists.');
  const service = await findServiceById(deps.db, row.service_id);
  return {
    incident: presentIncident(row),
    serviceName: service?.name ?? row.service_id,
    action,
    actor: { type: 'user', userId: user.id, name: user.name, role: user.role },
    expiresAt,
  };
}

async function act(deps: AppDeps, request: FastifyRequest, target: Target): Promise<Outcome> {
  const ctx: Ctx = {
    actor: target.actor,
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    requestId: request.id,
  };
  const input = { id: target.incident.id };
  try {
    const incident = await (target.action === 'acknowledge'
      ? acknowledgeIncident({ ctx, input })
      : resolveIncident({ ctx, input }));
    return { kind: 'done', target: { ...target, incident } };
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    // Someone (or an earlier click) got there first: say where the incident stands now.
    const row = await findIncident(deps.db, target.incident.id);
    const incident = row === undefined ? target.incident : presentIncident(row);
    return {
      kind: 'fail',
      status: 409,
      code: 'conflict',
      heading: `${incident.ref} is already ${incident.status}`,
      message: `Nothing was changed; the ${target.action} link was not needed.`,
      target: { ...target, incident },
    };
  }
}

// --- answers -----------------------------------------------------------------------------------

/** Escaped unless built by `html` itself, so every interpolated value is escaped by construction. */
class Html {
  constructor(readonly text: string) {}
}
type Part = string | number | Html | Html[];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  const render = (p: Part): string =>
    p instanceof Html ? p.text : Array.isArray(p) ? p.map(render).join('') : escapeHtml(String(p));
  return new Html(strings.reduce((out, s, i) => out + render(parts[i - 1] ?? '') + s));
}

// Inline styles are allowed by the app's CSP; scripts are not, and none are needed.
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a}' +
  'main{max-width:32rem;margin:auto}dt{font-weight:600}dd{margin:0 0 .5rem}' +
  'button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:6px;background:#b42318;color:#fff}' +
  '.note{color:#555;font-size:.9rem}';

function page(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · Tocsin</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.text;
}

function details(t: Target): Html {
  const i = t.incident;
  return html`<dl>
    <dt>Incident</dt>
    <dd>${i.ref}: ${i.title}</dd>
    <dt>Service</dt>
    <dd>${t.serviceName}</dd>
    <dt>Status</dt>
    <dd>${i.status}</dd>
  </dl>`;
}

function renderHtml(o: Outcome): { status: number; body: string } {
  if (o.kind === 'fail') {
    const extra = o.target ? details(o.target) : html``;
    return {
      status: o.status,
      body: page(
        o.heading,
        html`<h1>${o.heading}</h1>
          <p>${o.message}</p>
          ${extra}`,
      ),
    };
  }
  const { incident, action, actor } = o.target;
  const verb = VERB[action];
  if (o.kind === 'done') {
    const heading = `${incident.ref} ${verb.past}`;
    return {
      status: 200,
      body: page(
        heading,
        html`<h1>${heading}</h1>
          ${details(o.target)}
          <p>${verb.by} ${actor.name}.</p>`,
      ),
    };
  }
  const heading = `${verb.imperative} ${incident.ref}?`;
  // No action attribute: the form posts back to this very URL, token included.
  const body = html`<h1>${heading}</h1>
    ${details(o.target)}
    <p>You are acting as <strong>${actor.name}</strong>.</p>
    <form method="post"><button type="submit">${verb.imperative} ${incident.ref}</button></form>
    <p class="note">This link expires at ${new Date(o.target.expiresAt).toISOString()}.</p>`;
  return { status: 200, body: page(heading, body) };
}

function renderJson(o: Outcome): { status: number; body: unknown } {
  if (o.kind === 'fail') return { status: o.status, body: { error: { code: o.code, message: o.heading } } };
  const { incident, action, actor } = o.target;
  return { status: 200, body: { incident, action, user: { id: actor.userId, name: actor.name } } };
}

/** The q-value of the most specific Accept range matching `type` (0 when none does). */
function quality(accept: string, type: string): number {
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(',')) {
    const [name = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const specificity = name === type ? 2 : name === `${type.split('/')[0]}/*` ? 1 : name === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/** Browsers list text/html first; scripts that ask for JSON get it. A tie goes to HTML. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return accept !== undefined && quality(accept, 'application/json') > quality(accept, 'text/html');
}

function send(request: FastifyRequest, reply: FastifyReply, o: Outcome): FastifyReply {
  // Each answer depends on the moment and the token; nothing may keep or index it.
  void reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').header('vary', 'accept');
  if (wantsJson(request)) {
    const { status, body } = renderJson(o);
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  }
  const { status, body } = renderHtml(o);
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}

// --- routes ------------------------------------------------------------------------------------

const Params = Type.Object({ '*': Type.String() });

export function actionRoutes(app: TypedApp): void {
  const deps = app.deps;
  void app.register((plain, _opts, done) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The body carries nothing (the token is in the path), and HTML forms post it URL-encoded, so
    // any content type is accepted and the body is dropped unparsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, parsed) => parsed(null, undefined));
    scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
      if (status >= 500) {
        request.log.error({ err: error }, 'action link failed');
        return send(request, reply, fail(500, 'internal', 'Something went wrong', 'See the server log.'));
      }
      const code = error instanceof AppError ? error.code : 'invalid_request';
      return send(request, reply, fail(status, code, error.message, 'The incident was not changed.'));
    });

    // A wildcard, not `:token`: the router refuses named parameters over 100 characters.
    const options = { config: { auth: 'public' as const }, schema: { hide: true, params: Params } };
    scope.get('/actions/*', options, async (request, reply) => {
      const loaded = await load(deps, request.params['*']);
      return send(request, reply, 'kind' in loaded ? loaded : { kind: 'confirm', target: loaded });
    });
    scope.post('/actions/*', options, async (request, reply) => {
      const loaded = await load(deps, request.params['*']);
      return send(request, reply, 'kind' in loaded ? loaded : await act(deps, request, loaded));
    });
    done();
  });
}
