import type { TypedApp } from '../platform/http/app.ts';
import { readGettingStarted } from './progress.ts';
import { GettingStartedView } from './schemas.ts';

export function gettingStartedRoutes(app: TypedApp): void {
  app.get(
    '/getting-started',
    {
      // Admins set Tocsin up; the checklist is theirs (the web UI lands them on it).
      config: { auth: 'admin' },
      schema: {
        tags: ['getting-started'],
        summary:
          'The set-up checklist: which steps from a fresh install to a first acknowledged alert are done',
        response: { 200: GettingStartedView },
      },
    },
    (req) => readGettingStarted(req.ctx.db),
  );
}
