import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AlertRule,
  type BurnRates,
  type Counts,
  DEFAULT_ALERT_RULES,
  MINUTE,
  WINDOWS,
  WINDOW_MS,
  burnRate,
  decideAlerts,
  errorBudget,
  reaches,
  statusOf,
} from './burn.ts';

/**
 * The window arithmetic against hand-computed cases, without I/O: a minute-by-minute traffic
 * history is replayed and the alert decision taken at the end of every minute, as the engine
 * does. Traffic is 1,000 requests a minute on a 99.9% SLO (a budget of 1 error a minute).
 */
const OBJECTIVE = 0.999;
const PER_MINUTE = 1000;

/** Sums of the minutes in [t - w, t) for every window. */
function rates(history: number[], t: number): BurnRates {
  const out: BurnRates = {};
  for (const w of WINDOWS) {
    const n = WINDOW_MS[w] / MINUTE;
    const c: Counts = { good: 0, total: 0 };
    for (let m = Math.max(0, t - n); m < t; m++) {
      const errors = history[m]!;
      if (Number.isNaN(errors)) continue;
      c.total += PER_MINUTE;
      c.good += PER_MINUTE - errors;
    }
    out[w] = burnRate(c, OBJECTIVE);
  }
  return out;
}

interface Event {
  minute: number;
  kind: 'fire' | 'resolve';
  rule: string;
}

/** Replays `history` (errors per minute; NaN = no traffic), deciding after each whole minute. */
function replay(history: number[], rules: readonly AlertRule[] = DEFAULT_ALERT_RULES): Event[] {
  const firing = new Set<string>();
  const events: Event[] = [];
  for (let t = 1; t <= history.length; t++) {
    const d = decideAlerts(rules, rates(history, t), firing);
    for (const r of d.fire) {
      firing.add(r.name);
      events.push({ minute: t, kind: 'fire', rule: r.name });
    }
    for (const r of d.resolve) {
      firing.delete(r.name);
      events.push({ minute: t, kind: 'resolve', rule: r.name });
    }
  }
  return events;
}

const H = 60;
const D = 24 * H;
const steady = (minutes: number, errors: number) => Array<number>(minutes).fill(errors);

describe('burn rates and multiwindow alerts (pure)', () => {
  it('computes the burn rate as the error ratio over the budget, null for no traffic', () => {
    assert.ok(Math.abs(burnRate({ good: 9856, total: 10_000 }, OBJECTIVE)! - 14.4) < 1e-9);
    assert.equal(burnRate({ good: 0, total: 0 }, OBJECTIVE), null);
    assert.equal(burnRate({ good: 100, total: 100 }, OBJECTIVE), 0);
    assert.equal(reaches(0.0144 / 0.001, 14.4), true, '1.44% on 99.9% is 14.4x despite binary rounding');
    assert.equal(reaches(14.39, 14.4), false);
    assert.equal(reaches(null, 0), false, 'no traffic reaches no threshold');
  });

  it('pages by the 1 h / 5 min pair at 1.44% and clears within 5 minutes of the errors stopping', () => {
    // A clean day, then 1.44% errors (14.4 a minute) for 90 minutes, then clean again.
    const history = [...steady(D, 0), ...steady(90, 14.4), ...steady(30, 0)];
    const events = replay(history);
    const fast = events.filter((e) => e.rule === 'page-fast');
    assert.deepEqual(fast, [
      // The 1 h window reaches 14.4x once it holds a full hour of errors.
      { minute: D + 60, kind: 'fire', rule: 'page-fast' },
      // One clean minute brings the 5 min window to 4/5 of 14.4x.
      { minute: D + 91, kind: 'resolve', rule: 'page-fast' },
    ]);
    assert.equal(
      events.some((e) => e.rule === 'page-slow'),
      false,
      '90 minutes at 14.4x is 3.6x over 6 h: under the slow page',
    );
  });

  it('clears exactly when the 5 minute window is clean after a total outage', () => {
    const history = [...steady(D, 0), ...steady(10, PER_MINUTE), ...steady(10, 0)];
    const fast = replay(history).filter((e) => e.rule === 'page-fast');
    // 100% errors: the 1 h window passes 14.4x after 52 seconds' worth, so the first whole minute pages.
    assert.deepEqual(fast, [
      { minute: D + 1, kind: 'fire', rule: 'page-fast' },
      { minute: D + 15, kind: 'resolve', rule: 'page-fast' },
    ]);
  });

  it('pages by the 6 h / 30 min pair at 0.6% sustained, and not by the fast pair', () => {
    // Three clean days first, so the ticket's 3 d window is full: there 6x reaches 1x only after 12 h.
    const history = [...steady(3 * D, 0), ...steady(7 * H, 6)];
    const events = replay(history);
    assert.deepEqual(events, [{ minute: 3 * D + 6 * H, kind: 'fire', rule: 'page-slow' }]);
  });

  it('opens a ticket at 0.1% for 3 days', () => {
    const history = [...steady(D, 0), ...steady(3 * D, 1)];
    const events = replay(history);
    assert.deepEqual(events, [{ minute: D + 3 * D, kind: 'fire', rule: 'ticket' }]);
  });

  it('pages nothing at 13x for an hour', () => {
    const history = [...steady(D, 0), ...steady(H, 13), ...steady(6 * H, 0)];
    assert.deepEqual(replay(history), []);
  });

  it('pages nothing for a burst shorter than the short window that spends little of the hour', () => {
    // 10% errors for 3 minutes: the 5 min window burns 60x, the hour only 5x.
    const history = [...steady(D, 0), ...steady(3, 100), ...steady(2 * H, 0)];
    const r = rates(history, D + 3);
    assert.ok(r['5m']! > 14.4 && r['1h']! < 14.4, JSON.stringify(r));
    assert.deepEqual(replay(history), []);
  });

  it('raises nothing without traffic, and a firing alert resolves when traffic stops', () => {
    assert.deepEqual(replay(steady(4 * D, Number.NaN)), []);
    // A total outage, then no traffic at all: each page resolves once its short window is empty,
    // never from a burn computed over missing minutes.
    const history = [...steady(2 * H, PER_MINUTE), ...steady(40, Number.NaN)];
    const events = replay(history).filter((e) => e.kind === 'resolve' && e.rule.startsWith('page'));
    assert.deepEqual(
      events.map((e) => [e.rule, e.minute]),
      [
        ['page-fast', 2 * H + 5],
        ['page-slow', 2 * H + 30],
      ],
    );
  });

  it('keeps the error budget: fraction, minutes of full outage, and the forecast', () => {
    // 30 days at 0.05% errors: half the budget of 43.2 minutes spent.
    const now = Date.UTC(2026, 11, 6);
    const b = errorBudget({ good: 9995, total: 10_000 }, OBJECTIVE, 30, 2, now);
    assert.ok(Math.abs(b.allowedMinutes - 43.2) < 1e-9);
    assert.ok(Math.abs(b.remaining! - 0.5) < 1e-9);
    assert.ok(Math.abs(b.remainingMinutes! - 21.6) < 1e-9);
    assert.ok(Math.abs(b.errorRatio! - 0.0005) < 1e-12);
    // Half a 30-day budget at 2x lasts 7.5 days.
    assert.equal(b.exhaustedAt, now + 7.5 * 86_400_000);
    const spent = errorBudget({ good: 9980, total: 10_000 }, OBJECTIVE, 30, 2, now);
    assert.ok(spent.remaining! < 0 && spent.exhaustedAt === null);
    const none = errorBudget({ good: 0, total: 0 }, OBJECTIVE, 7, null, now);
    assert.deepEqual(none, {
      remaining: null,
      remainingMinutes: null,
      allowedMinutes: 7 * 1440 * (1 - OBJECTIVE),
      errorRatio: null,
      exhaustedAt: null,
    });
    assert.equal(statusOf({ unknown: false, firing: 0, remaining: -0.1 }), 'exhausted');
    assert.equal(statusOf({ unknown: false, firing: 1, remaining: 0.5 }), 'burning');
    assert.equal(statusOf({ unknown: true, firing: 1, remaining: 0.5 }), 'unknown');
    assert.equal(statusOf({ unknown: false, firing: 0, remaining: null }), 'no_data');
  });
});
