import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import type { ReactNode } from 'react';
import { BudgetBar } from './parts.tsx';
import { budgetText, burnText, minutesText, type SloView, toPercent, WINDOWS, windowWords } from './model.ts';

/**
 * The error budget as figures: the share left (with its bar), the minutes of full outage it
 * still allows at this traffic, when it runs out at the last hour's pace, and the events counted.
 */
export function Budget({ slo }: { slo: SloView }) {
  const b = slo.budget;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="slo-budget" h="100%">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slo-budget">
          Error budget
        </Title>
        <BudgetBar remaining={b.remaining} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" component="dl" m={0}>
          <Figure label="Full outage left">
            {b.remaining_minutes === null
              ? 'no traffic'
              : b.remaining_minutes <= 0
                ? 'none'
                : minutesText(b.remaining_minutes)}
          </Figure>
          <Figure label="Budget runs out">{forecast(slo)}</Figure>
          <Figure label="Events in the window">
            {b.total === 0
              ? 'none'
              : `${b.good.toLocaleString('en')} good of ${b.total.toLocaleString('en')}`}
          </Figure>
          <Figure label="Budget over the window">
            {minutesText(b.allowed_minutes)} of full outage ({toPercent(1 - slo.objective)} % of events)
          </Figure>
        </SimpleGrid>
        {b.excluded > 0 && (
          <Text size="sm">
            {b.excluded.toLocaleString('en')} {b.excluded === 1 ? 'event' : 'events'} during maintenance
            windows left out.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function forecast(slo: SloView): string {
  const b = slo.budget;
  if (b.remaining === null) return 'no traffic';
  if (b.remaining <= 0) return `already spent (${budgetText(b.remaining)} left)`;
  if (b.forecast_exhausted_at === null) return 'not at the current pace';
  const at = DateTime.fromISO(b.forecast_exhausted_at);
  return `${at.toRelative() ?? ''}, ${at.toLocaleString(DateTime.DATETIME_MED)}`;
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="gray.7">
        {label}
      </Text>
      <Text component="dd" m={0} fw={600} data-figure={label}>
        {children}
      </Text>
    </div>
  );
}

/**
 * The burn rate over every window the alerts can use, and how long the budget would last at it:
 * 1× spends it exactly over the SLO's window.
 */
export function BurnRates({ slo }: { slo: SloView }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="slo-burn" h="100%">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slo-burn">
          Burn rates
        </Title>
        <Table aria-labelledby="slo-burn" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Over the last</Table.Th>
              <Table.Th scope="col" ta="right">
                Burn rate
              </Table.Th>
              <Table.Th scope="col" ta="right">
                A full budget lasts
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {WINDOWS.map((w) => {
              const rate = slo.burn_rates[w] ?? null;
              return (
                <Table.Tr key={w} data-window={w}>
                  <Table.Th scope="row" fw={500}>
                    {windowWords(w)}
                  </Table.Th>
                  <Table.Td ta="right">{burnText(rate)}</Table.Td>
                  <Table.Td ta="right">
                    {rate === null
                      ? '—'
                      : rate <= 0
                        ? 'for ever'
                        : minutesText((slo.window_days * 1440) / rate)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
