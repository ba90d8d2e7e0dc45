import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { acknowledgeIncident, lockIncident, resolveIncident } from './act.ts';
import { presentIncidentLoaded } from './presenter.ts';
import { incidentPageUrl } from '../platform/http/page-urls.ts';
import { findIncident } from './repository.ts';
import { roleAtLeast } from '../platform/auth/actor.ts';
import { hashSecret } from '../platform/auth/secrets.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError, ConflictError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { findServiceById } from '../services/repository.ts';
import { findUserById } from '../users/repository.ts';
import { type Outcome, type Target, VERB, fail, renderHtml, renderJson } from './action-pages.ts';
import { INCIDENT_ACTIONS, type IncidentAction, verifyActionToken } from '../notify/links.ts';
import { isLinkUsed, pruneUsedLinks, useLink, wasPaged } from '../notify/links-repository.ts';

/**
 * The pages behind the signed links in notifications. GET only shows what the link would do,
 * because chat unfurlers and mail scanners fetch every link they see; only the POST of the
 * confirmation form (or a script) acts. People land here from a phone, so answers are HTML
 * pages, not JSON errors, unless the caller asks for JSON.
 *
 * A respond link (SMS) allows either action: its page offers both, and the POST says which with
 * `?do=acknowledge` or `?do=resolve`. A single-action link ignores `do`.
 *
 * A link acts only for someone paged for that incident, and once (SPEC §2 "Keys"): a link that
 * has acted answers "already used", even after the incident is reopened and paged again (that
 * page carries new links). The signature is not trusted for either: a leaked link key alone
 * cannot act for people never paged, nor act twice.
 */

const invalid = () =>
  fail(400, 'invalid_request', 'This link is not valid', 'Check that the whole link was copied.');

interface Loaded extends Target {
  /** The SHA-256 of the token: what records it as used. */
  tokenHash: string;
}

function alreadyUsed(target: Target): Outcome {
  const { ref, status } = target.incident;
  return {
    kind: 'fail',
    status: 409,
    code: 'link_used',
    heading: 'This link was already used',
    message: `Nothing was changed; a link acts once. ${ref} is ${status} now: open it in Tocsin to act on it again.`,
    target,
  };
}

async function load(deps: AppDeps, token: string): Promise<Loaded | Outcome> {
  const verified = verifyActionToken(token, deps.keys.actionLinks, deps.clock.now());
  if (!verified.ok) {
    if (verified.reason !== 'expired') return invalid();
    if (verified.claims === undefined) {
      // A link from before per-purpose keys: signed with a key others could compute, so not read.
      return fail(410, 'expired', 'This link has expired', 'Open the incident in Tocsin to act on it.');
    }
    const expired = await findIncident(deps.db, verified.claims.incidentId);
    const ref = expired === undefined ? undefined : `INC-${expired.number}`;
    return fail(
      410,
      'expired',
      'This link has expired',
      ref === undefined ? 'The incident no longer exists.' : `Open ${ref} in Tocsin to see where it stands.`,
      ref === undefined ? undefined : { ref, url: incidentPageUrl(deps.config.publicUrl, ref) },
    );
  }
  const { incidentId, userId, action: link, expiresAt } = verified.claims;
  const user = await findUserById(deps.db, userId);
  if (user === undefined) {
    return fail(
      403,
      'forbidden',
      'This link can no longer be used',
      'The person it was sent to no longer has an account.',
    );
  }
  // A link is a credential like a session: it stops with the account (src/users/deactivate.ts).
  if (user.deactivated_at !== null) {
    return fail(
      403,
      'forbidden',
      'This link can no longer be used',
      `${user.name}'s account is deactivated.`,
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
  // The same answer as a bad signature: nothing tells a forger which part was wrong.
  if (!(await wasPaged(deps.db, incidentId, userId))) return invalid();
  const service = await findServiceById(deps.db, row.service_id);
  const target: Loaded = {
    incident: await presentIncidentLoaded(deps.db, row),
    pageUrl: incidentPageUrl(deps.config.publicUrl, `INC-${row.number}`),
    serviceName: service?.name ?? row.service_id,
    link,
    actor: { type: 'user', userId: user.id, name: user.name, role: user.role },
    expiresAt,
    tokenHash: hashSecret(token),
  };
  return (await isLinkUsed(deps.db, target.tokenHash)) ? alreadyUsed(target) : target;
}

/** Thrown inside the action's transaction to roll it back when the link turned out to be used. */
class LinkUsed extends Error {}

/**
 * The action a POST asks for: the token's own, or for a respond token the `do` query parameter.
 * Only the query is read (the body is dropped unparsed), and anything but one of the two names,
 * including a repeated `do`, is refused rather than guessed.
 */
function chosenAction(request: FastifyRequest, target: Target): IncidentAction | Outcome {
  if (target.link !== 'respond') return target.link;
  const given = (request.query as Record<string, unknown>).do;
  const action = INCIDENT_ACTIONS.find((a) => a === given);
  if (action !== undefined) return action;
  return {
    kind: 'fail',
    status: 400,
    code: 'invalid_request',
    heading: `query.do must be one of: ${INCIDENT_ACTIONS.join(', ')}`,
    message: 'Nothing was changed. Open the link again and press Acknowledge or Resolve.',
    target,
  };
}

/**
 * Records the link as used and acts, in one transaction: the action and the record commit
 * together or not at all, so a refused action (a conflict) leaves the link unused, and of two
 * concurrent clicks only the one whose record goes in acts.
 *
 * The incident is locked before the record goes in: the record's foreign key takes a share lock
 * on the incident row, and the action's own lock would then wait for that of a concurrent click
 * on ANOTHER link for the same incident, which waits for ours (a deadlock on PostgreSQL).
 */
async function act(deps: AppDeps, request: FastifyRequest, loaded: Loaded): Promise<Outcome> {
  const { tokenHash, ...target } = loaded;
  const action = chosenAction(request, target);
  if (typeof action !== 'string') return action;
  const input = { id: target.incident.id };
  try {
    const incident = await deps.db.transaction().execute(async (trx) => {
      const ctx: Ctx = {
        actor: target.actor,
        db: trx,
        dialect: deps.dialect,
        clock: deps.clock,
        outbound: deps.config.outbound,
        requestId: request.id,
      };
      const now = deps.clock.now();
      await lockIncident(ctx, target.incident.id);
      const used = {
        token_hash: tokenHash,
        incident_id: target.incident.id,
        user_id: target.actor.userId,
        action,
        used_at: now,
        expires_at: target.expiresAt,
      };
      if (!(await useLink(trx, used))) throw new LinkUsed();
      return action === 'acknowledge' ? acknowledgeIncident({ ctx, input }) : resolveIncident({ ctx, input });
    });
    // Housekeeping after the commit: a failure here (two prunes racing) must not turn a done
    // action into an error page; the next action prunes again.
    await pruneUsedLinks(deps.db, deps.clock.now()).catch((err: unknown) =>
      request.log.warn({ err }, 'pruning used action links failed'),
    );
    return { kind: 'done', target: { ...target, incident }, action };
  } catch (e) {
    if (e instanceof LinkUsed) {
      const row = await findIncident(deps.db, target.incident.id);
      return alreadyUsed({
        ...target,
        incident: row === undefined ? target.incident : await presentIncidentLoaded(deps.db, row),
      });
    }
    if (!(e instanceof ConflictError)) throw e;
    // Someone (or an earlier click) got there first: say where the incident stands now.
    const row = await findIncident(deps.db, target.incident.id);
    const incident = row === undefined ? target.incident : await presentIncidentLoaded(deps.db, row);
    const needless =
      target.link === 'respond'
        ? `it did not need to be ${VERB[action].past}`
        : `the ${action} link was not needed`;
    return {
      kind: 'fail',
      status: 409,
      code: 'conflict',
      heading: `${incident.ref} is already ${incident.status}`,
      message: `Nothing was changed; ${needless}.`,
      target: { ...target, incident },
    };
  }
}

// --- answers -----------------------------------------------------------------------------------

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

    // A wildcard, not `:token`: the router refuses named parameters over 100 characters. No query
    // schema: links must keep working whatever a mail or chat client appends to them (tracking
    // parameters), so only `do`, and only for a respond link, is read, by chosenAction.
    const options = { config: { auth: 'public' as const }, schema: { hide: true, params: Params } };
    scope.get('/actions/*', options, async (request, reply) => {
      const loaded = await load(deps, request.params['*']);
      if ('kind' in loaded) return send(request, reply, loaded);
      const { tokenHash: _hash, ...target } = loaded;
      return send(request, reply, { kind: 'confirm', target });
    });
    scope.post('/actions/*', options, async (request, reply) => {
      const loaded = await load(deps, request.params['*']);
      return send(request, reply, 'kind' in loaded ? loaded : await act(deps, request, loaded));
    });
    done();
  });
}
