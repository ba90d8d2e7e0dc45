import { Anchor, Badge, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { when } from '../../format.ts';
import type { AlertView } from '../../types.ts';
import { useAlerts } from './data.ts';

const RUNBOOK_KEYS = ['runbook_url', 'runbook', 'runbookUrl', 'playbook_url'];

/** Only http(s): a link from an alert's payload must not run script (javascript:) in the app. */
const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The links an alert carries: its runbook (a field of the details or of the Alertmanager
 * annotations, where src/notify/message.ts finds it for pages too) and its other links.
 */
function linksOf(a: AlertView): { href: string; text: string }[] {
  const details = record(a.details);
  const annotations = record(details.annotations);
  const runbook = [details, annotations].flatMap((o) => RUNBOOK_KEYS.map((k) => o[k])).find(isUrl);
  const others = a.links
    .map(record)
    .filter((l) => isUrl(l.href) && l.href !== runbook)
    .map((l) => ({ href: l.href as string, text: typeof l.text === 'string' ? l.text : (l.href as string) }));
  return [...(runbook === undefined ? [] : [{ href: runbook, text: 'Runbook' }]), ...others];
}

function Pairs({ name, pairs }: { name: string; pairs: [string, unknown][] }) {
  if (pairs.length === 0) return null;
  return (
    <div>
      <Text size="xs" c="gray.7">
        {name}
      </Text>
      <Group gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={name}>
        {pairs.map(([k, v]) => (
          <li key={k}>
            <Code style={{ overflowWrap: 'anywhere' }}>
              {k}={typeof v === 'string' ? v : JSON.stringify(v)}
            </Code>
          </li>
        ))}
      </Group>
    </div>
  );
}

/** The alerts grouped into the incident, newest first, with what the monitoring sent. */
export function Alerts({ refKey, incidentId }: { refKey: string; incidentId: string }) {
  const alerts = useAlerts(refKey, incidentId);
  const list = alerts.data?.data ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="alerts-title">
      <Title order={2} size="h4" id="alerts-title" mb="xs">
        Alerts ({list.length})
      </Title>
      {list.length === 0 && <Text size="sm">No alerts: the incident was declared by a person.</Text>}
      <Stack gap="sm">
        {list.map((a) => (
          <Stack key={a.id} gap={4}>
            <Group gap="xs">
              <Badge variant="outline" color="dark.6" size="sm">
                {a.status}
              </Badge>
              <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {a.summary}
              </Text>
            </Group>
            <Text size="xs" c="gray.7">
              {a.source} · {a.severity} · received {when(a.received_at)}
              {a.occurrences > 1 && ` · ${a.occurrences} times`}
            </Text>
            <Pairs name="Labels" pairs={Object.entries(a.labels)} />
            <Pairs name="Annotations" pairs={Object.entries(record(record(a.details).annotations))} />
            <Pairs
              name="Details"
              pairs={Object.entries(record(a.details)).filter(([k]) => k !== 'annotations' && k !== 'labels')}
            />
            {linksOf(a).map((l) => (
              <Anchor key={l.href} href={l.href} target="_blank" rel="noreferrer noopener" size="sm">
                {l.text}
              </Anchor>
            ))}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
