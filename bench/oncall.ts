/**
 * `npm run bench:oncall`: the pure on-call core at the size the issue names. 1,000 schedules,
 * each with 3 layers of 8 participants (restrictions on two of them, zones with DST) and 50
 * overrides, plus some time off. Times who-is-on-call-now across all of them (target < 20 ms)
 * and one year of shifts for one schedule (target < 5 ms), as median and p95 of repeated runs.
 */
import { performance } from 'node:perf_hooks';
import {
  type CompiledSchedule,
  type ScheduleSpec,
  compileSchedule,
  onCallAt,
  shifts,
} from '../src/oncall/core/index.ts';

const SCHEDULES = 1000;
const LAYERS = 3;
const PARTICIPANTS = 8;
const OVERRIDES = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];
const NOW = Date.parse('2025-06-15T12:34:56Z');

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeSchedule(i: number): ScheduleSpec {
  const r = rng(i + 1);
  const users = Array.from({ length: PARTICIPANTS * LAYERS }, (_, u) => `usr_${i}_${u}`);
  const timeZone = ZONES[i % ZONES.length]!;
  const yearStart = Date.parse('2025-01-01T00:00:00Z');
  return {
    id: `sch_${i}`,
    layers: Array.from({ length: LAYERS }, (_, l) => ({
      id: `lyr_${i}_${l}`,
      versions: [
        {
          effectiveFrom: -Infinity,
          timeZone,
          startDate: '2024-01-01',
          handoffTime: l === 2 ? '18:00' : '09:00',
          shiftLength: l === 0 ? 1 : l === 1 ? 12 : 1,
          shiftUnit: l === 0 ? ('weeks' as const) : l === 1 ? ('hours' as const) : ('weeks' as const),
          end: null,
          restrictions:
            l === 0
              ? []
              : l === 1
                ? [{ type: 'daily' as const, start: '18:00', end: '09:00' }]
                : [
                    {
                      type: 'weekly' as const,
                      start_day: 'fri' as const,
                      start: '18:00',
                      end_day: 'mon' as const,
                      end: '09:00',
                    },
                  ],
          participants: users.slice(l * PARTICIPANTS, (l + 1) * PARTICIPANTS),
          rotationOffset: 0,
        },
      ],
    })),
    overrides: Array.from({ length: OVERRIDES }, (_, o) => {
      const start = yearStart + Math.floor(r() * 365 * 24) * HOUR;
      return {
        id: `ovr_${i}_${o}`,
        userId: users[Math.floor(r() * users.length)]!,
        start,
        end: start + (1 + Math.floor(r() * 48)) * HOUR,
      };
    }),
    temporarySchedules: [],
    timeOff: Array.from({ length: 10 }, () => {
      const start = yearStart + Math.floor(r() * 365) * DAY;
      return {
        userId: users[Math.floor(r() * users.length)]!,
        start,
        end: start + (1 + Math.floor(r() * 7)) * DAY,
      };
    }),
    unavailable: [],
  };
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p95: q(0.95) };
}

function time(runs: number, fn: () => void): { median: number; p95: number } {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT and the zone tables
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const fmt = (x: { median: number; p95: number }) =>
  `median ${x.median.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms`;
const verdict = (x: { median: number; p95: number }, target: number) =>
  x.p95 < target ? `ok (< ${target} ms)` : `OVER TARGET (${target} ms)`;

const specs = Array.from({ length: SCHEDULES }, (_, i) => makeSchedule(i));
let compiled: CompiledSchedule[] = specs.map(compileSchedule);
let sink = 0;

console.log(
  `on-call core: ${SCHEDULES} schedules x ${LAYERS} layers x ${PARTICIPANTS} participants, restrictions, ${OVERRIDES} overrides and 10 time-off entries each (node ${process.version})`,
);

// The two targets first, before the allocation-heavy compile runs leave garbage behind.
const now = time(200, () => {
  for (const s of compiled) if (onCallAt(s, NOW) !== null) sink++;
});
console.log(`who is on call now, all ${SCHEDULES} schedules:    ${fmt(now)}  ${verdict(now, 20)}`);

const yearStart = Date.parse('2025-01-01T00:00:00Z');
const yearEnd = Date.parse('2026-01-01T00:00:00Z');
let count = 0;
const year = time(200, () => {
  count = shifts(compiled[0]!, yearStart, yearEnd).length;
});
console.log(`one year of shifts, one schedule (${count} shifts):  ${fmt(year)}  ${verdict(year, 5)}`);

const compile = time(20, () => {
  compiled = specs.map(compileSchedule);
});
console.log(`compile all ${SCHEDULES} schedules (done once per load): ${fmt(compile)}`);

const nowFromSpecs = time(50, () => {
  for (const s of specs) if (onCallAt(s, NOW) !== null) sink++;
});
console.log(`who is on call now from plain specs (compiling each): ${fmt(nowFromSpecs)}`);

if (sink === 0) console.log('(no one on call anywhere?)');
