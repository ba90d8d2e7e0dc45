import { Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import type { ProcessHealthAnswer } from '../../types.ts';
import { percent, seconds, useReport } from './data.ts';
import { Card, Cards, CsvLink, Section } from './Figures.tsx';

/**
 * Whether the team follows through (GET /api/v1/insights/process-health): postmortems written
 * where the severity asks for one, action items closed by their due date, and how soon the
 * first status update went out.
 */
export function ProcessHealthPage() {
  const [params] = useSearchParams();
  const report = useReport<ProcessHealthAnswer>('process-health', params);
  const r = report.data;

  return (
    <Stack gap="lg">
      <QueryState query={report} what="the process health report" />
      {r !== undefined && (
        <>
          <Section title="Postmortems">
            <Cards>
              <Card label="Postmortem completion" value={percent(r.postmortems.completion_rate)}>
                <Text size="sm">
                  {r.postmortems.published} published of {r.postmortems.required} required
                </Text>
              </Card>
              <Card label="Time to publish" value={seconds(r.postmortems.time_to_publish.median)}>
                <Text size="sm">median; p90 {seconds(r.postmortems.time_to_publish.p90)}</Text>
              </Card>
            </Cards>
          </Section>
          <Section title="Action items">
            <Cards>
              <Card label="Closed by due date" value={percent(r.action_items.closure_rate)}>
                <Text size="sm">
                  {r.action_items.closed_by_due_date} of {r.action_items.due} due in the period
                </Text>
              </Card>
              <Card label="Open and overdue" value={String(r.action_items.open_overdue)} />
            </Cards>
          </Section>
          <Section title="Status updates">
            <Cards>
              <Card label="Time to first update" value={seconds(r.first_update.time_to_first_update.median)}>
                <Text size="sm">
                  median; p90 {seconds(r.first_update.time_to_first_update.p90)}; {r.first_update.with_update}{' '}
                  of {r.first_update.incidents} incidents had one
                </Text>
              </Card>
              {r.runbooks.used !== null && (
                <Card label="Runbooks used" value={String(r.runbooks.used)}>
                  <Text size="sm">efficacy {percent(r.runbooks.efficacy)}</Text>
                </Card>
              )}
            </Cards>
            <CsvLink report="process-health" />
          </Section>
        </>
      )}
    </Stack>
  );
}
