import '@mantine/charts/styles.css';
import { BarChart, type BarChartSeries } from '@mantine/charts';
import { Anchor, Box, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { csvHref, csvName, type Report } from './data.ts';

/**
 * The pieces every insights report is drawn with: a titled section, figure cards, tables that
 * scroll sideways on a phone instead of widening the page, and bar charts that a screen reader
 * reads as one image with its numbers in words (the same numbers are in a table next to it).
 */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export function Cards({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      {children}
    </SimpleGrid>
  );
}

/** One headline figure: what it is, the figure, and a line under it (a trend, a detail). */
export function Card({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {children}
    </Paper>
  );
}

export interface Column<R> {
  label: string;
  cell: (row: R) => ReactNode;
  /** Numbers line up on the right. */
  numeric?: boolean;
}

export function FigureTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  highlight,
  empty,
}: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  /** Rows to draw attention to (flagged people), marked for screen readers by the caller. */
  highlight?: (row: R) => boolean;
  empty: string;
}) {
  if (rows.length === 0) return <Text>{empty}</Text>;
  return (
    // Focusable, so a keyboard can scroll it sideways where it is wider than the screen.
    <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={`${caption} (table)`}>
      <Table striped highlightOnHover aria-label={caption} miw={columns.length * 95}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.label} ta={c.numeric === true ? 'right' : undefined} scope="col">
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr
              key={rowKey(r)}
              bg={highlight?.(r) === true ? 'orange.0' : undefined}
              data-flagged={highlight?.(r) === true ? 'true' : undefined}
            >
              {columns.map((c, n) =>
                n === 0 ? (
                  <Table.Th key={c.label} scope="row" fw={highlight?.(r) === true ? 700 : 500}>
                    {c.cell(r)}
                  </Table.Th>
                ) : (
                  <Table.Td key={c.label} ta={c.numeric === true ? 'right' : undefined}>
                    {c.cell(r)}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

/**
 * A stacked bar chart as one image: `summary` is what a screen reader hears, the chart's own
 * parts are hidden from it (and recharts' keyboard layer is off: an image has no controls).
 */
export function StackedBars({
  summary,
  data,
  dataKey,
  series,
}: {
  summary: string;
  data: Record<string, string | number>[];
  dataKey: string;
  series: BarChartSeries[];
}) {
  return (
    <div role="img" aria-label={summary} data-chart>
      <BarChart
        h={260}
        data={data}
        dataKey={dataKey}
        series={series}
        type="stacked"
        withLegend
        tickLine="y"
        yAxisProps={{ allowDecimals: false }}
        aria-hidden
        barChartProps={{ accessibilityLayer: false }}
      />
    </div>
  );
}

/** The report as CSV, for a spreadsheet: the same filters, the rows of its main table. */
export function CsvLink({ report }: { report: Report }) {
  const [params] = useSearchParams();
  return (
    <Anchor href={csvHref(report, params)} download={csvName(report, params)} size="sm">
      Download CSV
    </Anchor>
  );
}
