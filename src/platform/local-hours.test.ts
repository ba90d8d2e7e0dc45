import assert from 'node:assert/strict';
import { it } from 'node:test';
import { localHours } from './local-hours.ts';

const at = (iso: string) => Date.parse(iso);

it('reads the hour on the wall clock of the zone, across a DST change', () => {
  // New York leaves DST at 2026-11-01 06:00Z: 01:30 happens at 05:30Z (EDT) and at 06:30Z (EST).
  assert.deepEqual(localHours(at('2026-11-01T05:30:00Z'), 'America/New_York'), {
    part: 'sleep',
    weekend: true,
    night: '2026-10-31',
  });
  assert.deepEqual(localHours(at('2026-11-01T06:30:00Z'), 'America/New_York'), {
    part: 'sleep',
    weekend: true,
    night: '2026-10-31',
  });
  // 2026-03-08 07:00Z: clocks go from 02:00 EST to 03:00 EDT; 11:30Z is 07:30 EDT (not 06:30).
  assert.equal(localHours(at('2026-03-09T11:30:00Z'), 'America/New_York').part, 'after_hours');
  assert.equal(localHours(at('2026-03-09T13:30:00Z'), 'America/New_York').part, 'business');
  // The same UTC time in March before the change: 06:30 EST, still sleep.
  assert.equal(localHours(at('2026-03-06T11:30:00Z'), 'America/New_York').part, 'sleep');
});

it('handles half-hour zones and the edges of each part', () => {
  // Kolkata is UTC+05:30: 03:29Z is 08:59 (after hours), 03:30Z is 09:00 (business).
  assert.equal(localHours(at('2026-11-04T03:29:00Z'), 'Asia/Kolkata').part, 'after_hours');
  assert.equal(localHours(at('2026-11-04T03:30:00Z'), 'Asia/Kolkata').part, 'business');
  // 18:00 ends business hours, 22:00 starts sleep, 07:00 ends it.
  assert.equal(localHours(at('2026-11-04T18:00:00Z'), 'UTC').part, 'after_hours');
  assert.deepEqual(localHours(at('2026-11-04T22:00:00Z'), 'UTC'), {
    part: 'sleep',
    weekend: false,
    night: '2026-11-04',
  });
  assert.deepEqual(localHours(at('2026-11-05T06:59:00Z'), 'UTC'), {
    part: 'sleep',
    weekend: false,
    night: '2026-11-04',
  });
  assert.equal(localHours(at('2026-11-05T07:00:00Z'), 'UTC').part, 'after_hours');
  // A Saturday afternoon is after hours and weekend; Friday night's sleep belongs to Friday.
  assert.deepEqual(localHours(at('2026-11-07T14:00:00Z'), 'UTC'), {
    part: 'after_hours',
    weekend: true,
    night: null,
  });
  assert.equal(localHours(at('2026-11-07T02:00:00Z'), 'UTC').night, '2026-11-06');
});

it('reads a zone the tz database does not know as UTC rather than failing the page', () => {
  assert.deepEqual(localHours(at('2026-11-04T12:00:00Z'), 'Mars/Olympus'), {
    part: 'business',
    weekend: false,
    night: null,
  });
});
