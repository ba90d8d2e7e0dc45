import type { Ctx } from '../platform/context.ts';
import type { Row } from '../platform/db/tables.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Shift } from './core/types.ts';
import { DAY } from './core/zone.ts';
import { feedForToken } from './feeds.ts';
import { namesOf, requireSchedule } from './get.ts';
import { shiftsOf } from './query.ts';
import { allSchedules } from './repository.ts';
import { findUserById } from '../users/repository.ts';

/**
 * iCalendar (RFC 5545) feeds of computed shifts. Each event is one shift of `shifts()` over
 * the feed window, in UTC, so no VTIMEZONE is needed and every client shows local times itself.
 */
export const FEED_PAST = 30 * DAY;
export const FEED_FUTURE = 180 * DAY;

export function feedWindow(now: number): { from: number; to: number } {
  return { from: now - FEED_PAST, to: now + FEED_FUTURE };
}

function icalTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds lines longer than 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export interface FeedEvent {
  shift: Shift;
  scheduleId: string;
  scheduleName: string;
  userName: string;
}

export function renderCalendar(name: string, events: FeedEvent[], now: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tocsin//On-call schedules//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME;VALUE=TEXT:${text(name)}`,
    'X-PUBLISHED-TTL:PT1H',
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
  ];
  for (const e of events) {
    const s = e.shift;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.scheduleId}-${s.userId}-${s.start}@tocsin`,
      `DTSTAMP:${icalTime(now)}`,
      `DTSTART:${icalTime(s.start)}`,
      `DTEND:${icalTime(s.end)}`,
      `SUMMARY:${text(`On call: ${e.userName} (${e.scheduleName})`)}`,
      `DESCRIPTION:${text(`${e.userName} is on call for ${e.scheduleName} (${s.source} ${s.sourceId}).`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

export async function scheduleFeed(ctx: Ctx, input: { id: string; token: string }): Promise<string> {
  await feedForToken(ctx, input.token, { kind: 'schedule', id: input.id });
  const schedule = await requireSchedule(ctx.db, input.id);
  const now = ctx.clock.now();
  const { from, to } = feedWindow(now);
  const list = (await shiftsOf(ctx, [schedule], from, to)).get(schedule.id) ?? [];
  const names = await namesOf(
    ctx.db,
    list.map((s) => s.userId),
  );
  return renderCalendar(
    `On call: ${schedule.name}`,
    list.map((shift) => eventOf(schedule, shift, names.get(shift.userId) ?? shift.userId)),
    now,
  );
}

function eventOf(schedule: Row<'schedules'>, shift: Shift, userName: string): FeedEvent {
  return { shift, scheduleId: schedule.id, scheduleName: schedule.name, userName };
}

/** One person's shifts on every schedule. */
export async function userFeed(ctx: Ctx, input: { id: string; token: string }): Promise<string> {
  await feedForToken(ctx, input.token, { kind: 'user', id: input.id });
  const user = await findUserById(ctx.db, input.id);
  if (user === undefined) throw NotFoundError.of('user', input.id);
  const now = ctx.clock.now();
  const { from, to } = feedWindow(now);
  const schedules = await allSchedules(ctx.db);
  const all = await shiftsOf(ctx, schedules, from, to);
  const events = schedules
    .flatMap((s) =>
      (all.get(s.id) ?? []).filter((x) => x.userId === user.id).map((x) => eventOf(s, x, user.name)),
    )
    .sort((a, b) => a.shift.start - b.shift.start);
  return renderCalendar(`On call: ${user.name}`, events, now);
}
