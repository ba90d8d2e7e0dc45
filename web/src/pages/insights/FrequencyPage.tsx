import { Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import type { FrequencyAnswer } from '../../types.ts';
import { seconds, useReport, weekLabel } from './data.ts';
import { CsvLink, FigureTable, Section, StackedBars } from './Figures.tsx';

/**
 * How often things break (GET /api/v1/insights/frequency): incidents per week by severity, and
 * per service with the mean time between their incidents.
 */
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
// Shades dark enough to tell apart from the white between bars (and from each other in grey).
const SEVERITY_COLORS: Record<(typeof SEVERITIES)[number], string> = {
  SEV1: 'red.8',
  SEV2: 'orange.7',
  SEV3: 'yellow.6',
  SEV4: 'gray.6',
};

export function FrequencyPage() {
  const [params] = useSearchParams();
  const report = useReport<FrequencyAnswer>('frequency', params);
  const r = report.data;
  const total = r?.weeks.reduce((n, w) => n + w.total, 0) ?? 0;

  return (
    <Stack gap="lg">
      <QueryState query={report} what="the frequency report" />
      {r !== undefined && (
        <>
          <Section title="Incidents per week">
            <Text size="sm">
              {total === 1 ? '1 incident' : `${total} incidents`} in {r.weeks.length} weeks.
            </Text>
            <StackedBars
              summary={`Incidents per week by severity, ${total} in all: ${r.weeks
                .map(
                  (w) =>
                    `week of ${weekLabel(w.week_start)}: ${w.total}` +
                    (w.total === 0 ? '' : ` (${SEVERITIES.map((s) => `${s} ${w[s]}`).join(', ')})`),
                )
                .join('; ')}`}
              data={r.weeks.map((w) => ({ week: weekLabel(w.week_start), ...pick(w) }))}
              dataKey="week"
              series={SEVERITIES.map((s) => ({ name: s, color: SEVERITY_COLORS[s] }))}
            />
            <FigureTable
              caption="Incidents per week by severity"
              columns={[
                { label: 'Week of', cell: (w) => weekLabel(w.week_start) },
                ...SEVERITIES.map((s) => ({ label: s, numeric: true, cell: (w: Week) => w[s] })),
                { label: 'Total', numeric: true, cell: (w) => w.total },
              ]}
              rows={r.weeks}
              rowKey={(w) => w.week_start}
              empty="No weeks in the period."
            />
            <CsvLink report="frequency" />
          </Section>
          <Section title="By service">
            <FigureTable
              caption="Incidents and mean time between failures by service"
              columns={[
                { label: 'Service', cell: (s) => s.name },
                { label: 'Incidents', numeric: true, cell: (s) => s.incidents },
                {
                  label: 'MTBF',
                  numeric: true,
                  cell: (s) => (s.mtbf_seconds === null ? 'fewer than 2 incidents' : seconds(s.mtbf_seconds)),
                },
              ]}
              rows={r.services}
              rowKey={(s) => s.service_id}
              empty="No incidents in the period."
            />
          </Section>
        </>
      )}
    </Stack>
  );
}

type Week = FrequencyAnswer['weeks'][number];

const pick = (w: Week) => Object.fromEntries(SEVERITIES.map((s) => [s, w[s]]));
