import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { errorFor, fieldError } from '../../form-errors.ts';
import { when } from '../../format.ts';
import type { AlertView, SilenceView } from '../../types.ts';

const OPS = ['=', '!=', '=~', '!~'] as const;
/** Fields this form has a control for; an error about anything else shows above the buttons. */
const FIELDS = ['matchers', 'service_id', 'duration_minutes', 'ends_at', 'starts_at', 'comment'];
type Op = (typeof OPS)[number];
interface Row {
  key: number;
  name: string;
  op: Op;
  value: string;
}

/**
 * "Silence alerts like this": matchers prefilled from the alert's labels (each editable and
 * removable), a duration and a comment, sent as POST /api/v1/silences. A 400 shows next to the
 * control it names; the form keeps what was typed.
 */
export function SilenceForm({
  alert,
  serviceName,
  onClose,
}: {
  alert: AlertView;
  serviceName: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const titleId = useId();
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(alert.labels).map(([name, value], key) => ({ key, name, op: '=', value })),
  );
  const [nextKey, setNextKey] = useState(rows.length);
  const [hours, setHours] = useState<number | string>(2);
  const [comment, setComment] = useState('');
  const [onlyService, setOnlyService] = useState(true);

  const create = useMutation({
    mutationFn: () =>
      api<SilenceView>('POST', '/silences', {
        matchers: rows.map(({ name, op, value }) => ({ name, op, value })),
        ...(typeof hours === 'number' ? { duration_minutes: Math.round(hours * 60) } : {}),
        comment,
        ...(onlyService ? { service_id: alert.service_id } : {}),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const err = fieldError(create.error);
  const setRow = (key: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  if (create.data)
    return (
      <Alert color="green" title="Silence created" role="status">
        <Text size="sm">
          Matching alerts are suppressed until {when(create.data.ends_at)}. Silence {create.data.id}.
        </Text>
        <Button mt="xs" variant="default" size="xs" onClick={onClose}>
          Close
        </Button>
      </Alert>
    );

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={titleId}>
          Silence alerts like this
        </Title>
        <Text size="sm">An alert is silenced when every matcher holds. Remove the labels that vary.</Text>
        {err?.field === 'matchers' && err.index === undefined && (
          <Text c="red.8" size="sm" role="alert">
            {err.message}
          </Text>
        )}
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Matchers">
          {rows.map((r, i) => (
            <Group key={r.key} component="li" gap="xs" align="start" wrap="wrap">
              <TextInput
                label={`Matcher ${i + 1} label`}
                value={r.name}
                onChange={(e) => setRow(r.key, { name: e.currentTarget.value })}
                error={errorFor(err, 'matchers', i, (s) => s === 'name')}
                style={{ flex: '1 1 8rem' }}
              />
              <NativeSelect
                label={`Matcher ${i + 1} operator`}
                value={r.op}
                onChange={(e) => setRow(r.key, { op: e.currentTarget.value as Op })}
                data={[...OPS]}
              />
              <TextInput
                label={`Matcher ${i + 1} value`}
                value={r.value}
                onChange={(e) => setRow(r.key, { value: e.currentTarget.value })}
                error={errorFor(err, 'matchers', i, (s) => s !== 'name')}
                style={{ flex: '2 1 10rem' }}
              />
              <ActionIcon
                variant="default"
                size="lg"
                mt={25}
                aria-label={`Remove matcher ${i + 1} (${r.name})`}
                onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
        </Stack>
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey, name: '', op: '=', value: '' }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add a matcher
          </Button>
        </Group>
        <Checkbox
          label={`Only alerts of ${serviceName}`}
          checked={onlyService}
          onChange={(e) => setOnlyService(e.currentTarget.checked)}
          error={errorFor(err, 'service_id')}
        />
        <NumberInput
          label="Duration (hours)"
          value={hours}
          onChange={setHours}
          decimalScale={2}
          error={errorFor(err, 'duration_minutes') ?? errorFor(err, 'ends_at') ?? errorFor(err, 'starts_at')}
          maw={200}
        />
        <Textarea
          label="Comment (why, and who to ask)"
          withAsterisk
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={errorFor(err, 'comment')}
        />
        <FormActions
          submit="Create silence"
          pending={create.isPending}
          error={create.error}
          fieldError={err}
          fields={FIELDS}
          what="silence"
          onCancel={onClose}
        />
      </Stack>
    </Paper>
  );
}
