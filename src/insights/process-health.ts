import { DateTime } from 'luxon';
import type { Ctx } from '../platform/context.ts';
import { readingAs } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import { readSummary, type SummaryRow } from './repository.ts';
import {
  actionItemsDue,
  firstUpdateFigures,
  postmortemFigures,
  severitiesRequiringPostmortem,
} from './repository-quality.ts';
import type { ProcessHealthAnswer, ProcessHealthQuery, SummaryView } from './schemas.ts';
import { resolveScope } from './scope.ts';

const rate = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

function summaryOf(row: SummaryRow, name: string): SummaryView {
  const s = readSummary(row, name);
  const sec = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);
  return { count: s.count, mean: sec(s.mean), median: sec(s.p50), p90: sec(s.p90) };
}

/**
 * Whether the process after an incident happens (SPEC §6): postmortems published for the
 * incidents whose severity requires one and how long after resolving; action items due in the
 * period closed by the end of their due day (in their owner's time zone, UTC without an owner);
 * how soon the first status update went out.
 */
export function processHealth({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ProcessHealthQuery;
}): Promise<ProcessHealthAnswer> {
  return readingAs(ctx, (ctx) => processHealthIn(ctx, input));
}

async function processHealthIn(ctx: Ctx, input: ProcessHealthQuery): Promise<ProcessHealthAnswer> {
  const scope = await resolveScope(ctx, input);
  const now = ctx.clock.now();
  const pm = await postmortemFigures(ctx.db, ctx.dialect, scope, await severitiesRequiringPostmortem(ctx.db));

  // Due days that touch the period, each judged by its end in the owner's zone.
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const items = await actionItemsDue(ctx.db, scope, day(scope.from - 86_400_000), day(scope.to + 86_400_000));
  let due = 0;
  let closedByDue = 0;
  let openOverdue = 0;
  const ends = new Map<string, number>();
  for (const item of items) {
    const zone = item.time_zone ?? 'UTC';
    const key = `${item.due_date}\n${zone}`;
    let end = ends.get(key);
    if (end === undefined) {
      end = DateTime.fromISO(item.due_date, { zone }).plus({ days: 1 }).toMillis();
      ends.set(key, end);
    }
    // Due in the period and already past; a dropped item (won't do) is neither kept nor missed.
    if (end <= scope.from || end > scope.to || end > now || item.status === 'wont_do') continue;
    due++;
    const completed = item.completed_at === null ? null : Number(item.completed_at);
    if (item.status === 'done' && completed !== null && completed < end) closedByDue++;
    if (item.status === 'open' || item.status === 'in_progress') openOverdue++;
  }

  const first = await firstUpdateFigures(ctx.db, ctx.dialect, scope);
  const firstUpdate = summaryOf(first, 'first');
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    postmortems: {
      required: pm.required,
      published: pm.published,
      completion_rate: rate(pm.published, pm.required),
      time_to_publish: summaryOf(pm, 'publish'),
    },
    action_items: {
      due,
      closed_by_due_date: closedByDue,
      closure_rate: rate(closedByDue, due),
      open_overdue: openOverdue,
    },
    first_update: {
      incidents: first.incidents,
      with_update: firstUpdate.count,
      time_to_first_update: firstUpdate,
    },
    // Runbooks are not linked to incidents yet: no figure rather than a made-up one.
    runbooks: { used: null, efficacy: null },
  };
}
