import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import type { MetricsView, ResponseAnswer, SummaryView } from '../../types.ts';
import { seconds, useReport } from './data.ts';
import { Card, Cards, type Column, CsvLink, FigureTable, Section } from './Figures.tsx';

/**
 * How fast incidents are detected, acknowledged, mitigated and resolved (GET
 * /api/v1/insights/response): the mean of each with its change since the period before, the
 * median and p90 under it, then the same figures per service, team or severity.
 */
type Step = 'mttd' | 'mtta' | 'mttm' | 'mttr';
const STEPS: { key: Step; label: string; long: string }[] = [
  { key: 'mttd', label: 'MTTD', long: 'Mean time to detect' },
  { key: 'mtta', label: 'MTTA', long: 'Mean time to acknowledge' },
  { key: 'mttm', label: 'MTTM', long: 'Mean time to mitigate' },
  { key: 'mttr', label: 'MTTR', long: 'Mean time to resolve' },
];
const GROUPS = [
  { value: 'service', label: 'Service' },
  { value: 'team', label: 'Team' },
  { value: 'severity', label: 'Severity' },
];

export function ResponsePage() {
  const [params, setParams] = useSearchParams();
  const groupBy = params.get('group_by') ?? 'service';
  // The API groups only when asked: the table needs group_by set even for the default.
  const query = new URLSearchParams(params);
  query.set('group_by', groupBy);
  const report = useReport<ResponseAnswer>('response', query);
  const setGroup = (v: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (v === 'service') next.delete('group_by');
        else next.set('group_by', v);
        return next;
      },
      { replace: true },
    );
  const r = report.data;

  return (
    <Stack gap="lg">
      <QueryState query={report} what="the response report" />
      {r !== undefined && (
        <>
          <Section title="Response times">
            <Text size="sm">
              {incidents(r.metrics.incidents)} in the period ({r.previous.incidents} in the one before,{' '}
              <Change value={r.trend.incidents} format={(n) => String(Math.abs(n))} unit="count" />
              ).
            </Text>
            <Cards>
              {STEPS.map((s) => (
                <Card key={s.key} label={`${s.label}: ${s.long}`} value={seconds(r.metrics[s.key].mean)}>
                  <Text size="sm">
                    <Change value={r.trend[s.key]} format={seconds} unit="time" />
                  </Text>
                  <Text size="sm" c="gray.7">
                    {spread(r.metrics[s.key])}
                  </Text>
                </Card>
              ))}
            </Cards>
            <CsvLink report="response" />
          </Section>
          <Section title="By group">
            <SegmentedControl
              aria-label="Group by"
              value={groupBy}
              onChange={setGroup}
              data={GROUPS}
              style={{ alignSelf: 'start' }}
            />
            <FigureTable
              caption={`Response times by ${groupBy}`}
              columns={groupColumns(groupBy)}
              rows={r.groups}
              rowKey={(g) => g.key}
              empty="No incidents in the period."
            />
          </Section>
        </>
      )}
    </Stack>
  );
}

const incidents = (n: number) => (n === 1 ? '1 incident' : `${n} incidents`);

const spread = (s: SummaryView) =>
  s.count === 0 ? 'no incidents got this far' : `median ${seconds(s.median)}, p90 ${seconds(s.p90)}`;

/** A change since the previous period: for a time, lower is better; for a count, fewer is. */
function Change({
  value,
  format,
  unit,
}: {
  value: number | null;
  format: (n: number) => string;
  unit: 'time' | 'count';
}) {
  if (value === null) return <>no previous figure to compare</>;
  if (value === 0) return <>the same as the previous period</>;
  const better = value < 0;
  const words =
    unit === 'time' ? (better ? 'faster' : 'slower') : better ? 'fewer than before' : 'more than before';
  return (
    <Group component="span" gap={4} display="inline-flex" c={better ? 'teal.9' : 'red.9'}>
      <span aria-hidden>{better ? '▼' : '▲'}</span>
      {format(Math.abs(value))} {words}
    </Group>
  );
}

type Row = ResponseAnswer['groups'][number];

function groupColumns(groupBy: string): Column<Row>[] {
  const figure = (key: Step, label: string): Column<Row> => ({
    label,
    numeric: true,
    cell: (g: MetricsView) => seconds(g[key].mean),
  });
  return [
    { label: GROUPS.find((g) => g.value === groupBy)?.label ?? 'Group', cell: (g) => g.name },
    { label: 'Incidents', numeric: true, cell: (g) => g.incidents },
    figure('mttd', 'MTTD'),
    figure('mtta', 'MTTA'),
    figure('mttm', 'MTTM'),
    figure('mttr', 'MTTR'),
    { label: 'MTTR p90', numeric: true, cell: (g) => seconds(g.mttr.p90) },
  ];
}
