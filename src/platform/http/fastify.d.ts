import type { Ctx } from '../context.ts';
import type { AuthLevel } from './auth.ts';
import type { RegisteredRoute } from './app.ts';
import type { AppDeps } from './deps.ts';

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    registeredRoutes: readonly RegisteredRoute[];
  }
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    ctx: Ctx;
  }
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
}
