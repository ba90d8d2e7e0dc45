import { Anchor, Box, Paper, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import { StatusBadge } from '../badges.tsx';
import { type Column, FigureTable } from '../insights/Figures.tsx';
import { useSloAlerts } from './data.ts';
import type { SloAlertView, SloView } from './model.ts';

const at = (iso: string) => DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED);

const COLUMNS: Column<SloAlertView>[] = [
  {
    label: 'Rule',
    cell: (a) => (
      <Anchor component={Link} to={`/alerts/${encodeURIComponent(a.alert_id)}`} size="sm">
        {a.rule}
      </Anchor>
    ),
  },
  {
    label: 'Status',
    // As wide as its word: a narrow column on a phone would cut the badge short.
    cell: (a) => (
      <Box miw="max-content">
        <StatusBadge status={a.status} />
      </Box>
    ),
  },
  { label: 'Severity', cell: (a) => a.severity },
  { label: 'Opened', cell: (a) => at(a.opened_at) },
  { label: 'Resolved', cell: (a) => (a.resolved_at === null ? 'not yet' : at(a.resolved_at)) },
  {
    label: 'Incident',
    cell: (a) =>
      a.incident_ref === null ? (
        'none'
      ) : (
        <Anchor component={Link} to={`/incidents/${encodeURIComponent(a.incident_ref)}`} size="sm">
          {a.incident_ref}
        </Anchor>
      ),
  },
];

/** The SLO's burn-rate alerts, newest first (GET /api/v1/slos/:id/alerts), each with its incident. */
export function AlertHistory({ slo }: { slo: SloView }) {
  const alerts = useSloAlerts(slo.id);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="slo-alerts-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slo-alerts-title">
          Alert history
        </Title>
        <QueryState query={alerts} what="the SLO's alerts" />
        {alerts.data !== undefined && (
          <FigureTable
            caption="Alerts of this SLO"
            columns={COLUMNS}
            rows={alerts.data.data}
            rowKey={(a) => a.alert_id}
            empty={
              slo.alerts.length === 0
                ? 'This SLO has no burn-rate alerts.'
                : 'No alert has fired yet: the budget never burnt fast enough for one.'
            }
          />
        )}
        {alerts.data !== undefined && alerts.data.data.length > 0 && (
          <Text size="sm" c="gray.7">
            The last 100 alerts, newest first.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
