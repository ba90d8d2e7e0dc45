import { Badge } from '@mantine/core';
import { STATUS_COLOR } from '../format.ts';

// Text in a badge keeps AA contrast (axe checks it): status colours with automatic text colour,
// severity in dark outline so the two do not read as one.
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={`${STATUS_COLOR[status] ?? 'gray'}.8`} variant="filled" autoContrast>
      {status}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={'dark.6'} variant="outline" radius="xs">
      {severity}
    </Badge>
  );
}
