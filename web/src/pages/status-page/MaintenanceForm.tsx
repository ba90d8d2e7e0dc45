import { Checkbox, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { FormActions } from '../../components/FormActions.tsx';
import { fieldError, fieldErrors } from '../../form-errors.ts';
import { useServices } from '../services/data.ts';
import { bindCheck, bindText } from './bind.tsx';
import { useComponents, useSpMutation } from './data.ts';
import { MarkdownPreview } from './MarkdownPreview.tsx';
import { defaultPeriod, fromLocal } from './period.ts';
import { PeriodInputs } from './PeriodInputs.tsx';
import type { PublicIncidentView } from './views.ts';

const FIELDS = [
  'name',
  'scheduled_for',
  'scheduled_until',
  'components',
  'body',
  'auto_transition',
  'silence_alerts',
] as const;

/**
 * A scheduled maintenance (POST /maintenances): its components go under maintenance for the
 * period, and with "silence alerts" the API opens a Tocsin maintenance window on the services
 * linked to them for the same period, so nobody is paged for the planned work.
 */
export function MaintenanceForm({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const components = useComponents();
  const services = useServices();
  const [name, setName] = useState('');
  const [period, setPeriod] = useState(defaultPeriod);
  const [chosen, setChosen] = useState<string[]>([]);
  const [body, setBody] = useState('');
  const [auto, setAuto] = useState(true);
  const [silence, setSilence] = useState(true);
  const create = useSpMutation<void, PublicIncidentView>(() => [
    'POST',
    '/maintenances',
    {
      name,
      scheduled_for: fromLocal(period.from),
      scheduled_until: fromLocal(period.until),
      components: chosen,
      body,
      auto_transition: auto,
      silence_alerts: silence,
    },
  ]);
  const { byField } = fieldErrors(create.error, FIELDS);
  const linked = (components.data?.data ?? []).filter((c) => chosen.includes(c.id) && c.service_id !== null);
  const serviceNames = [
    ...new Set(linked.map((c) => services.data?.data.find((s) => s.id === c.service_id)?.name ?? c.name)),
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, { onSuccess: onClose });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <Stack gap="sm">
        <Title order={2} size="h3" id={titleId}>
          Schedule maintenance
        </Title>
        <TextInput
          label="Name"
          description="As the public sees it"
          withAsterisk
          {...bindText(name, setName)}
          error={byField.name}
        />
        <PeriodInputs from={period.from} until={period.until} onChange={setPeriod} errors={byField} />
        <Checkbox.Group
          label="Components under maintenance"
          withAsterisk
          value={chosen}
          onChange={setChosen}
          error={byField.components}
        >
          <Stack gap={6} mt={6}>
            {(components.data?.data ?? []).map((c) => (
              <Checkbox key={c.id} value={c.id} label={c.name} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Textarea
          label="Announcement"
          description="Markdown, shown on the public page"
          withAsterisk
          autosize
          minRows={3}
          {...bindText(body, setBody)}
          error={byField.body}
        />
        <MarkdownPreview body={body} label="Public preview" />
        <Checkbox
          label="Start and complete it on time by itself"
          {...bindCheck(auto, setAuto)}
          error={byField.auto_transition}
        />
        <Checkbox
          label="Silence alerts for these services"
          description={
            serviceNames.length === 0
              ? 'None of the chosen components is linked to a service'
              : `A maintenance window for the same period on ${serviceNames.join(', ')}`
          }
          {...bindCheck(silence, setSilence)}
          error={byField.silence_alerts}
        />
        <Text size="xs" c="gray.7">
          Times are in your browser&apos;s time zone.
        </Text>
        <FormActions
          submit="Schedule maintenance"
          pending={create.isPending}
          error={create.error}
          fieldError={fieldError(create.error)}
          fields={FIELDS}
          what="maintenance"
          verb="schedule"
          onCancel={onClose}
        />
      </Stack>
    </Paper>
  );
}
