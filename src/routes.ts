import { auditRoutes } from './audit/routes.ts';
import type { RoutePlugin } from './platform/http/app.ts';
import { serviceRoutes } from './services/routes.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { teamRoutes } from './teams/routes.ts';
import { tokenRoutes } from './tokens/routes.ts';
import { userRoutes } from './users/routes.ts';

/** Every domain's API routes, mounted under /api/v1. A new domain adds one line here. */
export const API_ROUTES: RoutePlugin[] = [
  sessionRoutes,
  userRoutes,
  tokenRoutes,
  teamRoutes,
  serviceRoutes,
  auditRoutes,
];
