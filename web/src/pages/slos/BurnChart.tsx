import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { QueryState } from '../../components/QueryState.tsx';
import { useSloChart } from './data.ts';
import { budgetText, burnText, type SloChartView } from './model.ts';

/**
 * The SLO's burn over its window (GET /api/v1/slos/:id/chart): the error budget left hour by
 * hour, and each hour's burn rate. A screen reader hears each chart as one image described in
 * words; the caption under the heading says the same figures for everyone, and the page's
 * budget and burn-rate table above carry the current ones: the charts add the shape, not facts.
 */
export function BurnChart({ id }: { id: string }) {
  const chart = useSloChart(id);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="slo-chart">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slo-chart">
          Burn over the window
        </Title>
        <QueryState query={chart} what="the chart" />
        {chart.data !== undefined && <Charts chart={chart.data} />}
      </Stack>
    </Paper>
  );
}

const hour = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL HH:mm');

/** What the charts show, in one or two sentences. */
export function caption(chart: SloChartView): string {
  const withTraffic = chart.points.filter((p) => p.total > 0);
  const days = `the last ${chart.window_days} days`;
  if (withTraffic.length === 0) return `No events in ${days}: nothing to draw yet.`;
  const good = withTraffic.reduce((n, p) => n + p.good, 0);
  const total = withTraffic.reduce((n, p) => n + p.total, 0);
  const budgets = chart.points.filter((p) => p.budget_remaining !== null);
  const first = budgets[0]?.budget_remaining ?? null;
  const last = budgets.at(-1)?.budget_remaining ?? null;
  const lowest = budgets.reduce<number | null>(
    (m, p) => (m === null || p.budget_remaining! < m ? p.budget_remaining : m),
    null,
  );
  const peak = withTraffic.reduce<(typeof withTraffic)[number] | undefined>(
    (m, p) => (p.burn_rate !== null && (m === undefined || p.burn_rate > (m.burn_rate ?? -1)) ? p : m),
    undefined,
  );
  const parts = [
    `Over ${days}, ${good.toLocaleString('en')} of ${total.toLocaleString('en')} events were good, in ${withTraffic.length} ${withTraffic.length === 1 ? 'hour' : 'hours'} with traffic.`,
  ];
  if (first !== null && last !== null && lowest !== null) {
    parts.push(
      `The error budget left went from ${budgetText(first)} to ${budgetText(last)} (lowest ${budgetText(lowest)}).`,
    );
  }
  if (peak?.burn_rate !== null && peak !== undefined) {
    parts.push(`The hourly burn rate peaked at ${burnText(peak.burn_rate)} at ${hour(peak.at)}.`);
  }
  return parts.join(' ');
}

function Charts({ chart }: { chart: SloChartView }) {
  const text = caption(chart);
  const data = chart.points.map((p) => ({
    hour: hour(p.at),
    budget: p.budget_remaining === null ? null : Math.round(p.budget_remaining * 1000) / 10,
    burn: p.burn_rate,
  }));
  const traffic = chart.points.some((p) => p.total > 0);
  const ticks = budgetTicks(data.flatMap((d) => (d.budget === null ? [] : [d.budget])));
  return (
    <Stack gap="md">
      <Text size="sm" data-chart-caption>
        {text}
      </Text>
      {traffic && (
        <>
          <Stack gap={4}>
            <Title order={3} size="h5">
              Error budget left (%)
            </Title>
            <div role="img" aria-label={`Error budget left, hour by hour. ${text}`} data-chart="budget">
              <AreaChart
                h={220}
                data={data}
                dataKey="hour"
                series={[{ name: 'budget', label: 'Budget left', color: 'indigo.8' }]}
                curveType="linear"
                withDots={false}
                connectNulls
                tickLine="y"
                valueFormatter={(v) => `${Number(v.toFixed(1))} %`}
                referenceLines={[{ y: 0, color: 'red.8', label: 'Exhausted' }]}
                xAxisProps={{ minTickGap: 40 }}
                yAxisProps={{ domain: [ticks[0]!, 100], ticks }}
                aria-hidden
                accessibilityLayer={false}
              />
            </div>
          </Stack>
          <Stack gap={4}>
            <Title order={3} size="h5">
              Burn rate per hour (×)
            </Title>
            <div
              role="img"
              aria-label="Burn rate per hour; 1× spends the budget exactly over the window."
              data-chart="burn"
            >
              <BarChart
                h={180}
                data={data}
                dataKey="hour"
                series={[{ name: 'burn', label: 'Burn rate', color: 'orange.8' }]}
                tickLine="y"
                valueFormatter={(v) => `${v.toFixed(2)}×`}
                referenceLines={[{ y: 1, color: 'gray.7', label: '1×' }]}
                xAxisProps={{ minTickGap: 40 }}
                aria-hidden
                accessibilityLayer={false}
              />
            </div>
          </Stack>
        </>
      )}
    </Stack>
  );
}

/**
 * The budget axis: never above 100 % (all of it), always down to 0 % (spent), further when
 * overspent, in round steps that keep 0 % a tick.
 */
export function budgetTicks(values: number[]): number[] {
  const min = Math.min(0, ...values);
  if (min >= 0) return [0, 25, 50, 75, 100];
  const span = 100 - min;
  const step = [25, 50, 100, 200, 250, 500, 1000, 2500, 5000, 10_000].find((s) => span / s <= 6) ?? 10_000;
  const ticks = [0];
  while (ticks[0]! > min) ticks.unshift(ticks[0]! - step);
  for (let t = step; t < 100; t += step) ticks.push(t);
  ticks.push(100);
  return ticks;
}
