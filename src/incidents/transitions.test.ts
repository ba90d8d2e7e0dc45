import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncidentStatus } from '../platform/db/tables/incidents.ts';
import { INCIDENT_STATUSES } from './schemas.ts';
import {
  LIFECYCLE_ACTIONS,
  type LifecycleAction,
  allowedActions,
  checkTransition,
  refusal,
} from './transitions.ts';

// Written out by hand (not derived from TRANSITIONS) so a change to the machine fails here.
const EXPECTED: Record<IncidentStatus, Partial<Record<LifecycleAction, IncidentStatus>>> = {
  triggered: { acknowledge: 'acknowledged', mitigate: 'mitigated', resolve: 'resolved' },
  acknowledged: { mitigate: 'mitigated', resolve: 'resolved' },
  mitigated: { resolve: 'resolved', reopen: 'acknowledged' },
  resolved: { close: 'closed', reopen: 'acknowledged' },
  closed: { reopen: 'acknowledged' },
};

describe('incident status machine', () => {
  for (const status of INCIDENT_STATUSES) {
    for (const action of LIFECYCLE_ACTIONS) {
      const to = EXPECTED[status][action];
      it(`${action} from ${status}: ${to ?? 'refused'}`, () => {
        const allowed = Object.keys(EXPECTED[status]);
        const got = checkTransition(status, action, { merged: false });
        if (to === undefined) {
          assert.deepEqual(got, { ok: false, allowed });
        } else {
          assert.deepEqual(got, { ok: true, to });
        }
        assert.deepEqual(checkTransition(status, action, { merged: true }), { ok: false, allowed: [] });
      });
    }
  }

  it('lists allowed actions in lifecycle order; a merged incident allows nothing', () => {
    assert.deepEqual(allowedActions('triggered', { merged: false }), ['acknowledge', 'mitigate', 'resolve']);
    assert.deepEqual(allowedActions('resolved', { merged: false }), ['close', 'reopen']);
    for (const status of INCIDENT_STATUSES) assert.deepEqual(allowedActions(status, { merged: true }), []);
  });

  it('words refusals with what the incident can still be', () => {
    assert.equal(
      refusal('INC-3', 'resolved', 'acknowledge', ['close', 'reopen']),
      'INC-3 is resolved; it can be: closed, reopened',
    );
    assert.equal(
      refusal('INC-3', 'resolved', 'resolve', ['close', 'reopen']),
      'INC-3 is already resolved; it can be: closed, reopened',
    );
    assert.equal(
      refusal('INC-3', 'acknowledged', 'reopen', ['mitigate', 'resolve']),
      'INC-3 is acknowledged; it can be: mitigated, resolved',
    );
    assert.equal(
      refusal('INC-3', 'resolved', 'reopen', [], 'INC-9'),
      'INC-3 is resolved; it can be: nothing (merged into INC-9)',
    );
  });
});
