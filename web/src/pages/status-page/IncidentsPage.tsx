import { Button, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { QueryState } from '../../components/QueryState.tsx';
import { usePublicIncidents, useRole } from './data.ts';
import { isClosed } from './model.ts';
import { openFirst, PublicIncidentCard, publicIncidentPath } from './PublicIncidentCard.tsx';
import { PublishModal } from './PublishModal.tsx';
import type { PublicIncidentView } from './views.ts';

/**
 * Public incidents (GET /incidents?kind=incident): the open ones first, then the history. A new
 * one here stands alone; one published from an internal incident starts on that incident's page.
 */
export function PublicIncidentsPage() {
  const incidents = usePublicIncidents('incident');
  const { canRespond } = useRole();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const lists = openFirst(incidents.data?.data ?? [], (i) => isClosed(i.status));
  return (
    <Stack gap="md">
      {canRespond && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => setCreating(true)}>
          New public incident
        </Button>
      )}
      <QueryState query={incidents} what="the public incidents" />
      {incidents.data && (
        <>
          <List title="Open" id="sp-open" items={lists.open} empty="No open public incidents." />
          <List
            title="History"
            id="sp-history"
            items={lists.past}
            empty="No resolved public incidents yet."
          />
        </>
      )}
      {creating && (
        <PublishModal
          onClose={() => setCreating(false)}
          onCreated={(made) => void navigate(publicIncidentPath(made.id))}
        />
      )}
    </Stack>
  );
}

export function List({
  title,
  id,
  items,
  empty,
  extra,
}: {
  title: string;
  id: string;
  items: PublicIncidentView[];
  empty: string;
  extra?: (i: PublicIncidentView) => ReactNode;
}) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {items.length === 0 && <Text size="sm">{empty}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={id}>
        {items.map((i) => (
          <PublicIncidentCard key={i.id} item={i}>
            {extra?.(i)}
          </PublicIncidentCard>
        ))}
      </Stack>
    </Stack>
  );
}
