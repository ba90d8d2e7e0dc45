import { Anchor, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import { shortWhen } from '../../format.ts';
import { ListTable } from '../profile/parts.tsx';
import { useCoverage } from './data.ts';

const PERIODS = [7, 30, 90];

/** Where "write one" starts: a new runbook for the service, titled after the alert when there is one. */
const newFor = (serviceId: string, title?: string) =>
  `/runbooks/new?${new URLSearchParams({ service_id: serviceId, ...(title === undefined ? {} : { title }) }).toString()}`;

/**
 * What has no runbook yet (GET /api/v1/runbooks/coverage): the services no runbook names or
 * matches, and the alerts of the period that no runbook matched and that carried no runbook link
 * of their own, the noisiest first, each with the way to write one.
 */
export function Coverage({ canWrite }: { canWrite: boolean }) {
  const [days, setDays] = useState(30);
  const coverage = useCoverage(days);
  const c = coverage.data;
  const share =
    c === undefined || c.alerts_checked === 0
      ? null
      : Math.round((100 * c.alerts_covered) / c.alerts_checked);
  return (
    <Stack gap="md">
      <NativeSelect
        label="Alerts received in"
        value={String(days)}
        onChange={(e) => setDays(Number(e.currentTarget.value))}
        data={PERIODS.map((d) => ({ value: String(d), label: `the last ${d} days` }))}
        maw={240}
      />
      <QueryState query={coverage} what="the runbook coverage" />
      {c !== undefined && (
        <>
          <Paper withBorder p="sm">
            <Text>
              {share === null
                ? `No alerts in the last ${days} days.`
                : `${c.alerts_covered} of ${c.alerts_checked} alerts in the last ${days} days had a runbook (${share} %).`}
            </Text>
          </Paper>
          <Stack gap="xs" component="section" aria-labelledby="coverage-services">
            <Title order={2} size="h4" id="coverage-services">
              Services without a runbook ({c.services_without_runbook.length})
            </Title>
            {c.services_without_runbook.length === 0 ? (
              <Text size="sm">Every service has a runbook.</Text>
            ) : (
              <Stack
                gap={6}
                component="ul"
                p={0}
                m={0}
                style={{ listStyle: 'none' }}
                aria-label="Services without a runbook"
              >
                {c.services_without_runbook.map((s) => (
                  <Group key={s.id} component="li" gap="sm">
                    <Anchor component={Link} to={`/services/${encodeURIComponent(s.id)}`} size="sm">
                      {s.name}
                    </Anchor>
                    {canWrite && (
                      <Anchor
                        component={Link}
                        to={newFor(s.id)}
                        size="sm"
                        aria-label={`Write a runbook for ${s.name}`}
                      >
                        Write a runbook
                      </Anchor>
                    )}
                  </Group>
                ))}
              </Stack>
            )}
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="coverage-alerts">
            <Title order={2} size="h4" id="coverage-alerts">
              Noisiest alerts without a runbook ({c.alerts_without_runbook.length})
            </Title>
            {c.alerts_without_runbook.length === 0 ? (
              <Text size="sm">Every alert of the period had a runbook.</Text>
            ) : (
              <ListTable
                label="Alerts without a runbook"
                headers={['Alert', 'Service', 'Alerts', 'Last received', ...(canWrite ? ['Runbook'] : [])]}
              >
                {c.alerts_without_runbook.map((a) => (
                  <Table.Tr key={`${a.service.id} ${a.alert}`}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.alert}</Table.Td>
                    <Table.Td>{a.service.name}</Table.Td>
                    <Table.Td>{a.alerts}</Table.Td>
                    <Table.Td>{shortWhen(a.last_received_at)}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={newFor(a.service.id, a.alert)}
                          size="sm"
                          aria-label={`Write a runbook for ${a.alert} (${a.service.name})`}
                        >
                          Write a runbook
                        </Anchor>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </ListTable>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
