import { Anchor, Button, Code, CopyButton, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { Link } from 'react-router';
import { type SloView, sloPath } from './model.ts';

/** The request that pushes one minute's counts to an events SLO (POST /api/v1/slos/:id/events). */
export function countsCurl(origin: string, id: string): string {
  return [
    `curl -X POST '${origin}/api/v1${sloPath(id)}/events' \\`,
    `  -H "Authorization: Bearer $TOCSIN_TOKEN" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"good": 998, "total": 1000}'`,
  ].join('\n');
}

/**
 * "Send counts": how a service pushes its good and total events, with the request to copy. An
 * API token from the profile page authorises it; `at` dates a count up to 3 days back.
 */
export function SendCounts({ slo }: { slo: SloView }) {
  const text = countsCurl(window.location.origin, slo.id);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="slo-send">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slo-send">
          Send counts
        </Title>
        <Text size="sm">
          Send the good and total events of each minute (or of any period) as they happen. Counts add up, so
          send each event once: an <Code>Idempotency-Key</Code> header makes a retry safe. Add{' '}
          <Code>&quot;at&quot;</Code> (an ISO time, up to 3 days back) to date a count, or send up to 1000 at
          once as <Code>{'{"events": [...]}'}</Code>. The token is an API token from{' '}
          <Anchor component={Link} to="/profile" size="sm">
            your profile
          </Anchor>
          .
        </Text>
        <Textarea
          label="Send counts with curl"
          value={text}
          readOnly
          autosize
          minRows={4}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        />
        <Group>
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy} aria-label="Copy the curl command">
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A Prometheus SLO's queries, and its recording and alerting rules as a file to load into Prometheus. */
export function PrometheusRules({ slo }: { slo: SloView }) {
  if (slo.sli.kind !== 'prometheus') return null;
  const sli = slo.sli;
  const file = `${slo.service_name}-${slo.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-') + '.rules.yaml';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="slo-prom">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slo-prom">
          Prometheus
        </Title>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          Tocsin queries <Code>{sli.prometheus_url}</Code> every minute; unreachable for{' '}
          {slo.unknown_alert_after_minutes} minutes, the SLO shows as unknown and alerts.
        </Text>
        <Stack gap={4} component="dl" m={0}>
          <Text component="dt" size="sm" c="gray.7">
            {(sli.good_query ?? null) !== null ? 'Good events' : 'Errors'}
          </Text>
          <Code component="dd" block m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {sli.good_query ?? sli.error_query ?? ''}
          </Code>
          <Text component="dt" size="sm" c="gray.7">
            Total events
          </Text>
          <Code component="dd" block m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {sli.total_query}
          </Code>
        </Stack>
        <Text size="sm">
          The same SLO as Prometheus recording and alerting rules, to evaluate it in Prometheus too:
        </Text>
        <Group>
          <Button
            component="a"
            variant="default"
            href={`/api/v1${sloPath(slo.id)}/prometheus-rules`}
            download={file}
          >
            Prometheus rules
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
