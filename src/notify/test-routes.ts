import type { TypedApp } from '../platform/http/app.ts';
import { ContactMethodParams } from '../users/schemas.ts';
import { sendTestNotification } from './test-notification.ts';
import { TestNotification } from './test-schemas.ts';

/** "Send me a test notification": one message now, through the channel's real code. */
export function testNotificationRoutes(app: TypedApp): void {
  const { keys, config } = app.deps;
  app.post(
    '/users/:id/contact-methods/:contactMethodId/test',
    {
      // A viewer may test their own contact methods: it changes nothing but proves they are reachable.
      config: { auth: 'viewer' },
      schema: {
        tags: ['users'],
        summary:
          'Send a test notification to a contact method now (yours, or anyone’s as admin); answers how the delivery went',
        params: ContactMethodParams,
        response: { 200: TestNotification },
      },
    },
    (req) =>
      sendTestNotification({
        ctx: req.ctx,
        input: { userId: req.params.id, id: req.params.contactMethodId },
        keys,
        notify: config.notify,
        publicUrl: config.publicUrl,
      }),
  );
}
