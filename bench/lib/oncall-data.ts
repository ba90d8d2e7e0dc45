/**
 * The schedules bench/oncall.ts measures: one generator for the pure core and for the API, so
 * both parts time the same shapes. Each schedule has 3 layers of 8 participants (a weekly
 * rotation; 12-hour shifts restricted to nights; a weekly rotation restricted to weekends), in
 * one of five zones with and without DST, and 50 overrides over the year of NOW; time off comes
 * with the participants. seedSchedules writes such schedules into a migrated database.
 */
import { sql } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connect.ts';
import { newId } from '../../src/platform/ids.ts';
import type { ScheduleSpec, TimeOffSpec } from '../../src/oncall/core/index.ts';
import { rng } from '../../src/oncall/core/testing.ts';

export const LAYERS = 3;
export const PARTICIPANTS = 8;
export const OVERRIDES = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];
/** The instant every figure is taken at: a Sunday, so the weekend layer is on. */
export const NOW = Date.parse('2025-06-15T12:34:56Z');
const YEAR_START = Date.parse('2025-01-01T00:00:00Z');

/** Time off of the given users over the year: `perUser` entries of 1-7 days each, on average. */
export function makeTimeOff(users: string[], entries: number, seed: number): TimeOffSpec[] {
  const r = rng(seed);
  return Array.from({ length: entries }, () => {
    const start = YEAR_START + Math.floor(r() * 365) * DAY;
    return {
      userId: users[Math.floor(r() * users.length)]!,
      start,
      end: start + (1 + Math.floor(r() * 7)) * DAY,
    };
  });
}

/**
 * Schedule `i` rotating `users` (LAYERS x PARTICIPANTS of them, distinct), with no time off:
 * the caller adds it, since time off belongs to people, not schedules.
 */
export function makeSchedule(i: number, users: string[], id = `sch_${i}`): ScheduleSpec {
  const r = rng(i + 1);
  const timeZone = ZONES[i % ZONES.length]!;
  return {
    id,
    layers: Array.from({ length: LAYERS }, (_, l) => ({
      id: `lyr_${i}_${l}`,
      versions: [
        {
          effectiveFrom: -Infinity,
          timeZone,
          startDate: '2024-01-01',
          handoffTime: l === 2 ? '18:00' : '09:00',
          shiftLength: l === 1 ? 12 : 1,
          shiftUnit: l === 1 ? ('hours' as const) : ('weeks' as const),
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
      const start = YEAR_START + Math.floor(r() * 365 * 24) * HOUR;
      return {
        id: `ovr_${i}_${o}`,
        userId: users[Math.floor(r() * users.length)]!,
        start,
        end: start + (1 + Math.floor(r() * 48)) * HOUR,
      };
    }),
    temporarySchedules: [],
    timeOff: [],
    unavailable: [],
  };
}

/** LAYERS x PARTICIPANTS distinct users out of `pool` for schedule `i`. */
export function pickUsers(i: number, pool: string[]): string[] {
  const r = rng(1_000_003 * (i + 7));
  const picked = new Set<string>();
  while (picked.size < LAYERS * PARTICIPANTS) picked.add(pool[Math.floor(r() * pool.length)]!);
  return [...picked];
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
}

/**
 * `count` schedules over a pool of `poolSize` users, each user with one week of time off a year
 * on average, written in one transaction (rows straight into the tables, as the repositories
 * would store them: a year of history, so shifts reach back before NOW). Answers the specs the
 * pure core would compute from what was written, keyed by schedule id, to check the API against.
 */
export async function seedSchedules(
  handle: DbHandle,
  count: number,
  poolSize: number,
): Promise<Map<string, ScheduleSpec>> {
  const created = YEAR_START - 400 * DAY;
  const pool = Array.from({ length: poolSize }, () => newId('usr', created));
  const timeOff = makeTimeOff(pool, poolSize, 99);
  const teamId = newId('team', created);
  const specs = new Map<string, ScheduleSpec>();
  for (let i = 0; i < count; i++) {
    const users = pickUsers(i, pool);
    const spec = makeSchedule(i, users, newId('sch', created + i));
    const mine = new Set(users);
    spec.timeOff = timeOff.filter((t) => mine.has(t.userId));
    specs.set(spec.id, spec);
  }
  const all = [...specs.values()];
  const stamp = { created_at: created };
  await handle.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('teams')
      .values({ id: teamId, name: 'Bench on call', description: '', ...stamp, updated_at: created })
      .execute();
    await insertChunks(pool, (chunk) =>
      tx
        .insertInto('users')
        .values(
          chunk.map((id, k) => ({
            id,
            name: `Person ${id.slice(-6)}`,
            email: `${id.toLowerCase()}-${k}@bench.invalid`,
            role: 'responder' as const,
            time_zone: 'UTC',
            password_hash: null,
            deactivated_at: null,
            ...stamp,
            updated_at: created,
          })),
        )
        .execute(),
    );
    await insertChunks(timeOff, (chunk) =>
      tx
        .insertInto('time_off')
        .values(
          chunk.map((t) => ({
            id: newId('tof', created),
            user_id: t.userId,
            start_at: t.start,
            end_at: t.end,
            reason: '',
            ...stamp,
          })),
        )
        .execute(),
    );
    await insertChunks(all, (chunk) =>
      tx
        .insertInto('schedules')
        .values(
          chunk.map((s, k) => ({
            id: s.id,
            name: `Bench schedule ${s.id}-${k}`,
            description: '',
            team_id: teamId,
            time_zone: s.layers[0]!.versions[0]!.timeZone,
            ...stamp,
            updated_at: created,
          })),
        )
        .execute(),
    );
    const layers = all.flatMap((s) =>
      s.layers.map((l, position) => {
        l.id = newId('lyr', created); // the spec names what the database holds
        return { s, l, position, id: l.id };
      }),
    );
    await insertChunks(layers, (chunk) =>
      tx
        .insertInto('schedule_layers')
        .values(
          chunk.map(({ s, l, position, id }) => ({
            id,
            schedule_id: s.id,
            name: l.id,
            position: position + 1,
            ...stamp,
            updated_at: created,
          })),
        )
        .execute(),
    );
    await insertChunks(layers, (chunk) =>
      tx
        .insertInto('schedule_layer_versions')
        .values(
          chunk.map(({ l, id }) => {
            const v = l.versions[0]!;
            return {
              id: newId('lyv', created),
              layer_id: id,
              effective_from: created,
              time_zone: v.timeZone,
              start_date: v.startDate,
              handoff_time: v.handoffTime,
              shift_length: v.shiftLength,
              shift_unit: v.shiftUnit,
              end_at: v.end,
              restrictions: JSON.stringify(v.restrictions),
              participants: JSON.stringify(v.participants),
              rotation_offset: v.rotationOffset,
              ...stamp,
            };
          }),
        )
        .execute(),
    );
    // Overrides apply oldest first (created_at, then id): one millisecond apart keeps the spec's order.
    const overrides = all
      .flatMap((s) => s.overrides.map((o) => ({ s, o })))
      .map((x, k) => ({ ...x, at: created + k }));
    await insertChunks(overrides, (chunk) =>
      tx
        .insertInto('schedule_overrides')
        .values(
          chunk.map(({ s, o, at }) => {
            const id = newId('ovr', at);
            o.id = id; // the spec names what the database holds
            return {
              id,
              schedule_id: s.id,
              user_id: o.userId,
              start_at: o.start,
              end_at: o.end,
              swap_id: null,
              created_by: pool[0]!,
              created_at: at,
            };
          }),
        )
        .execute(),
    );
  });
  // PostgreSQL's autovacuum analyzes tables this size within a minute of such a load; without
  // statistics the planner joins layers to versions by scanning both, which no real server does.
  if (handle.dialect === 'postgres') await sql`analyze`.execute(handle.db);
  return specs;
}
