import { Group, TextInput } from '@mantine/core';

/** When a maintenance runs: from and until, in the browser's time zone. */
export function PeriodInputs({
  from,
  until,
  onChange,
  errors,
}: {
  from: string;
  until: string;
  onChange: (p: { from: string; until: string }) => void;
  errors: { scheduled_for?: string; scheduled_until?: string };
}) {
  return (
    <Group align="flex-start" gap="sm" grow preventGrowOverflow={false}>
      <TextInput
        type="datetime-local"
        label="From"
        withAsterisk
        value={from}
        onChange={(e) => onChange({ from: e.currentTarget.value, until })}
        error={errors.scheduled_for}
        miw={200}
      />
      <TextInput
        type="datetime-local"
        label="Until"
        withAsterisk
        value={until}
        onChange={(e) => onChange({ from, until: e.currentTarget.value })}
        error={errors.scheduled_until}
        miw={200}
      />
    </Group>
  );
}
