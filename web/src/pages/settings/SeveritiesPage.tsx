import { Checkbox, NativeSelect, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import type { SeverityView } from '../../types.ts';
import { useList } from '../incident/data.ts';
import { FormCard } from '../profile/parts.tsx';
import { AdminOnly } from './AdminOnly.tsx';

export function SeveritiesPage() {
  return (
    <AdminOnly>
      <Severities />
    </AdminOnly>
  );
}

/**
 * Each severity's response hours and targets, update cadence and postmortem rule
 * (PATCH /api/v1/severities/:name).
 */
function Severities() {
  // The same cached list the incident page's severity picker reads, so a save shows there too.
  const severities = useList<SeverityView>('severities', '/severities');
  return (
    <Stack maw={960}>
      <Title order={1}>Severities</Title>
      <Text c="gray.7">
        How fast each severity is answered, how often its incidents need a status update, and whether they
        need a postmortem before they close.
      </Text>
      <QueryState query={severities} what="the severities" />
      {severities.data?.data.map((s) => (
        <SeverityForm key={s.name} severity={s} />
      ))}
    </Stack>
  );
}

const FIELDS = [
  'response_hours',
  'response_target_minutes',
  'status_page_minutes',
  'update_cadence_minutes',
  'public_update_minutes',
  'postmortem_required',
] as const;
type ResponseHours = SeverityView['response_hours'];
const HOURS: { value: ResponseHours; label: string }[] = [
  { value: '24x7', label: 'Around the clock: pages' },
  { value: 'business_hours', label: 'Business hours' },
  { value: 'next_sprint', label: 'Next sprint' },
];
/** An empty box is "none" (null) for the API; the API judges the rest and answers on the field. */
const minutes = (v: string | number) => (v === '' ? null : Number(v));

function SeverityForm({ severity }: { severity: SeverityView }) {
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<ResponseHours>(severity.response_hours);
  const [target, setTarget] = useState<string | number>(severity.response_target_minutes ?? '');
  const [statusPage, setStatusPage] = useState<string | number>(severity.status_page_minutes ?? '');
  const [cadence, setCadence] = useState<string | number>(severity.update_cadence_minutes ?? '');
  const [publicCadence, setPublicCadence] = useState<string | number>(severity.public_update_minutes ?? '');
  const [postmortem, setPostmortem] = useState(severity.postmortem_required);
  const save = useMutation({
    mutationFn: () =>
      api<SeverityView>('PATCH', `/severities/${encodeURIComponent(severity.name)}`, {
        response_hours: hours,
        response_target_minutes: minutes(target),
        status_page_minutes: minutes(statusPage),
        update_cadence_minutes: minutes(cadence),
        public_update_minutes: minutes(publicCadence),
        postmortem_required: postmortem,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reference', 'severities'] }),
  });
  const { byField, other } = fieldErrors(save.error, FIELDS);
  return (
    <FormCard
      label={`Severity ${severity.name}`}
      title={`${severity.name}: ${severity.description}`}
      problemTitle={`Could not save ${severity.name}`}
      problem={other}
      submitLabel={`Save ${severity.name}`}
      pending={save.isPending}
      onSubmit={() => save.mutate()}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <NativeSelect
          label="Responders act"
          data={HOURS}
          value={hours}
          error={byField.response_hours}
          onChange={(e) => setHours(HOURS.find((h) => h.value === e.currentTarget.value)?.value ?? hours)}
        />
        <NumberInput
          label="Response target (minutes)"
          description="Empty: no target"
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          value={target}
          error={byField.response_target_minutes}
          onChange={setTarget}
        />
        <NumberInput
          label="Status page updated within (minutes)"
          description="Empty: no target"
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          value={statusPage}
          error={byField.status_page_minutes}
          onChange={setStatusPage}
        />
        <NumberInput
          label="Status update every (minutes)"
          description="Empty: no updates expected"
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          value={cadence}
          error={byField.update_cadence_minutes}
          onChange={setCadence}
        />
        <NumberInput
          label="Public update every (minutes)"
          description="Empty: no public updates expected"
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          value={publicCadence}
          error={byField.public_update_minutes}
          onChange={setPublicCadence}
        />
      </SimpleGrid>
      <Checkbox
        label="Postmortem required before closing"
        checked={postmortem}
        error={byField.postmortem_required}
        onChange={(e) => setPostmortem(e.currentTarget.checked)}
      />
      {save.isSuccess && (
        <Text role="status" size="sm">
          Saved.
        </Text>
      )}
    </FormCard>
  );
}
