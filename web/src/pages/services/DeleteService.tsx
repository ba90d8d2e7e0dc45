import { Button, List, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import type { ServiceView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { useIntegrations } from './data.ts';

/**
 * Deleting a service, for admins, after a confirmation that says what else goes: its integrations
 * (their keys stop working), the dependency links of services that depend on it. The API refuses
 * a service that has incidents (they keep their service); the modal shows its 409 as it came.
 */
export function DeleteService({
  service,
  dependentNames,
}: {
  service: ServiceView;
  dependentNames: string[];
}) {
  const [opened, setOpened] = useState(false);
  const integrations = useIntegrations(service.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => api<null>('DELETE', `/services/${encodeURIComponent(service.id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['services'] });
      void navigate('/services');
    },
  });
  const names = integrations.data?.data.map((i) => i.name) ?? [];
  const open = service.status?.open_incidents ?? 0;

  return (
    <>
      <Button variant="default" color="red" onClick={() => setOpened(true)} w="fit-content">
        Delete service
      </Button>
      <ActionModal
        title={`Delete “${service.name}”?`}
        opened={opened}
        onClose={() => setOpened(false)}
        onSubmit={() => remove.mutate()}
        submitLabel="Delete service"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
      >
        <List size="sm" spacing={4}>
          <List.Item>
            {names.length === 0
              ? 'It has no integrations.'
              : `Its ${names.length === 1 ? 'integration' : `${names.length} integrations`} (${names.join(', ')}) ${names.length === 1 ? 'is' : 'are'} deleted: their keys stop accepting alerts at once.`}
          </List.Item>
          {dependentNames.length > 0 && (
            <List.Item>
              {dependentNames.join(', ')} no longer {dependentNames.length === 1 ? 'depends' : 'depend'} on
              it.
            </List.Item>
          )}
          <List.Item>Silences scoped to it end with it.</List.Item>
        </List>
        {open > 0 && (
          <Text size="sm" fw={600}>
            It has {open === 1 ? '1 open incident' : `${open} open incidents`}: a service with incidents
            cannot be deleted.
          </Text>
        )}
      </ActionModal>
    </>
  );
}
