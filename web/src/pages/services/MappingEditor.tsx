import {
  Alert,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { errorFor, fieldError } from '../../form-errors.ts';
import type { GenericMapping, IntegrationView } from '../../types.ts';

/**
 * A generic webhook's field mapping (PATCH /integrations/:id `mapping`): where in the posted JSON
 * each field is. Empty means the adapter's common names (src/ingest/adapters/generic.ts), shown
 * as placeholders so an admin sees what is tried today.
 */
const PATHS = [
  {
    key: 'summary',
    label: 'Summary',
    fallback: 'summary|title|message|text|description|alert.title|alertname',
  },
  {
    key: 'dedup_key',
    label: 'Dedup key',
    fallback: 'dedup_key|dedupKey|id|alert_id|fingerprint|incident_key',
  },
  { key: 'severity', label: 'Severity', fallback: 'severity|priority|level' },
  { key: 'status', label: 'Status', fallback: 'status|state|event_action|action' },
  { key: 'source', label: 'Source', fallback: 'source|host|hostname|service' },
  { key: 'labels', label: 'Labels (an object)', fallback: 'labels|tags' },
] as const;
type PathKey = (typeof PATHS)[number]['key'];
type Form = Record<PathKey, string> & { severityMap: string; resolve: string; acknowledge: string };

function formOf(m: GenericMapping | null): Form {
  return {
    summary: m?.summary ?? '',
    dedup_key: m?.dedup_key ?? '',
    severity: m?.severity ?? '',
    status: m?.status ?? '',
    source: m?.source ?? '',
    labels: m?.labels ?? '',
    severityMap: Object.entries(m?.severity_map ?? {})
      .map(([word, severity]) => `${word}: ${severity}`)
      .join('\n'),
    resolve: (m?.resolve_values ?? []).join(', '),
    acknowledge: (m?.acknowledge_values ?? []).join(', '),
  };
}

const list = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The form as the API takes it; what is left empty is left out. The server checks the values. */
function mappingOf(f: Form): GenericMapping {
  const m: Record<string, unknown> = {};
  for (const { key } of PATHS) if (f[key].trim() !== '') m[key] = f[key].trim();
  const lines = f.severityMap.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 0) {
    m.severity_map = Object.fromEntries(
      lines.map((l) => {
        const at = l.indexOf(':');
        return at < 0 ? [l.trim(), ''] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
      }),
    );
  }
  if (list(f.resolve).length > 0) m.resolve_values = list(f.resolve);
  if (list(f.acknowledge).length > 0) m.acknowledge_values = list(f.acknowledge);
  return m;
}

export function MappingEditor({
  integration,
  onClose,
}: {
  integration: IntegrationView;
  onClose: () => void;
}) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => formOf(integration.mapping));
  const save = useMutation({
    mutationFn: () =>
      api<IntegrationView>('PATCH', `/integrations/${encodeURIComponent(integration.id)}`, {
        mapping: mappingOf(form),
      }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ['services', 'integrations', integration.service_id] }),
  });
  const err = fieldError(save.error);
  const at = (sub: string) => errorFor(err, 'mapping', undefined, (s) => s === sub);
  const set = (key: keyof Form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const placed = err !== undefined && err.field === 'mapping' && err.sub !== undefined;

  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} id={titleId}>
          Field mapping of “{integration.name}”
        </Title>
        <Text size="sm">
          Where each field is in the JSON posted: dot-separated paths with array indexes (
          <code>alert.labels.severity</code>, <code>items.0.title</code>); several separated by <code>|</code>{' '}
          are tried in order. Empty fields use the common names shown.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {PATHS.map((p) => (
            <TextInput
              key={p.key}
              label={p.label}
              placeholder={p.fallback}
              value={form[p.key]}
              onChange={set(p.key)}
              error={at(p.key)}
            />
          ))}
        </SimpleGrid>
        <Textarea
          label="Severity words"
          description="One per line, the sender's word then ours: “sev1: critical”. Ours are critical, error, warning, info."
          autosize
          minRows={2}
          value={form.severityMap}
          onChange={set('severityMap')}
          error={at('severity_map')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Status values that resolve"
            description="Comma-separated; default resolved, ok, closed, recovered …"
            value={form.resolve}
            onChange={set('resolve')}
            error={at('resolve_values')}
          />
          <TextInput
            label="Status values that acknowledge"
            description="Comma-separated; default acknowledged, ack"
            value={form.acknowledge}
            onChange={set('acknowledge')}
            error={at('acknowledge_values')}
          />
        </SimpleGrid>
        {save.isError && !placed && (
          <Alert color="red" role="alert" title="Could not save the mapping">
            {save.error.message}
          </Alert>
        )}
        {save.isSuccess && (
          <Alert color="green" role="status">
            Saved.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save mapping
          </Button>
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
