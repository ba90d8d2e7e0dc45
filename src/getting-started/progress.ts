import type { Queryable } from '../platform/db/connect.ts';
import {
  firstIntegrationServiceId,
  firstReachableUserId,
  firstServiceId,
  oldestId,
  testAlertIncident,
} from './repository.ts';
import type { GettingStartedStepKey, GettingStartedView } from './schemas.ts';

/**
 * How far this install is from "a real alert pages a real person", read from what exists, so
 * the checklist follows the state whichever way it was reached (web UI, API, tocsin.yaml).
 *
 * Each step is done when the smallest thing that makes it work exists:
 * - team, schedule, escalation_policy: one exists;
 * - person: someone has a contact method (without rules, a page goes to their first method);
 * - service: a service has an escalation policy (one without pages nobody);
 * - integration: an enabled integration exists (alerts can arrive);
 * - test_alert: an incident that an alert from an integration opened or joined was acknowledged.
 *   Not "a page was delivered": delivery to a phone or chat cannot be seen from here, but an
 *   acknowledgement is the whole loop closed by a person: alert in, incident open, someone acted.
 */
export async function readGettingStarted(db: Queryable): Promise<GettingStartedView> {
  const service = await firstServiceId(db);
  const incident = await testAlertIncident(db);
  const found: [GettingStartedStepKey, string | undefined, boolean?][] = [
    ['team', await oldestId(db, 'teams')],
    ['person', await firstReachableUserId(db)],
    ['schedule', await oldestId(db, 'schedules')],
    ['escalation_policy', await oldestId(db, 'escalation_policies')],
    ['service', service?.id, service?.paged],
    ['integration', await firstIntegrationServiceId(db)],
    ['test_alert', incident?.id, incident?.acknowledged],
  ];
  const steps = found.map(([key, id, done]) => ({
    key,
    done: done ?? id !== undefined,
    id: id ?? null,
  }));
  return { steps, done: steps.filter((s) => s.done).length, total: steps.length };
}
