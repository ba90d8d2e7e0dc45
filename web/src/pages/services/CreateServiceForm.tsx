import { NativeSelect, Paper, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { errorFor, fieldError } from '../../form-errors.ts';
import type { ServiceView } from '../../types.ts';
import { usePolicyList, useTeamList } from './data.ts';

const FIELDS = ['name', 'description', 'team_id', 'escalation_policy_id'];

/** POST /api/v1/services with its owner and policy; the rest is set on the service's page. */
export function CreateServiceForm({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const teams = useTeamList();
  const policies = usePolicyList();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [teamId, setTeamId] = useState('');
  const [policyId, setPolicyId] = useState('');

  const create = useMutation({
    mutationFn: () =>
      api<ServiceView>('POST', '/services', {
        name,
        description,
        team_id: teamId || teams.data?.data[0]?.id || '',
        escalation_policy_id: policyId === '' ? null : policyId,
      }),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void navigate(`/services/${s.id}`);
    },
  });
  const err = fieldError(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={titleId}>
          New service
        </Title>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor(err, 'name')}
        />
        <Textarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errorFor(err, 'description')}
          autosize
          minRows={2}
        />
        <NativeSelect
          label="Owning team"
          value={teamId || teams.data?.data[0]?.id || ''}
          onChange={(e) => setTeamId(e.currentTarget.value)}
          data={teams.data?.data.map((t) => ({ value: t.id, label: t.name })) ?? []}
          error={errorFor(err, 'team_id')}
        />
        <NativeSelect
          label="Escalation policy"
          value={policyId}
          onChange={(e) => setPolicyId(e.currentTarget.value)}
          data={[
            { value: '', label: 'None (pages nobody)' },
            ...(policies.data?.data.map((p) => ({ value: p.id, label: p.name })) ?? []),
          ]}
          error={errorFor(err, 'escalation_policy_id')}
        />
        <FormActions
          submit="Create service"
          pending={create.isPending}
          error={create.error}
          fieldError={err}
          fields={FIELDS}
          what="service"
          onCancel={onClose}
        />
      </Stack>
    </Paper>
  );
}
