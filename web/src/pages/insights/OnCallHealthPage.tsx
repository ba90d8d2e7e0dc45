import { Badge, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import type { OnCallHealthAnswer, PersonView } from '../../types.ts';
import { decimal, percent, useReport, weekLabel } from './data.ts';
import { Card, Cards, CsvLink, FigureTable, Section, StackedBars } from './Figures.tsx';

/**
 * Whether the on-call load is bearable and fair (GET /api/v1/insights/oncall-health): pages per
 * person by the part of their day (in their own time zone), broken nights, and who takes more
 * than their share. People paged in their sleep more often than the threshold are flagged.
 */
const PARTS = [
  { key: 'business_hours', label: 'Business hours', color: 'teal.8' },
  { key: 'after_hours', label: 'After hours', color: 'orange.7' },
  { key: 'sleep_hours', label: 'Sleep hours', color: 'indigo.9' },
] as const;

export function OnCallHealthPage() {
  const [params] = useSearchParams();
  const report = useReport<OnCallHealthAnswer>('oncall-health', params);
  const r = report.data;
  const flagged = r?.people.filter((p) => p.flagged) ?? [];
  const pages = r?.people.reduce((n, p) => n + p.pages, 0) ?? 0;

  return (
    <Stack gap="lg">
      <QueryState query={report} what="the on-call health report" />
      {r !== undefined && (
        <>
          <Section title="On-call load">
            <Cards>
              <Card label="Pages" value={String(pages)}>
                <Text size="sm">{decimal(r.weeks === 0 ? 0 : pages / r.weeks)} a week</Text>
              </Card>
              <Card label="People paged" value={String(r.people.filter((p) => p.pages > 0).length)} />
              <Card label="Flagged" value={String(flagged.length)}>
                <Text size="sm">
                  more than {decimal(r.night_pages_per_week_threshold)} sleep-hour pages a week
                </Text>
              </Card>
              <Card
                label="Imbalance"
                value={r.imbalance === null ? 'no data' : `${decimal(Math.round(r.imbalance * 10) / 10)}×`}
              >
                <Text size="sm">the busiest person&apos;s share against an even one (1× is even)</Text>
              </Card>
            </Cards>
            {flagged.length > 0 && (
              <Text size="sm" role="note">
                Flagged: {flagged.map((p) => p.name).join(', ')}.
              </Text>
            )}
          </Section>
          <Section title="People">
            <FigureTable
              caption="Pages per person"
              columns={[
                {
                  label: 'Person',
                  cell: (p: PersonView) => (
                    <>
                      {p.name}{' '}
                      {p.flagged && (
                        <Badge color="red.9" variant="filled" size="sm">
                          Flagged
                        </Badge>
                      )}
                      <Text size="xs" c="gray.7">
                        {p.time_zone}
                      </Text>
                    </>
                  ),
                },
                { label: 'Pages', numeric: true, cell: (p) => p.pages },
                { label: 'Business hours', numeric: true, cell: (p) => p.business_hours },
                { label: 'After hours', numeric: true, cell: (p) => p.after_hours },
                { label: 'Sleep hours', numeric: true, cell: (p) => p.sleep_hours },
                { label: 'Weekend', numeric: true, cell: (p) => p.weekend },
                { label: 'Nights interrupted', numeric: true, cell: (p) => p.nights_interrupted },
                {
                  label: 'Sleep pages a week',
                  numeric: true,
                  cell: (p) => decimal(Math.round(p.night_pages_per_week * 10) / 10),
                },
                { label: 'Hours on call', numeric: true, cell: (p) => decimal(Math.round(p.hours_on_call)) },
                { label: 'Share of pages', numeric: true, cell: (p) => percent(p.share_of_pages) },
              ]}
              rows={r.people}
              rowKey={(p) => p.user_id}
              highlight={(p) => p.flagged}
              empty="Nobody was paged in the period."
            />
            <CsvLink report="oncall-health" />
          </Section>
          <Section title="Pages per week">
            <StackedBars
              summary={`Pages per week by the part of the day: ${r.weekly
                .map(
                  (w) =>
                    `week of ${weekLabel(w.week_start)}: ${PARTS.map(
                      (p) => `${w[p.key]} ${p.label.toLowerCase()}`,
                    ).join(', ')}`,
                )
                .join('; ')}`}
              data={r.weekly.map((w) => ({
                week: weekLabel(w.week_start),
                ...Object.fromEntries(PARTS.map((p) => [p.label, w[p.key]])),
              }))}
              dataKey="week"
              series={PARTS.map((p) => ({ name: p.label, color: p.color }))}
            />
            <FigureTable
              caption="Pages per week by the part of the day"
              columns={[
                { label: 'Week of', cell: (w) => weekLabel(w.week_start) },
                ...PARTS.map((p) => ({ label: p.label, numeric: true, cell: (w: Weekly) => w[p.key] })),
              ]}
              rows={r.weekly}
              rowKey={(w) => w.week_start}
              empty="No weeks in the period."
            />
            <Text size="sm" c="gray.7">
              Sleep hours are 22:00 to 07:00, business hours 09:00 to 18:00 on weekdays, in each person&apos;s
              own time zone.
            </Text>
          </Section>
        </>
      )}
    </Stack>
  );
}

type Weekly = OnCallHealthAnswer['weekly'][number];
