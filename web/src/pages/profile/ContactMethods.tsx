import { Badge, Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ME_KEY } from '../../session.tsx';
import type { ContactMethodView, SigningSecretView, TestNotificationResult } from '../../types.ts';
import { Problem, Section } from './parts.tsx';
import { ActionModal } from '../incident/ActionModal.tsx';
import { CONTACT_TYPES, ContactMethodForm, type ContactMethodFields } from './ContactMethodForm.tsx';

/** What a section about one person's contact set-up shows (My profile, or an admin's `/users/:id`). */
export interface PersonSection {
  userId: string;
  methods: ContactMethodView[];
  /** Whom the texts speak of: `you` on My profile, the person's name on theirs. */
  who?: string;
}

export const typeLabel = (type: string) => CONTACT_TYPES.find((t) => t.value === type)?.label ?? type;

/**
 * Contact methods (mine, or an admin's view of `who`): add, change, remove, send a test, and a
 * webhook's signing secret.
 */
export function ContactMethods({ userId, methods, who = 'you' }: PersonSection) {
  const queryClient = useQueryClient();
  const base = `/users/${userId}/contact-methods`;
  // The user (ME_KEY) carries the methods; rules name their method's type, so refresh them too.
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
    await queryClient.invalidateQueries({ queryKey: ['profile'] });
  };
  const add = (f: ContactMethodFields) =>
    api('POST', base, { type: f.type, address: f.address, ...(f.label === '' ? {} : { label: f.label }) });

  return (
    <Section id="contact-methods-title" title="Contact methods">
      {methods.length === 0 && <Text>No contact methods yet: add one so Tocsin can reach {who}.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Contact methods">
        {methods.map((m) => (
          <ContactMethodItem
            key={m.id}
            method={m}
            base={base}
            refresh={refresh}
            who={who}
            last={methods.length === 1}
          />
        ))}
      </Stack>
      <Paper withBorder p="sm">
        <Title order={3} size="h4" mb="xs">
          Add a contact method
        </Title>
        <ContactMethodForm submitLabel="Add contact method" save={add} onDone={() => void refresh()} />
      </Paper>
    </Section>
  );
}

function ContactMethodItem({
  method,
  base,
  refresh,
  who,
  last,
}: {
  method: ContactMethodView;
  base: string;
  refresh: () => Promise<void>;
  who: string;
  last: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const url = `${base}/${method.id}`;
  const test = useMutation({ mutationFn: () => api<TestNotificationResult>('POST', `${url}/test`) });
  const remove = useMutation({
    mutationFn: () => api('DELETE', url),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });
  const name = method.label === '' ? typeLabel(method.type) : method.label;

  return (
    <Paper component="li" withBorder p="sm" aria-label={`${typeLabel(method.type)} ${method.address}`}>
      {editing ? (
        <ContactMethodForm
          initial={method}
          submitLabel="Save contact method"
          save={(f) => api('PATCH', url, f)}
          onDone={() => {
            setEditing(false);
            void refresh();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs" wrap="wrap" miw={0}>
              <Badge variant="light">{typeLabel(method.type)}</Badge>
              <Text fw={600}>{name}</Text>
              <Text c="gray.7" style={{ overflowWrap: 'anywhere' }}>
                {method.address}
              </Text>
            </Group>
            <Group gap="xs">
              <Button size="xs" onClick={() => test.mutate()} loading={test.isPending}>
                Send test
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button
                size="xs"
                variant="default"
                color="red"
                onClick={() => setConfirming(true)}
                aria-label={`Remove ${name}`}
              >
                Remove
              </Button>
            </Group>
          </Group>
          {test.data !== undefined && <TestResult result={test.data} />}
          <Problem title="Could not send the test" error={test.error} />
          {method.type === 'webhook' && <SigningSecret url={url} />}
        </Stack>
      )}
      {/* One misclick could remove the only way to page someone on call: it asks first. */}
      <ActionModal
        title={`Remove ${name}?`}
        opened={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        onSubmit={() => remove.mutate()}
        submitLabel="Yes, remove"
        pending={remove.isPending}
        error={remove.error?.message}
      >
        <Text size="sm">
          {who === 'you' ? 'You' : who} will not be paged on {method.address} any more, and the notification
          rules that use it go with it.
          {last && ` It is the last contact method: Tocsin will have no way to reach ${who}.`}
        </Text>
      </ActionModal>
    </Paper>
  );
}

function TestResult({ result }: { result: TestNotificationResult }) {
  const code = result.response_code === null ? '' : ` (answered ${result.response_code})`;
  // The default text colour: Mantine's greens fail WCAG AA contrast at this size.
  return result.outcome === 'delivered' ? (
    <Text role="status" size="sm">
      <strong>Test delivered</strong>
      {code} in {result.latency_ms} ms.
    </Text>
  ) : (
    <Text role="status" c="red.9" size="sm">
      <strong>Test failed</strong>: {result.error ?? 'no reason given'}
      {code}
    </Text>
  );
}

/** The secret a receiver verifies Tocsin-Signature with: shown on request, rotatable. */
function SigningSecret({ url }: { url: string }) {
  const [shown, setShown] = useState<SigningSecretView | undefined>(undefined);
  const reveal = useMutation({
    mutationFn: () => api<SigningSecretView>('GET', `${url}/signing-secret`),
    onSuccess: setShown,
  });
  const rotate = useMutation({
    mutationFn: () => api<SigningSecretView>('POST', `${url}/rotate-signing-secret`, {}),
    onSuccess: setShown,
  });
  const error = reveal.error ?? rotate.error;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {shown === undefined ? (
          <Button size="xs" variant="default" onClick={() => reveal.mutate()} loading={reveal.isPending}>
            Show signing secret
          </Button>
        ) : (
          <Button size="xs" variant="default" onClick={() => setShown(undefined)}>
            Hide signing secret
          </Button>
        )}
        <Button
          size="xs"
          variant="default"
          color="red"
          onClick={() => rotate.mutate()}
          loading={rotate.isPending}
        >
          Rotate signing secret
        </Button>
      </Group>
      {shown !== undefined && <SecretValue label="Signing secret" value={shown.signing_secret} />}
      <Problem title="Signing secret" error={error} />
    </Stack>
  );
}

/** A secret with a copy button (also the once-shown API token). */
export function SecretValue({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code aria-label={label} style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="xs" variant="default" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
