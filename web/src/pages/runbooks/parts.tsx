import { Badge, Code, Group, Text } from '@mantine/core';
import { DateTime } from 'luxon';
import type { RunbookSummaryView } from '../../types.ts';
import { matcherText } from './data.ts';

/**
 * "Review due 2 Mar 2027", or an "Overdue" badge with the date it was due: said in words, so
 * the state does not depend on the colour (filled dark red, AA contrast, which axe checks).
 */
export function ReviewDue({ rb }: { rb: Pick<RunbookSummaryView, 'review_due_at' | 'review_overdue'> }) {
  const due = DateTime.fromISO(rb.review_due_at).toLocaleString(DateTime.DATE_MED);
  if (!rb.review_overdue) return <Text size="sm">Review due {due}</Text>;
  return (
    <Group gap={6}>
      <Badge color="red.8" variant="filled" autoContrast>
        Review overdue
      </Badge>
      <Text size="sm">was due {due}</Text>
    </Group>
  );
}

export function VersionBadge({ version }: { version: number }) {
  return (
    <Badge color="dark.6" variant="outline" radius="xs" tt="none">
      Version {version}
    </Badge>
  );
}

/**
 * What a runbook applies to: its services, label matchers (as Alertmanager writes them),
 * severities and sources; every condition must hold. "Library only" when it names no service
 * and no matcher, which the API matches to no alert at all.
 */
export function Matches({
  rb,
}: {
  rb: Pick<RunbookSummaryView, 'attached' | 'services' | 'matchers' | 'severities' | 'sources'>;
}) {
  if (!rb.attached) {
    return (
      <Group gap={6}>
        <Badge color="gray.8" variant="outline" tt="none">
          Library only
        </Badge>
        <Text size="sm" c="gray.8">
          matched to no alert
        </Text>
      </Group>
    );
  }
  return (
    <Group gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="What it matches">
      {rb.services.length > 0 && (
        <Text size="sm" component="li">
          {rb.services.length === 1 ? 'Service' : 'Services'}: {rb.services.map((s) => s.name).join(', ')}
        </Text>
      )}
      {rb.matchers.map((m) => (
        <li key={matcherText(m)}>
          <Code style={{ overflowWrap: 'anywhere' }}>{matcherText(m)}</Code>
        </li>
      ))}
      {rb.severities.length > 0 && (
        <Text size="sm" component="li">
          Severity: {rb.severities.join(' or ')}
        </Text>
      )}
      {rb.sources.length > 0 && (
        <Text size="sm" component="li" style={{ overflowWrap: 'anywhere' }}>
          Source: {rb.sources.join(' or ')}
        </Text>
      )}
    </Group>
  );
}
