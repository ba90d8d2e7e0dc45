import {
  ActionIcon,
  Button,
  Checkbox,
  Code,
  Group,
  Input,
  NativeSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useMe } from '../../session.tsx';
import type { RunbookStepMethod, RunbookStepView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { type HeaderRow, METHODS, type StepDraft, stepBody, stepDraftOf, stepErrors } from './step-draft.ts';
import { TEMPLATE_VARIABLES, stepsPath, useSecrets, useStepWrite } from './steps-data.ts';

const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/**
 * Adds a step to a runbook or changes one, in a modal: an HTTP request whose URL, headers and
 * body are templates over the incident. The API's 400 shows at the field it names (a header at
 * its row), a name already taken at the name; what was typed stays until it is saved.
 */
export function StepModal({
  runbookId,
  step,
  onClose,
}: {
  runbookId: string;
  /** The step to change; undefined adds one. */
  step?: RunbookStepView;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<StepDraft>(() => stepDraftOf(step));
  const save = useStepWrite(runbookId, (d: StepDraft) =>
    step === undefined
      ? ['POST', stepsPath(runbookId), stepBody(d)]
      : ['PATCH', `${stepsPath(runbookId)}/${encodeURIComponent(step.id)}`, stepBody(d)],
  );
  const set = (change: Partial<StepDraft>) => {
    setDraft({ ...draft, ...change });
    save.reset();
  };
  const errors = stepErrors(save.error, draft.headers);
  const e = errors.byField;
  return (
    <ActionModal
      title={step === undefined ? 'Add a step' : `Edit step “${step.name}”`}
      opened
      onClose={onClose}
      onSubmit={() => save.mutate(draft, { onSuccess: onClose })}
      submitLabel={step === undefined ? 'Add step' : 'Save step'}
      pending={save.isPending}
      error={errors.other}
      size="lg"
    >
      <TextInput
        label="Name"
        description="What it does, as the Run button on the incident says it"
        withAsterisk
        value={draft.name}
        onChange={(ev) => set({ name: ev.currentTarget.value })}
        error={e.name}
        data-autofocus
      />
      <Group gap="xs" align="start" wrap="wrap">
        <NativeSelect
          label="Method"
          data={[...METHODS]}
          value={draft.method}
          onChange={(ev) => set({ method: ev.currentTarget.value as RunbookStepMethod })}
          error={e.method}
          w={110}
        />
        <TextInput
          label="URL"
          description="http or https; no secrets in the URL (receivers log URLs). A step that sends a secret writes its host out, not from a variable."
          placeholder="https://ops.example.com/hosts/{{labels.instance}}/restart"
          withAsterisk
          value={draft.url}
          onChange={(ev) => set({ url: ev.currentTarget.value })}
          error={e.url}
          styles={MONO}
          style={{ flex: 1, minWidth: 200 }}
        />
      </Group>
      <TemplateHint />
      <HeaderInputs
        rows={draft.headers}
        onChange={(headers) => set({ headers })}
        error={errors.header}
        message={errors.message}
        groupError={errors.headers}
      />
      <Textarea
        label="Body"
        description="Left empty: no body (GET and HEAD send none). Values are JSON-escaped when the Content-Type header is JSON."
        value={draft.body}
        onChange={(ev) => set({ body: ev.currentTarget.value })}
        error={e.body}
        autosize
        minRows={3}
        maxRows={12}
        styles={MONO}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NumberInput
          label="Timeout (seconds)"
          min={1}
          max={60}
          allowDecimal={false}
          value={draft.timeout_seconds}
          onChange={(v) => set({ timeout_seconds: v })}
          error={e.timeout_seconds}
        />
        <NumberInput
          label="Expected status"
          description="Left empty: any 2xx answer is success"
          min={100}
          max={599}
          allowDecimal={false}
          value={draft.expected_status}
          onChange={(v) => set({ expected_status: v })}
          error={e.expected_status}
        />
      </SimpleGrid>
      <Radio.Group
        label="Approval"
        value={draft.approval}
        onChange={(v) => set({ approval: v === 'safe' ? 'safe' : 'approval' })}
        error={e.approval}
      >
        <Stack gap={6} mt={4}>
          <Radio value="approval" label="Needs approval: a second person approves each run" />
          <Radio value="safe" label="Safe: runs as soon as a responder clicks Run" />
        </Stack>
      </Radio.Group>
      {draft.approval === 'approval' ? (
        <NativeSelect
          label="Who approves"
          description="Never the person who asked"
          data={[
            { value: 'responder', label: 'A responder' },
            { value: 'admin', label: 'An admin' },
          ]}
          value={draft.approver_role}
          onChange={(ev) =>
            set({ approver_role: ev.currentTarget.value === 'admin' ? 'admin' : 'responder' })
          }
          error={e.approver_role}
        />
      ) : (
        <Stack gap="xs">
          <Checkbox
            label="Run on its own when an alert this runbook matches fires (once per incident)"
            checked={draft.auto_run}
            onChange={(ev) => set({ auto_run: ev.currentTarget.checked })}
            error={e.auto_run}
          />
          {draft.auto_run && (
            <NumberInput
              label="At most this many automatic runs an hour, per service"
              min={1}
              max={60}
              allowDecimal={false}
              value={draft.auto_run_per_hour}
              onChange={(v) => set({ auto_run_per_hour: v })}
              error={e.auto_run_per_hour}
            />
          )}
        </Stack>
      )}
    </ActionModal>
  );
}

/** The variables a template may use, and the secrets there are to send. */
function TemplateHint() {
  const admin = useMe().data?.user.role === 'admin';
  const secrets = useSecrets().data?.data ?? [];
  return (
    <Stack gap={4} component="section" aria-label="Template variables">
      <Text size="sm">
        The URL, header values and body are templates: write a variable in double braces, e.g.{' '}
        <Code>{'{{labels.instance}}'}</Code>. Variables:
      </Text>
      <Group gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Variables">
        {TEMPLATE_VARIABLES.map((v) => (
          <li key={v}>
            <Code>{`{{${v}}}`}</Code>
          </li>
        ))}
      </Group>
      <Text size="sm" c="gray.7">
        {admin
          ? 'Only admins save a step that sends a secret; it goes in a header or the body.'
          : 'Only admins save a step that sends a secret: ask one to add it.'}{' '}
        {secrets.length === 0
          ? 'No runbook secrets yet (Settings → Runbook secrets).'
          : `Secrets: ${secrets.map((s) => s.name).join(', ')}.`}
      </Text>
    </Stack>
  );
}

/** Request headers, one row each (name and value), removable; wholly blank rows are not sent. */
function HeaderInputs({
  rows,
  onChange,
  error,
  message,
  groupError,
}: {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  /** The row and the part of it a 400 names. */
  error: { key: number; part: 'name' | 'value' } | undefined;
  message: string | undefined;
  /** A 400 about the headers as a whole (too many). */
  groupError: string | undefined;
}) {
  const nextKey = rows.reduce((k, r) => Math.max(k, r.key + 1), 0);
  const change = (key: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const at = (key: number, part: 'name' | 'value') =>
    error?.key === key && error.part === part ? message : undefined;
  return (
    <Stack gap={6} role="group" aria-labelledby="headers-label">
      <div>
        <Input.Label labelElement="div" id="headers-label">
          Headers
        </Input.Label>
        <Input.Description c="gray.7">
          e.g. <code>Authorization</code>: <code>{'Bearer {{secrets.ops_token}}'}</code>, or{' '}
          <code>Content-Type</code>: <code>application/json</code>
        </Input.Description>
      </div>
      {groupError !== undefined && (
        <Text c="red.8" size="sm" role="alert">
          {groupError}
        </Text>
      )}
      {rows.length > 0 && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Headers">
          {rows.map((r, i) => (
            <Group key={r.key} component="li" gap="xs" align="start" wrap="wrap">
              <TextInput
                label={`Header ${i + 1} name`}
                placeholder="Content-Type"
                value={r.name}
                onChange={(ev) => change(r.key, { name: ev.currentTarget.value })}
                error={at(r.key, 'name')}
                style={{ flex: 1, minWidth: 140 }}
              />
              <TextInput
                label={`Header ${i + 1} value`}
                placeholder="application/json"
                value={r.value}
                onChange={(ev) => change(r.key, { value: ev.currentTarget.value })}
                error={at(r.key, 'value')}
                styles={MONO}
                style={{ flex: 2, minWidth: 180 }}
              />
              <ActionIcon
                variant="default"
                size="lg"
                mt={25}
                aria-label={`Remove header ${i + 1}`}
                onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => onChange([...rows, { key: nextKey, name: '', value: '' }])}
        >
          Add a header
        </Button>
      </Group>
    </Stack>
  );
}
