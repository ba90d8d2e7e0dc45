import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.ts';

/**
 * Cross-site request forgery: a browser attaches the session cookie to any request to us, also
 * one a foreign page makes it send. The cookie is `SameSite=Lax` (src/sessions/routes.ts), which
 * keeps it off cross-site POSTs in current browsers, but not off requests from a sibling origin
 * on the same site (another subdomain, another port) or from browsers without SameSite. So a
 * mutation authenticated by the cookie must also say it comes from our own pages: its `Origin`
 * (sent by browsers on every cross-origin and every non-GET fetch) or, without one, its
 * `Referer`. Neither present: refused, since a browser never omits both on such a request and
 * API clients use bearer tokens, which a foreign page cannot attach.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Our origins: the configured public URL (what people reach through a proxy) and the origin the
 * request itself was addressed to (Host, with the protocol Fastify derives, trusting
 * X-Forwarded-* only from TOCSIN_TRUSTED_PROXIES). A foreign page cannot choose the Host its
 * victim's browser sends to us, so an Origin equal to it is same-origin.
 */
function ownOrigins(request: FastifyRequest, publicUrl: string): Set<string> {
  const own = new Set<string>();
  const configured = originOf(publicUrl);
  if (configured !== undefined) own.add(configured);
  const addressed = originOf(`${request.protocol}://${request.host}`);
  if (addressed !== undefined) own.add(addressed);
  return own;
}

/** Throws ForbiddenError unless the request's Origin (or Referer) is one of ours. */
export function requireSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const header = (name: string) => {
    const v = request.headers[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const origin = header('origin');
  const referer = origin === undefined ? header('referer') : undefined;
  const claimed = origin ?? referer;
  if (claimed === undefined) {
    throw new ForbiddenError(
      'cross-site request refused: a change made with the session cookie must carry an Origin or Referer header of this server (API clients: use "Authorization: Bearer <api token>")',
    );
  }
  const from = originOf(claimed);
  if (from === undefined || !ownOrigins(request, publicUrl).has(from)) {
    throw new ForbiddenError(
      `cross-site request refused: ${origin !== undefined ? 'Origin' : 'Referer'} ${from ?? JSON.stringify(claimed)} is not this server (${originOf(publicUrl) ?? publicUrl}); changes made with the session cookie must come from Tocsin's own pages`,
    );
  }
}
