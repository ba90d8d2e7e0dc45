import { escapeHtml } from '../../notify/channels/email.ts';
import type { Ctx } from '../../platform/context.ts';
import { iso } from '../../platform/http/schema.ts';
import { alertQuality } from '../alert-quality.ts';
import { onCallHealth } from '../oncall-health.ts';
import { processHealth } from '../process-health.ts';
import { responseInsights } from '../response.ts';
import type { SummaryView } from '../schemas.ts';
import { WEEK } from '../scope.ts';

/** What a team's weekly digest says: the week's figures against the week before. */
export async function digestFacts(
  ctx: Ctx,
  team: { id: string; name: string },
  week: number,
  nightPagesPerWeek: number,
  publicUrl: string,
) {
  const range = { from: iso(week - WEEK), to: iso(week), team_id: team.id };
  const response = await responseInsights({ ctx, input: range });
  const health = await onCallHealth({ ctx, input: { ...range, night_pages_per_week: nightPagesPerWeek } });
  const quality = await alertQuality({ ctx, input: { ...range, limit: 5 } });
  const process = await processHealth({ ctx, input: range });
  const base = publicUrl.replace(/\/$/, '');
  return {
    event: 'insights.weekly' as const,
    team: { id: team.id, name: team.name },
    week: { from: range.from, to: range.to },
    incidents: response.metrics.incidents,
    previous_incidents: response.previous.incidents,
    response: {
      mtta: response.metrics.mtta,
      mttr: response.metrics.mttr,
      trend: { mtta: response.trend.mtta, mttr: response.trend.mttr },
    },
    oncall: {
      pages: health.people.reduce((n, p) => n + p.pages, 0),
      sleep_hour_pages: health.people.reduce((n, p) => n + p.sleep_hours, 0),
      night_pages_per_week_threshold: nightPagesPerWeek,
      flagged: health.people
        .filter((p) => p.flagged)
        .map((p) => ({
          user_id: p.user_id,
          name: p.name,
          sleep_hour_pages: p.sleep_hours,
          nights: p.nights_interrupted,
        })),
    },
    alert_quality: {
      accuracy: quality.overall.accuracy,
      flapping: quality.overall.flapping,
      noisiest: quality.alerts,
    },
    process: {
      postmortem_completion_rate: process.postmortems.completion_rate,
      action_items_closure_rate: process.action_items.closure_rate,
      action_items_overdue: process.action_items.open_overdue,
    },
    url: `${base}/insights?team=${encodeURIComponent(team.id)}&from=${range.from.slice(0, 10)}`,
  };
}
export type DigestFacts = Awaited<ReturnType<typeof digestFacts>>;

function duration(s: SummaryView): string {
  if (s.mean === null) return 'none';
  const m = Math.round(s.mean / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const pct = (r: number | null) => (r === null ? 'n/a' : `${Math.round(r * 100)}%`);

/** The digest as an email: the same lines as text and as simple HTML. */
export function digestMail(f: DigestFacts): { subject: string; text: string; html: string } {
  const lines = [
    `${f.incidents} incidents (the week before: ${f.previous_incidents})`,
    `Mean time to acknowledge: ${duration(f.response.mtta)}; to resolve: ${duration(f.response.mttr)}`,
    `Pages: ${f.oncall.pages}, ${f.oncall.sleep_hour_pages} of them in sleep hours`,
    ...f.oncall.flagged.map(
      (p) =>
        `Paged at night more than ${f.oncall.night_pages_per_week_threshold} times: ${p.name} (${p.sleep_hour_pages} pages, ${p.nights} nights)`,
    ),
    `Alert accuracy: ${pct(f.alert_quality.accuracy)}; flapping: ${f.alert_quality.flapping}`,
    ...f.alert_quality.noisiest
      .slice(0, 3)
      .map((a) => `Noisy: ${a.alert_name} on ${a.service} (${a.pages} pages, accuracy ${pct(a.accuracy)})`),
    `Postmortems completed: ${pct(f.process.postmortem_completion_rate)}; action items closed on time: ${pct(f.process.action_items_closure_rate)}; overdue: ${f.process.action_items_overdue}`,
  ];
  const week = `${f.week.from.slice(0, 10)} to ${new Date(Date.parse(f.week.to) - 86_400_000).toISOString().slice(0, 10)}`;
  return {
    subject: `Tocsin weekly insights: ${f.team.name}, ${week}`,
    text: `${f.team.name}, ${week}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\n${f.url}\n`,
    html: `<h1>${escapeHtml(f.team.name)}, ${week}</h1><ul>${lines
      .map((l) => `<li>${escapeHtml(l)}</li>`)
      .join('')}</ul><p><a href="${escapeHtml(f.url)}">Open the insights</a></p>`,
  };
}
