import { Alert, Button, CopyButton, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import type { CreatedIntegrationView } from '../../types.ts';
import { SecretValue } from '../profile/ContactMethods.tsx';
import { snippets, testRequest } from './snippets.ts';

/**
 * A new integration's (or a rotated) key, shown this once (the server keeps only its hash), with what to paste
 * into the sender and a button that sends a test alert through the real ingest endpoint, from
 * the browser, as the snippet would.
 */
export function KeyPanel({
  integration,
  title,
  onDone,
}: {
  integration: CreatedIntegrationView;
  title: string;
  onDone: () => void;
}) {
  const titleId = useId();
  const origin = window.location.origin;
  const test = useMutation({
    mutationFn: async () => {
      const r = testRequest(integration.type, origin, integration.key, String(Date.now()));
      const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? null }).catch(
        () => {
          throw new Error('Could not reach Tocsin: check the connection and try again.');
        },
      );
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
      return res.status;
    },
  });

  return (
    <Paper withBorder p="md" aria-labelledby={titleId} component="section">
      <Stack gap="sm">
        <Title order={3} id={titleId}>
          {title}
        </Title>
        {/* No title: Mantine's orange title on its light orange is below AA contrast. */}
        <Alert color="orange">
          <b>Copy the key now:</b> it is shown only this once. If it is lost, rotate the key.
        </Alert>
        <SecretValue label="Integration key" value={integration.key} />
        {snippets(integration.type, origin, integration.key).map((s) => (
          <Stack key={s.title} gap={4}>
            <Textarea
              label={s.title}
              description={s.hint}
              value={s.text}
              readOnly
              autosize
              minRows={2}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            />
            <Group>
              <CopyButton value={s.text}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy} aria-label={`Copy ${s.title}`}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        ))}
        <Group>
          <Button onClick={() => test.mutate()} loading={test.isPending}>
            Send a test alert
          </Button>
          <Button variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
        {test.isSuccess && (
          <Alert color="green" role="status" title="Test alert sent">
            <Text size="sm">
              Tocsin answered {test.data}. Its incident is on the <Link to="/incidents">incidents page</Link>.
            </Text>
          </Alert>
        )}
        {test.isError && (
          <Alert color="red" role="alert" title="The test alert was refused">
            {test.error.message}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
