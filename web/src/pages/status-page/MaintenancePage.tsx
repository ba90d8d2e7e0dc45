import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { usePublicIncidents, useRole } from './data.ts';
import { List } from './IncidentsPage.tsx';
import { MaintenanceActions } from './MaintenanceActions.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';
import { isClosed } from './model.ts';
import { openFirst } from './PublicIncidentCard.tsx';

/**
 * Scheduled maintenance (GET /incidents?kind=maintenance): what is coming or under way, then
 * what is done. Each opens like a public incident, for its updates.
 */
export function StatusMaintenancePage() {
  const items = usePublicIncidents('maintenance');
  const { canRespond } = useRole();
  const [creating, setCreating] = useState(false);
  const lists = openFirst(items.data?.data ?? [], (i) => isClosed(i.status));
  return (
    <Stack gap="md">
      <Text c="gray.7">
        Planned work, announced on the public page. Its components show under maintenance while it runs.
      </Text>
      {canRespond && !creating && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => setCreating(true)}>
          Schedule maintenance
        </Button>
      )}
      {creating && <MaintenanceForm onClose={() => setCreating(false)} />}
      <QueryState query={items} what="the maintenance" />
      {items.data && (
        <>
          <List
            title="Upcoming and in progress"
            id="sp-maint-open"
            items={lists.open}
            empty="No maintenance scheduled."
            extra={canRespond ? (i) => <MaintenanceActions item={i} /> : undefined}
          />
          <List
            title="Completed"
            id="sp-maint-past"
            items={lists.past}
            empty="No completed maintenance yet."
          />
        </>
      )}
    </Stack>
  );
}
