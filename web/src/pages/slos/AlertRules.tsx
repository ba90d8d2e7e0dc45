import {
  ActionIcon,
  Box,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { RuleRow, SaveErrors } from './draft.ts';
import { type BurnWindow, SLO_SEVERITIES, type SloSeverity, WINDOWS, windowWords } from './model.ts';

const WINDOW_OPTIONS = WINDOWS.map((w) => ({ value: w, label: windowWords(w) }));

/**
 * The SLO's burn-rate alerts as a table a person edits in place: one row per alert (its name, long
 * and short windows, burn rate and severity), rows added and removed. The API's 400 about a row
 * (`body.alerts.1.short_window`) shows at that row's control. On a phone the table scrolls
 * sideways inside its frame instead of widening the page.
 */
export function AlertRules({
  rows,
  onChange,
  errors,
}: {
  rows: RuleRow[];
  onChange: (rows: RuleRow[]) => void;
  errors: SaveErrors;
}) {
  const nextKey = rows.reduce((m, r) => Math.max(m, r.key), -1) + 1;
  const update = (key: number, change: Partial<RuleRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  /** The row's error for one of its parts; a message naming the row but no part goes on its name. */
  const err = (r: RuleRow, part: string) =>
    errors.alertRow === r.key &&
    (errors.alertSub === part ||
      (part === 'name' &&
        !['long_window', 'short_window', 'burn_rate', 'severity'].includes(errors.alertSub ?? '')))
      ? errors.alertMessage
      : undefined;

  return (
    <Box>
      {rows.length === 0 ? (
        <Text size="sm">No alerts: the SLO is only watched on its page.</Text>
      ) : (
        <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Burn-rate alerts (table)">
          <Table aria-label="Burn-rate alerts" miw={760} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Long window</Table.Th>
                <Table.Th scope="col">Short window</Table.Th>
                <Table.Th scope="col">Burn rate (×)</Table.Th>
                <Table.Th scope="col">Severity</Table.Th>
                <Table.Th scope="col">Remove</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={r.key} style={{ verticalAlign: 'top' }}>
                  <Table.Td>
                    <TextInput
                      aria-label={`Alert ${i + 1} name`}
                      value={r.name}
                      onChange={(ev) => update(r.key, { name: ev.currentTarget.value })}
                      error={err(r, 'name')}
                      miw={140}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Alert ${i + 1} long window`}
                      value={r.long_window}
                      onChange={(ev) => update(r.key, { long_window: ev.currentTarget.value as BurnWindow })}
                      data={WINDOW_OPTIONS}
                      error={err(r, 'long_window')}
                      miw={130}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Alert ${i + 1} short window`}
                      value={r.short_window}
                      onChange={(ev) => update(r.key, { short_window: ev.currentTarget.value as BurnWindow })}
                      data={WINDOW_OPTIONS}
                      error={err(r, 'short_window')}
                      miw={130}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Alert ${i + 1} burn rate`}
                      min={0}
                      decimalScale={3}
                      value={r.burn_rate}
                      onChange={(v) => update(r.key, { burn_rate: v })}
                      error={err(r, 'burn_rate')}
                      miw={90}
                      maw={120}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Alert ${i + 1} severity`}
                      value={r.severity}
                      onChange={(ev) => update(r.key, { severity: ev.currentTarget.value as SloSeverity })}
                      data={[...SLO_SEVERITIES]}
                      error={err(r, 'severity')}
                      miw={110}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="default"
                      size="lg"
                      aria-label={`Remove alert ${i + 1} (${r.name === '' ? 'unnamed' : r.name})`}
                      onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {errors.alertRow !== undefined && errors.alertMessage !== undefined && (
        // Also under the table: on a phone the row's control may be scrolled out of sight.
        <Text size="sm" c="red.8" mt="xs" style={{ overflowWrap: 'anywhere' }}>
          Alert {rows.findIndex((r) => r.key === errors.alertRow) + 1}: {errors.alertMessage}
        </Text>
      )}
      {errors.byField.alerts !== undefined && (
        <Text size="sm" c="red.8" role="alert" mt="xs">
          {errors.byField.alerts}
        </Text>
      )}
      <Group mt="xs">
        <Button
          variant="default"
          size="xs"
          onClick={() =>
            onChange([
              ...rows,
              {
                key: nextKey,
                name: '',
                long_window: '1h',
                short_window: '5m',
                burn_rate: 2,
                severity: 'warning',
              },
            ])
          }
        >
          Add an alert
        </Button>
      </Group>
    </Box>
  );
}
