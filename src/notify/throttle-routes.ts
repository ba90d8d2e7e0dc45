import type { TypedApp } from '../platform/http/app.ts';
import { ThrottleView } from './throttle-schemas.ts';
import { notificationThrottle } from './throttle-view.ts';

/** The paging throttle as configured and who it holds back now (the settings page's view). */
export function notificationThrottleRoutes(app: TypedApp): void {
  const { config } = app.deps;
  app.get(
    '/notification-throttle',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['notifications'],
        summary: 'The paging throttle per contact-method type and the people it holds back now',
        response: { 200: ThrottleView },
      },
    },
    (req) => notificationThrottle({ ctx: req.ctx, throttle: config.notify.throttle }),
  );
}
