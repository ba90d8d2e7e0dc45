import { Button, Group, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { bindText } from './bind.tsx';
import { useSpMutation } from './data.ts';
import { fromLocal, toLocal } from './period.ts';
import { PeriodInputs } from './PeriodInputs.tsx';
import type { PublicIncidentView } from './views.ts';

/** What may be done to a maintenance that is not over: move it, or complete it now. */
export function MaintenanceActions({ item }: { item: PublicIncidentView }) {
  const [open, setOpen] = useState<'reschedule' | 'complete' | null>(null);
  const close = () => setOpen(null);
  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="default"
        onClick={() => setOpen('reschedule')}
        aria-label={`Reschedule ${item.name}`}
      >
        Reschedule
      </Button>
      {item.status !== 'scheduled' && (
        <Button
          size="xs"
          variant="default"
          onClick={() => setOpen('complete')}
          aria-label={`Complete ${item.name} early`}
        >
          Complete early
        </Button>
      )}
      {open === 'reschedule' && <Reschedule item={item} onClose={close} />}
      {open === 'complete' && <CompleteEarly item={item} onClose={close} />}
    </Group>
  );
}

const PERIOD = ['scheduled_for', 'scheduled_until'] as const;

/** PATCH /maintenances/:id: the API moves its maintenance window with it. */
function Reschedule({ item, onClose }: { item: PublicIncidentView; onClose: () => void }) {
  const [period, setPeriod] = useState({
    from: toLocal(item.scheduled_for),
    until: toLocal(item.scheduled_until),
  });
  const save = useSpMutation(() => [
    'PATCH',
    `/maintenances/${encodeURIComponent(item.id)}`,
    { scheduled_for: fromLocal(period.from), scheduled_until: fromLocal(period.until) },
  ]);
  const { byField, other } = fieldErrors(save.error, PERIOD);
  return (
    <ActionModal
      opened
      title={`Reschedule ${item.name}`}
      submitLabel="Reschedule"
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      pending={save.isPending}
      error={other}
    >
      <PeriodInputs from={period.from} until={period.until} onChange={setPeriod} errors={byField} />
      {item.maintenance_window_id !== null && (
        <Text size="sm">Its alerts stay silenced for the new period: the maintenance window moves too.</Text>
      )}
    </ActionModal>
  );
}

/** A `completed` update now: the components go back and the maintenance window ends. */
function CompleteEarly({ item, onClose }: { item: PublicIncidentView; onClose: () => void }) {
  const [body, setBody] = useState('The scheduled maintenance has been completed.');
  const complete = useSpMutation(() => [
    'POST',
    `/incidents/${encodeURIComponent(item.id)}/updates`,
    { status: 'completed', body },
  ]);
  const { byField } = fieldErrors(complete.error, ['body'], 'body');
  return (
    <ConfirmModal
      title={`Complete ${item.name} now?`}
      confirm="Complete maintenance"
      pending={complete.isPending}
      error={byField.body === undefined ? complete.error : null}
      onConfirm={() => complete.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      <Text size="sm">
        {item.components.length === 0
          ? 'It has no components.'
          : `${item.components.map((c) => c.name).join(', ')} leave maintenance now.`}
        {item.maintenance_window_id !== null && ' Their alerts page again: the maintenance window ends.'}
      </Text>
      <Textarea
        label="Public update"
        autosize
        minRows={2}
        {...bindText(body, setBody)}
        error={byField.body}
      />
    </ConfirmModal>
  );
}
