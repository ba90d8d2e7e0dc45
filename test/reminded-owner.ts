import { buildNotificationRule, buildUser, uniqueName } from './factories.ts';
import type { HttpReceiver } from './receivers.ts';
import type { App } from '../src/platform/http/app.ts';

/** What a webhook contact method receives for an informational message (src/notify/channels/webhook.ts). */
export type ReminderHook = { event: string; text: string; incidents: { ref: string }[] };

/**
 * A person in `timeZone` reached by webhook at `/<name>-low` (name without spaces) (their low-urgency rule) or
 * `/<name>-high` (high urgency), and what each of the two has received so far: the reminders of
 * overdue action items and postmortems must take only the low-urgency way.
 */
export async function remindedOwner(
  app: App,
  hooks: HttpReceiver,
  timeZone = 'Europe/Berlin',
  label = 'owner',
) {
  const name = uniqueName(label);
  const path = name.replace(/\W/g, '');
  const user = await buildUser(app, {
    name,
    time_zone: timeZone,
    contact_methods: [
      { type: 'webhook', address: `${hooks.url}/${path}-high` },
      { type: 'webhook', address: `${hooks.url}/${path}-low` },
    ],
  });
  const [high, low] = user.contact_methods as { id: string }[];
  await buildNotificationRule(app, user.id, high!.id, { urgency: 'high' });
  await buildNotificationRule(app, user.id, low!.id, { urgency: 'low' });
  const received = (which: 'low' | 'high') =>
    hooks.requests.filter((r) => r.path === `/${path}-${which}`).map((r) => r.json as ReminderHook);
  return { user, received };
}
