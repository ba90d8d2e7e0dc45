import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { PageReason } from '../platform/db/tables/escalation.ts';
import type { Urgency } from '../platform/db/tables/incidents.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import { insertNotifications } from '../notify/repository.ts';
import { pendingNotification } from '../notify/rows.ts';
import { localHours } from '../platform/local-hours.ts';
import { usersToPage } from '../users/repository.ts';
import { MINUTE, type Position } from './core.ts';
import {
  contactMethodsOfUsers,
  countPages,
  insertPages,
  insertPagesCounted,
  notificationRulesOfUsers,
} from './repository.ts';

export interface PagedIncident {
  id: string;
  urgency: Urgency;
}

export interface PageOutcome {
  /** Notifications due at once (delay 0), for the caller to claim and send right away. */
  dueNow: string[];
  /** One line per user for the timeline: who, and how. */
  plan: { userId: string; name: string; methods: string[] }[];
}

interface Person {
  name: string;
  timeZone: string;
  rules: { cm: string; type: ContactMethodType; delay: number; urgency: Urgency }[];
  firstMethod: { cm: string; type: ContactMethodType } | undefined;
}

/**
 * Pages people for the steps of one engine pass. Who someone is and how they want to be
 * reached is read once per pass, not per incident, and the page and notification rows are
 * written together by `flush()`: a burst of incidents paging the same people costs a few
 * statements, not a dozen per incident.
 */
export class Pager {
  private readonly people = new Map<string, Person>();
  private readonly pages: NewRow<'pages'>[] = [];
  private readonly notifications: NewRow<'notifications'>[] = [];

  constructor(
    private readonly db: Queryable,
    private readonly now: number,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  /**
   * Pages `users` for one step of an incident: a page row per user (unique per step, so a step
   * retried after a crash cannot page twice) and a notification per notification rule of the
   * incident's urgency, each due `delay` minutes from now. Someone with contact methods but no
   * rules is notified on their first contact method at once, rather than not at all.
   */
  async page(
    incident: PagedIncident,
    users: string[],
    step: number,
    pos: Position,
    reason: PageReason,
  ): Promise<PageOutcome> {
    const outcome: PageOutcome = { dueNow: [], plan: [] };
    if (users.length === 0) return outcome;
    await this.load(users);
    const now = this.now;
    for (const userId of users) {
      const person = this.people.get(userId);
      const pageId = newId('pg', now);
      const local = localHours(now, person?.timeZone ?? 'UTC');
      this.pages.push({
        id: pageId,
        incident_id: incident.id,
        user_id: userId,
        step,
        ...pos,
        reason,
        at: now,
        day_part: local.part,
        weekend: local.weekend ? 1 : 0,
        night: local.night,
      });
      let mine = (person?.rules ?? []).filter((r) => r.urgency === incident.urgency);
      if (mine.length === 0 && person?.firstMethod) {
        mine = [{ ...person.firstMethod, delay: 0, urgency: incident.urgency }];
      }
      for (const m of mine) {
        const runAt = now + m.delay * MINUTE;
        const row = pendingNotification(
          { incidentId: incident.id, pageId, userId, contactMethodId: m.cm, channel: m.type, runAt },
          now,
        );
        this.notifications.push(row);
        if (runAt <= now) outcome.dueNow.push(row.id);
      }
      outcome.plan.push({
        userId,
        name: person?.name ?? userId,
        methods: mine.map((m) => (m.delay === 0 ? m.type : `${m.type} after ${m.delay} min`)),
      });
    }
    return outcome;
  }

  /** Writes the pages and notifications of the pass. */
  async flush(): Promise<void> {
    if (this.pages.length === 0 && this.notifications.length === 0) return;
    if (this.dialect === 'postgres') {
      // One round trip writes the pages and counts them on their incidents.
      await insertPagesCounted(this.db, this.pages);
    } else {
      await insertPages(this.db, this.pages);
      const perIncident = new Map<string, number>();
      for (const p of this.pages) perIncident.set(p.incident_id, (perIncident.get(p.incident_id) ?? 0) + 1);
      await countPages(this.db, perIncident);
    }
    await insertNotifications(this.db, this.notifications);
    this.pages.length = 0;
    this.notifications.length = 0;
  }

  private async load(users: string[]): Promise<void> {
    const missing = users.filter((u) => !this.people.has(u));
    if (missing.length === 0) return;
    const names = await usersToPage(this.db, missing);
    const rules = await notificationRulesOfUsers(this.db, missing);
    const methods = await contactMethodsOfUsers(this.db, missing);
    for (const userId of missing) {
      const first = methods.find((m) => m.user_id === userId);
      const user = names.find((n) => n.id === userId);
      this.people.set(userId, {
        name: user?.name ?? userId,
        timeZone: user?.time_zone ?? 'UTC',
        rules: rules
          .filter((r) => r.user_id === userId)
          .map((r) => ({
            cm: r.contact_method_id,
            type: r.type,
            delay: r.delay_minutes,
            urgency: r.urgency,
          })),
        firstMethod: first ? { cm: first.id, type: first.type } : undefined,
      });
    }
  }
}

export function describePlan(plan: PageOutcome['plan']): string {
  return plan
    .map((p) =>
      p.methods.length === 0 ? `${p.name} (no contact methods!)` : `${p.name} (${p.methods.join(', ')})`,
    )
    .join('; ');
}
