import { Badge } from '@mantine/core';
import {
  COMPONENT_STATUS_COLOR,
  COMPONENT_STATUS_LABEL,
  IMPACT_LABEL,
  isClosed,
  PUBLIC_STATUS_LABEL,
  type ComponentStatus,
  type Impact,
  type PublicStatus,
} from './model.ts';

/** A component's status in words, on a light badge in its colour. */
export function ComponentStatusBadge({ status }: { status: ComponentStatus }) {
  return (
    <Badge variant="filled" autoContrast color={COMPONENT_STATUS_COLOR[status]} tt="none">
      {COMPONENT_STATUS_LABEL[status]}
    </Badge>
  );
}

/** A public incident's or maintenance's status: red while open, green once over. */
export function PublicStatusBadge({ status }: { status: PublicStatus }) {
  const color = isClosed(status) ? 'green.8' : status === 'scheduled' ? 'blue.8' : 'red.8';
  return (
    <Badge variant="filled" autoContrast color={color} tt="none">
      {PUBLIC_STATUS_LABEL[status]}
    </Badge>
  );
}

export function ImpactBadge({ impact }: { impact: Impact }) {
  return (
    <Badge variant="outline" color="dark.6" tt="none">
      Impact: {IMPACT_LABEL[impact]}
    </Badge>
  );
}
