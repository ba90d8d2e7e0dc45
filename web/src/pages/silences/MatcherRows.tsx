import { ActionIcon, Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { errorFor, type FieldError } from '../../form-errors.ts';

const OPS = ['=', '!=', '=~', '!~'] as const;
export type Op = (typeof OPS)[number];

export interface MatcherRow {
  key: number;
  name: string;
  op: Op;
  value: string;
}

export function toRows(matchers: readonly { name: string; op: string; value: string }[]): MatcherRow[] {
  return matchers.map(({ name, op, value }, key) => ({
    key,
    name,
    op: (OPS as readonly string[]).includes(op) ? (op as Op) : '=',
    value,
  }));
}

/** What the API takes: the rows as typed, in order (the API's errors name them by index). */
export const matchersOf = (rows: readonly MatcherRow[]) =>
  rows.map(({ name, op, value }) => ({ name, op, value }));

/**
 * Alertmanager-style matchers, one row each: label, operator (=, !=, =~ regex, !~ not regex) and
 * value, each row removable. A 400 naming `matchers.N` shows at row N.
 */
export function MatcherRows({
  rows,
  onChange,
  err,
}: {
  rows: MatcherRow[];
  onChange: (rows: MatcherRow[]) => void;
  err: FieldError | undefined;
}) {
  const setRow = (key: number, change: Partial<MatcherRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const nextKey = rows.reduce((k, r) => Math.max(k, r.key + 1), 0);
  return (
    <>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Matchers">
        {rows.map((r, i) => (
          <Group key={r.key} component="li" gap="xs" align="start" wrap="wrap">
            <TextInput
              label={`Matcher ${i + 1} label`}
              value={r.name}
              onChange={(e) => setRow(r.key, { name: e.currentTarget.value })}
              error={errorFor(err, 'matchers', i, (s) => s === 'name')}
              style={{ flex: '1 1 8rem' }}
            />
            <NativeSelect
              label={`Matcher ${i + 1} operator`}
              value={r.op}
              onChange={(e) => setRow(r.key, { op: e.currentTarget.value as Op })}
              data={[...OPS]}
            />
            <TextInput
              label={`Matcher ${i + 1} value`}
              value={r.value}
              onChange={(e) => setRow(r.key, { value: e.currentTarget.value })}
              error={errorFor(err, 'matchers', i, (s) => s !== 'name')}
              style={{ flex: '2 1 10rem' }}
            />
            <ActionIcon
              variant="default"
              size="lg"
              mt={25}
              aria-label={`Remove matcher ${i + 1} (${r.name})`}
              onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => onChange([...rows, { key: nextKey, name: '', op: '=', value: '' }])}
        >
          Add a matcher
        </Button>
      </Group>
    </>
  );
}
