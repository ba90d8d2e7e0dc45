import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lifecycleAt, periodForCreate, periodForUpdate } from './period.ts';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const ms = (minutes: number) => NOW + minutes * 60_000;

describe('lifecycleAt', () => {
  it('is active from starts_at inclusive to ends_at exclusive', () => {
    const p = { starts_at: ms(0), ends_at: ms(10) };
    assert.equal(lifecycleAt(p, ms(-1)), 'pending');
    assert.equal(lifecycleAt(p, ms(0)), 'active');
    assert.equal(lifecycleAt(p, ms(10) - 1), 'active');
    assert.equal(lifecycleAt(p, ms(10)), 'expired');
  });
});

describe('periodForCreate', () => {
  it('starts now by default and takes ends_at or duration_minutes', () => {
    assert.deepEqual(periodForCreate({ ends_at: at(30) }, NOW), { starts_at: NOW, ends_at: ms(30) });
    assert.deepEqual(periodForCreate({ duration_minutes: 30 }, NOW), { starts_at: NOW, ends_at: ms(30) });
    assert.deepEqual(periodForCreate({ starts_at: at(60), duration_minutes: 30 }, NOW), {
      starts_at: ms(60),
      ends_at: ms(90),
    });
  });

  it('moves a past start to now', () => {
    assert.deepEqual(periodForCreate({ starts_at: at(-60), ends_at: at(30) }, NOW), {
      starts_at: NOW,
      ends_at: ms(30),
    });
  });

  it('refuses a missing, early or past end', () => {
    assert.throws(() => periodForCreate({}, NOW), /^ValidationError: ends_at: is required/);
    assert.throws(
      () => periodForCreate({ ends_at: at(5), duration_minutes: 5 }, NOW),
      /^ValidationError: duration_minutes:/,
    );
    assert.throws(
      () => periodForCreate({ starts_at: at(10), ends_at: at(10) }, NOW),
      /ends_at: must be after starts_at/,
    );
    assert.throws(
      () => periodForCreate({ starts_at: at(10), ends_at: at(5) }, NOW),
      /ends_at: must be after starts_at/,
    );
    assert.throws(
      () => periodForCreate({ starts_at: at(-60), ends_at: at(-1) }, NOW),
      /ends_at: must be in the future/,
    );
  });
});

describe('periodForUpdate', () => {
  const pending = { starts_at: ms(60), ends_at: ms(120) };
  const active = { starts_at: ms(-60), ends_at: ms(60) };

  it('moves a pending start and extends an end', () => {
    assert.deepEqual(periodForUpdate(pending, { starts_at: at(30) }, NOW), {
      starts_at: ms(30),
      ends_at: ms(120),
    });
    assert.deepEqual(periodForUpdate(pending, { starts_at: at(-5) }, NOW), {
      starts_at: NOW,
      ends_at: ms(120),
    });
    assert.deepEqual(periodForUpdate(active, { duration_minutes: 180 }, NOW), {
      starts_at: ms(-60),
      ends_at: ms(120),
    });
    assert.deepEqual(periodForUpdate(active, { ends_at: at(5) }, NOW), {
      starts_at: ms(-60),
      ends_at: ms(5),
    });
  });

  it('keeps the start of an active period and refuses ends in the past', () => {
    assert.throws(
      () => periodForUpdate(active, { starts_at: at(-30) }, NOW),
      /starts_at: cannot change once it has started/,
    );
    assert.deepEqual(periodForUpdate(active, { starts_at: at(-60) }, NOW), active);
    assert.throws(() => periodForUpdate(active, { ends_at: at(-1) }, NOW), /ends_at: must be in the future/);
    assert.throws(
      () => periodForUpdate(pending, { ends_at: at(30) }, NOW),
      /ends_at: must be after starts_at/,
    );
  });
});
