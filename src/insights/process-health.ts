import type { Ctx } from '../platform/context.ts';
import { runbookUse } from './repository-runbooks.ts';
import { readingAs, severitiesRequiringPostmortem } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import type { Summary } from '../platform/stats.ts';
import { ITEM_STATUS } from './store/blocks.ts';
import { Durations, eachActionItem, selectIncidents } from './store/selection.ts';
import type { ProcessHealthAnswer, ProcessHealthQuery, SummaryView } from './schemas.ts';
import { type Scope, resolveScope } from './scope.ts';

const rate = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

function view(s: Summary): SummaryView {
  const sec = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);
  return { count: s.count, mean: sec(s.mean), median: sec(s.median), p90: sec(s.p90) };
}

/**
 * Of the scope's incidents: how many; of those whose severity requires a postmortem, how many
 * were published and how long after resolving; how long until the first status update.
 */
async function incidentFigures(ctx: Ctx, scope: Scope) {
  const required = new Set(await severitiesRequiringPostmortem(ctx.db));
  const sel = await selectIncidents(ctx.db, scope, ctx.clock.now());
  const requiring = sel.dict.severities.names.map((name) => required.has(name));
  const figures = {
    incidents: 0,
    required: 0,
    published: 0,
    publish: new Durations(),
    firstUpdate: new Durations(),
  };
  sel.each((b, i) => {
    figures.incidents++;
    figures.firstUpdate.add(b.firstUpdate[i]! - b.created[i]!);
    if (!requiring[b.severity[i]!]) return;
    figures.required++;
    const published = b.published[i]!;
    if (Number.isNaN(published)) return;
    figures.published++;
    // Published before it resolved (drafted during the incident): no wait at all.
    figures.publish.add(Math.max(0, published - b.resolved[i]!));
  });
  return figures;
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
  const pm = await incidentFigures(ctx, scope);

  // Due days that touch the period, each judged by its end in the owner's zone.
  let due = 0;
  let closedByDue = 0;
  let openOverdue = 0;
  await eachActionItem(ctx.db, scope, now, (b, i) => {
    const end = b.end[i]!;
    const status = b.status[i]!;
    // Due in the period and already past; a dropped item (won't do) is neither kept nor missed.
    if (end <= scope.from || end > scope.to || end > now || status === ITEM_STATUS.wont_do) return;
    due++;
    if (status === ITEM_STATUS.done && b.completed[i]! < end) closedByDue++;
    if (status === ITEM_STATUS.open || status === ITEM_STATUS.in_progress) openOverdue++;
  });

  const firstUpdate = view(pm.firstUpdate.summary());
  const use = await runbookUse(ctx.db, scope);
  const said = new Set(use.feedback.map((f) => f.incident_id));
  const runbooks = {
    // An incident used a runbook when one of its steps was sent or a responder said whether it helped.
    used: new Set([...use.ran, ...said]).size,
    marked: said.size,
    helped: use.feedback.filter((f) => f.helped).length,
  };
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    postmortems: {
      required: pm.required,
      published: pm.published,
      completion_rate: rate(pm.published, pm.required),
      time_to_publish: view(pm.publish.summary()),
    },
    action_items: {
      due,
      closed_by_due_date: closedByDue,
      closure_rate: rate(closedByDue, due),
      open_overdue: openOverdue,
    },
    first_update: {
      incidents: pm.incidents,
      with_update: firstUpdate.count,
      time_to_first_update: firstUpdate,
    },
    runbooks: {
      used: runbooks.used,
      marked: runbooks.marked,
      helped: runbooks.helped,
      efficacy: rate(runbooks.helped, runbooks.marked),
    },
  };
}
