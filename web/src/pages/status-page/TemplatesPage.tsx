import { Button, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { FormCard } from '../profile/parts.tsx';
import { AdminOnly } from '../settings/AdminOnly.tsx';
import { bindChoice, bindText, Saved } from './bind.tsx';
import { useSpMutation, useTemplates } from './data.ts';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES, PUBLIC_STATUS_LABEL, type PublicStatus } from './model.ts';
import type { StatusTemplateView } from './views.ts';

const STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;
const FIELDS = ['name', 'update_status', 'title', 'body'] as const;

export function TemplatesPage() {
  return (
    <AdminOnly>
      <Templates />
    </AdminOnly>
  );
}

/** Update templates (GET|POST /templates, PATCH|DELETE /templates/:id), for the composer's picker. */
function Templates() {
  const templates = useTemplates();
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap="md" maw={860}>
      <Text c="gray.7">
        The composer fills an update in from a template. In the title and text, {'{{service}}'},{' '}
        {'{{component}}'}, {'{{start_time}}'} and {'{{time}}'} (now, HH:mm UTC) are replaced from the
        incident.
      </Text>
      {adding ? (
        <TemplateForm onDone={() => setAdding(false)} />
      ) : (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => setAdding(true)}>
          New template
        </Button>
      )}
      <QueryState query={templates} what="the templates" />
      {templates.data?.data.map((t) => (
        <TemplateForm key={t.id} template={t} />
      ))}
    </Stack>
  );
}

function TemplateForm({ template, onDone }: { template?: StatusTemplateView; onDone?: () => void }) {
  const [name, setName] = useState(template?.name ?? '');
  const [status, setStatus] = useState<PublicStatus>(template?.update_status ?? 'investigating');
  const [title, setTitle] = useState(template?.title ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [deleting, setDeleting] = useState(false);
  const save = useSpMutation(() => {
    const input = { name, update_status: status, title, body };
    return template === undefined
      ? ['POST', '/templates', input]
      : ['PATCH', `/templates/${encodeURIComponent(template.id)}`, input];
  });
  const remove = useSpMutation(() => ['DELETE', `/templates/${encodeURIComponent(template?.id ?? '')}`]);
  const { byField, other } = fieldErrors(save.error, FIELDS);
  const label = template === undefined ? 'New template' : `Template ${template.name}`;
  return (
    <FormCard
      label={label}
      title={template === undefined ? 'New template' : template.name}
      problemTitle="Could not save the template"
      problem={other}
      submitLabel={template === undefined ? 'Add template' : 'Save template'}
      pending={save.isPending}
      onSubmit={() => save.mutate(undefined, { onSuccess: onDone })}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <TextInput label="Name" withAsterisk {...bindText(name, setName)} error={byField.name} />
        <NativeSelect
          label="For updates with status"
          {...bindChoice(STATUSES, PUBLIC_STATUS_LABEL, status, setStatus)}
          error={byField.update_status}
        />
      </SimpleGrid>
      <TextInput
        label="Incident name"
        description="Optional: proposed as the name of a new public incident"
        {...bindText(title, setTitle)}
        error={byField.title}
      />
      <Textarea
        label="Text"
        withAsterisk
        autosize
        minRows={2}
        {...bindText(body, setBody)}
        error={byField.body}
      />
      <Saved shown={save.isSuccess && template !== undefined} />
      {template === undefined ? (
        <Button variant="default" style={{ alignSelf: 'flex-start' }} onClick={onDone}>
          Cancel
        </Button>
      ) : (
        <Button variant="default" style={{ alignSelf: 'flex-start' }} onClick={() => setDeleting(true)}>
          Delete {template.name}…
        </Button>
      )}
      {deleting && template !== undefined && (
        <ConfirmModal
          title={`Delete the template ${template.name}?`}
          confirm="Delete template"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => setDeleting(false) })}
          onClose={() => setDeleting(false)}
        >
          <Text size="sm">
            The composer no longer offers it. Updates already posted with it stay as they are.
          </Text>
        </ConfirmModal>
      )}
    </FormCard>
  );
}
