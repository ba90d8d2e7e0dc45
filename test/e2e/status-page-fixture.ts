import assert from 'node:assert/strict';
import { fixedClock } from '../../src/platform/clock.ts';
import { systemCtx } from '../../src/server.ts';
import { createComponent } from '../../src/status-page/components/write.ts';
import { createGroup } from '../../src/status-page/components/groups.ts';
import { postPublicUpdate } from '../../src/status-page/incidents/act.ts';
import { createPublicIncident } from '../../src/status-page/incidents/create.ts';
import { createMaintenance } from '../../src/status-page/incidents/maintenance.ts';
import { publicPageCache } from '../../src/status-page/public/routes.ts';
import { adminApi } from './admin-api.ts';
import type { E2eTocsin } from './browser.ts';

/**
 * The public status page's browser test data, written by the real verbs. The past (components
 * created 100 days ago, two resolved incidents that colour the uptime bars) is written with a
 * clock set to that moment, the only way a history exists on a fresh database; the live
 * incident goes through the admin API at the real time, as a comms lead posts it.
 */

export const DAY = 86_400_000;
export const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface OperationalPage {
  api: string;
  dashboard: string;
  notifications: string;
  /** The resolved API outage: 50 minutes of major outage, 23 days ago. */
  outage: { id: string; at: number; resolvedAt: number };
  /** The dashboard's 3 hours of degraded performance, 61 days ago. */
  slowAt: number;
  maintenance: { from: number; until: number };
}

/** Midnight UTC of `t`'s day. */
export const utcDay = (t: number): number => Math.floor(t / DAY) * DAY;

/** The 0-based bar of a UTC day in the 90 bars that end today. */
export const barOf = (t: number, now: number): number => 89 - (utcDay(now) - utcDay(t)) / DAY;

/** "8 Dec 2026, 02:00 UTC", the page's text for a time without JavaScript, built from toUTCString. */
export function utcText(t: number): string {
  const [, day, month, year, hms] = new Date(t).toUTCString().split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  return `${Number(day)} ${month} ${year}, ${hms.slice(0, 5)} UTC`;
}

export const PAGE = { name: 'Acme Cloud', brand_color: '#0b3d91' };

/** Everything operational, with a history and a maintenance scheduled in three days. */
export async function seedOperational(tocsin: E2eTocsin): Promise<OperationalPage> {
  const named = await adminApi(() => tocsin).call('PATCH', '/api/v1/status-page/settings', PAGE);
  assert.equal(named.status, 200, JSON.stringify(named.body));
  const now = Date.now();
  const at = (t: number) => systemCtx(tocsin.tdb, 'e2e seed', fixedClock(t));
  const born = now - 100 * DAY;
  const group = await createGroup({ ctx: at(born), input: { name: 'Core platform', position: 1 } });
  const component = async (name: string, description: string, position: number, grouped: boolean) =>
    (
      await createComponent({
        ctx: at(born),
        input: { name, description, position, ...(grouped ? { group_id: group.id } : {}) },
      })
    ).id;
  const api = await component('API', 'REST API and webhooks', 1, true);
  const dashboard = await component('Dashboard', 'The web app', 2, true);
  const notifications = await component('Notifications', 'Email, SMS and push', 2, false);

  // At fixed hours of their UTC day, so neither crosses midnight into a second bar.
  const outageAt = utcDay(now - 23 * DAY) + 14 * HOUR + 30 * MINUTE;
  const outage = await createPublicIncident({
    ctx: at(outageAt),
    input: {
      name: 'API unavailable',
      impact: 'critical',
      body: 'Requests to the API fail. We are investigating.',
      components: { [api]: 'major_outage' },
      deliver_notifications: false,
    },
  });
  const resolvedAt = outageAt + 50 * MINUTE;
  await postPublicUpdate({
    ctx: at(resolvedAt),
    input: {
      id: outage.id,
      status: 'resolved',
      body: 'A database failover went wrong; the API is back to normal.',
      deliver_notifications: false,
    },
  });
  const slowAt = utcDay(now - 61 * DAY) + 9 * HOUR;
  const slow = await createPublicIncident({
    ctx: at(slowAt),
    input: {
      name: 'Slow dashboard',
      body: 'Dashboards take long to load.',
      components: { [dashboard]: 'degraded_performance' },
      deliver_notifications: false,
    },
  });
  await postPublicUpdate({
    ctx: at(slowAt + 3 * HOUR),
    input: { id: slow.id, status: 'resolved', body: 'Back to normal.', deliver_notifications: false },
  });

  const from = utcDay(now + 3 * DAY) + 2 * HOUR;
  const until = from + 2 * HOUR;
  await createMaintenance({
    ctx: at(now),
    input: {
      name: 'Notification provider migration',
      scheduled_for: new Date(from).toISOString(),
      scheduled_until: new Date(until).toISOString(),
      components: [notifications],
      body: 'Notifications may be **delayed by a few minutes** while we switch providers.',
      // No service stands behind these components: there are no alerts to silence.
      silence_alerts: false,
      deliver_notifications: false,
    },
  });
  // Written behind the cache's back (not over HTTP): the next request reads them.
  publicPageCache(tocsin.app.deps).invalidate();
  return {
    api,
    dashboard,
    notifications,
    outage: { id: outage.id, at: outageAt, resolvedAt },
    slowAt,
    maintenance: { from, until },
  };
}

export const INCIDENT = {
  name: 'Elevated API error rates',
  investigating: 'We are investigating **errors** on API requests.',
  identified: 'A faulty deploy is the cause; we are rolling it back. Next update within 30 minutes.',
};

/**
 * A major outage of the API: investigating since 25 minutes ago (the verb, with the clock then),
 * identified now through the admin API as the comms lead posts it. Answers its id and start.
 */
export async function startIncident(
  tocsin: E2eTocsin,
  apiComponent: string,
): Promise<{ id: string; began: number }> {
  const began = Date.now() - 25 * MINUTE;
  const opened = await createPublicIncident({
    ctx: systemCtx(tocsin.tdb, 'e2e seed', fixedClock(began)),
    input: {
      name: INCIDENT.name,
      status: 'investigating',
      impact: 'major',
      body: INCIDENT.investigating,
      components: { [apiComponent]: 'major_outage' },
    },
  });
  await adminApi(() => tocsin).created(`/api/v1/status-page/incidents/${opened.id}/updates`, {
    status: 'identified',
    body: INCIDENT.identified,
  });
  // The page would show it within STALE_MS anyway (cache.ts); the test should not wait for that.
  publicPageCache(tocsin.app.deps).invalidate();
  return { id: opened.id, began };
}
