import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addBusinessDays } from './business-days.ts';

const at = (iso: string) => Date.parse(iso);
const due = (from: string, days: number, zone: string) =>
  new Date(addBusinessDays(at(from), days, zone)).toISOString();

describe('addBusinessDays', () => {
  it('skips weekends, keeping the wall-clock time', () => {
    assert.equal(due('2026-11-27T15:00:00Z', 5, 'UTC'), '2026-12-04T15:00:00.000Z', 'Friday to Friday');
    assert.equal(due('2026-11-28T10:00:00Z', 5, 'UTC'), '2026-12-04T10:00:00.000Z', 'Saturday to Friday');
    assert.equal(due('2026-11-27T15:00:00Z', 1, 'UTC'), '2026-11-30T15:00:00.000Z', 'Friday to Monday');
    assert.equal(due('2026-11-25T10:00:00Z', 0, 'UTC'), '2026-11-25T10:00:00.000Z');
  });

  it('counts weekdays in the given zone, across a DST change', () => {
    // Friday 23:30 UTC is already Saturday in Auckland: five business days end on Friday there, a day
    // before they do in UTC.
    assert.equal(due('2026-11-27T23:30:00Z', 5, 'Pacific/Auckland'), '2026-12-03T23:30:00.000Z');
    assert.equal(due('2026-11-27T23:30:00Z', 5, 'UTC'), '2026-12-04T23:30:00.000Z');
    assert.equal(due('2026-11-27T22:30:00Z', 1, 'America/New_York'), '2026-11-30T22:30:00.000Z');
    // Paris leaves summer time on 25 October 2026: 09:00 local stays 09:00 local.
    assert.equal(due('2026-10-23T07:00:00Z', 1, 'Europe/Paris'), '2026-10-26T08:00:00.000Z');
  });
});
