import { Badge } from '@mantine/core';
import { SEVERITY_COLOR, STATUS_COLOR } from '../format.ts';

// Filled badges with dark shades: readable (AA contrast) on a white page.
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" autoContrast>
      {status}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={SEVERITY_COLOR[severity] ?? 'gray'} variant="outline">
      {severity}
    </Badge>
  );
}
