import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { budgetText, STATUS_COLORS, STATUS_WORDS, type SloStatus } from './model.ts';

/**
 * An SLO's status in words ("Budget exhausted"), in a filled badge whose colour only repeats
 * them (dark shades with automatic text colour: AA contrast, which axe checks).
 */
export function SloStatusBadge({ status }: { status: SloStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="filled" autoContrast tt="none">
      {STATUS_WORDS[status]}
    </Badge>
  );
}

/**
 * The error budget left: "62.3 % of the error budget left" (or "overspent", or "no traffic")
 * with a bar that shows the same figure. The bar is drawn from 0 to 100 %; the words carry the
 * number, overspending included.
 */
export function BudgetBar({
  remaining,
  label = 'Error budget left',
}: {
  remaining: number | null;
  label?: string;
}) {
  if (remaining === null) {
    return (
      <Text size="sm" data-budget="none">
        {label}: no traffic
      </Text>
    );
  }
  const pct = Math.max(0, Math.min(100, remaining * 100));
  const color = remaining <= 0 ? 'red.8' : remaining < 0.25 ? 'orange.8' : 'green.8';
  return (
    <Stack gap={4}>
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Text size="sm">{label}</Text>
        <Text size="sm" fw={700} data-budget={budgetText(remaining)}>
          {budgetText(remaining)}
          {remaining < 0 ? ' (overspent)' : ''}
        </Text>
      </Group>
      <Progress value={Math.round(pct * 10) / 10} color={color} aria-label={label} size="md" />
    </Stack>
  );
}
