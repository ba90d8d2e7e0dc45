import { Checkbox, Paper, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { errorFor, fieldError } from '../../form-errors.ts';
import { when } from '../../format.ts';
import type { MaintenanceWindowView } from '../../types.ts';
import { useServices } from '../AlertsPage.tsx';
import { CreatedNotice } from './CreatedNotice.tsx';
import { PeriodFields, newPeriod, periodBody } from './PeriodFields.tsx';
import { SuppressionPreview } from './SuppressionPreview.tsx';

const FIELDS = ['name', 'description', 'service_ids', 'starts_at', 'duration_minutes', 'ends_at'];

/**
 * A new maintenance window (POST /api/v1/maintenance-windows): every alert of the chosen
 * services is suppressed for the period. The open alerts of those services show below while
 * the services are chosen.
 */
export function WindowForm({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const titleId = useId();
  const services = useServices();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [period, setPeriod] = useState(() => newPeriod());
  const create = useMutation({
    mutationFn: () =>
      api<MaintenanceWindowView>('POST', '/maintenance-windows', {
        name,
        ...(description === '' ? {} : { description }),
        service_ids: serviceIds,
        ...periodBody(period),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const err = fieldError(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  if (create.data)
    return (
      <CreatedNotice title="Maintenance window created" onClose={onClose}>
        Alerts of its services are suppressed from {when(create.data.starts_at)} until{' '}
        {when(create.data.ends_at)}.
      </CreatedNotice>
    );

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={titleId}>
          New maintenance window
        </Title>
        <TextInput
          label="Name"
          withAsterisk
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor(err, 'name')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errorFor(err, 'description')}
        />
        <Checkbox.Group
          label="Services in maintenance"
          withAsterisk
          value={serviceIds}
          onChange={setServiceIds}
          error={errorFor(err, 'service_ids')}
        >
          <Stack gap={6} mt={6}>
            {(services.data?.data ?? []).map((s) => (
              <Checkbox key={s.id} value={s.id} label={s.name} />
            ))}
          </Stack>
        </Checkbox.Group>
        <PeriodFields value={period} onChange={setPeriod} err={err} />
        <SuppressionPreview
          path="/maintenance-windows/preview"
          body={serviceIds.length === 0 ? null : { service_ids: serviceIds }}
          hint="Choose the services to see their open alerts."
        />
        <FormActions
          submit="Create maintenance window"
          pending={create.isPending}
          error={create.error}
          fieldError={err}
          fields={FIELDS}
          what="maintenance window"
          onCancel={onClose}
        />
      </Stack>
    </Paper>
  );
}
