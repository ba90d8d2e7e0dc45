import { Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import type { AlertQualityAnswer } from '../../types.ts';
import { percent, useReport } from './data.ts';
import { Card, Cards, CsvLink, FigureTable, Section } from './Figures.tsx';

/**
 * Whether the pages were worth it (GET /api/v1/insights/alert-quality): of the incidents the
 * responders classified when resolving, how many were actionable, per service and per alert,
 * the noisiest alerts first, and how often an alert fired again soon after it resolved.
 */
type Quality = AlertQualityAnswer['overall'];

const verdicts = (q: Pick<Quality, 'classified' | 'actionable' | 'noise'>) =>
  `${q.actionable} actionable, ${q.noise} noise`;

export function AlertQualityPage() {
  const [params] = useSearchParams();
  const report = useReport<AlertQualityAnswer>('alert-quality', params);
  const r = report.data;

  return (
    <Stack gap="lg">
      <QueryState query={report} what="the alert quality report" />
      {r !== undefined && (
        <>
          <Section title="Accuracy">
            <Cards>
              <Card label="Accuracy" value={percent(r.overall.accuracy)}>
                <Text size="sm">
                  {verdicts(r.overall)} of {r.overall.incidents} incidents
                </Text>
              </Card>
              <Card label="Not classified" value={String(r.overall.incidents - r.overall.classified)}>
                <Text size="sm">asked when resolving</Text>
              </Card>
              <Card label="Pages" value={String(r.overall.pages)} />
              <Card label="Flapping" value={String(r.overall.flapping)}>
                <Text size="sm">fired again within {r.flap_minutes} min of resolving</Text>
              </Card>
            </Cards>
          </Section>
          <Section title="Noisiest alerts">
            <FigureTable
              caption="Alerts ranked by pages, then lowest accuracy"
              columns={[
                {
                  label: 'Alert',
                  cell: (a) => <span style={{ overflowWrap: 'anywhere' }}>{a.alert_name}</span>,
                },
                { label: 'Service', cell: (a) => a.service },
                { label: 'Pages', numeric: true, cell: (a) => a.pages },
                { label: 'Incidents', numeric: true, cell: (a) => a.incidents },
                { label: 'Actionable', numeric: true, cell: (a) => a.actionable },
                { label: 'Noise', numeric: true, cell: (a) => a.noise },
                { label: 'Accuracy', numeric: true, cell: (a) => percent(a.accuracy) },
                { label: 'Flapping', numeric: true, cell: (a) => a.flapping },
              ]}
              rows={r.alerts}
              rowKey={(a) => `${a.service_id} ${a.alert_name}`}
              empty="No alerts opened incidents in the period."
            />
            <CsvLink report="alert-quality" />
          </Section>
          <Section title="By service">
            <FigureTable
              caption="Accuracy by service"
              columns={[
                { label: 'Service', cell: (s) => s.name },
                { label: 'Incidents', numeric: true, cell: (s) => s.incidents },
                { label: 'Classified', numeric: true, cell: (s) => s.classified },
                { label: 'Actionable', numeric: true, cell: (s) => s.actionable },
                { label: 'Noise', numeric: true, cell: (s) => s.noise },
                { label: 'Accuracy', numeric: true, cell: (s) => percent(s.accuracy) },
                { label: 'Flapping', numeric: true, cell: (s) => s.flapping },
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
